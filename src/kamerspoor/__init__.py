"""kamerspoor: follow the trail of the Tweede Kamer's motions through the cabinet's answers.

    import kamerspoor
    record = kamerspoor.analyze_path("kst-35207-32.pdf.txt")   # a kamerspoor.record.Record
    record.motions[0].stance                                    # typed fields
    record.to_dict()                                            # the JSON object of the contract
    kamerspoor.from_json(text)                                  # a record as JSON, checked
"""

from kamerspoor.pipeline import analyze_bytes, analyze_path, analyze_text
from kamerspoor.record import Record, RecordError, from_json

__all__ = ["Record", "RecordError", "analyze_bytes", "analyze_path", "analyze_text", "from_json"]
__version__ = "0.1.0"
