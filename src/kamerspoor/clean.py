"""Stage 2, clean: PDF artefacts out of the text. (placeholder, being written)"""

from __future__ import annotations

import re

from kamerspoor.model import Cleaned, RawDocument


def clean(raw: RawDocument) -> Cleaned:
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", raw.text)]
    return Cleaned(text="\n\n".join(p for p in paras if p), footnotes=list(raw.footnotes))
