"""kamerspoor: follow the trail of the Tweede Kamer's motions through the cabinet's answers."""

from kamerspoor.pipeline import analyze_bytes, analyze_path, analyze_text

__all__ = ["analyze_path", "analyze_bytes", "analyze_text"]
__version__ = "0.1.0"
