"""Where the shared corpus of real-world mail is: ``MADOGUCHI_CORPUS``, or a ``shared/``
folder beside the checkout (or above it), or the workplace's ``/work/shared``."""

from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]


def corpus_root() -> Path:
    """The corpus folder (holding INDEX.tsv); may not exist: callers check."""
    if "MADOGUCHI_CORPUS" in os.environ:
        return Path(os.environ["MADOGUCHI_CORPUS"])
    candidates = [p / "shared" / "corpus" / "emails" for p in _ROOT.parents]
    candidates.append(Path("/work/shared/corpus/emails"))
    return next((c for c in candidates if (c / "INDEX.tsv").is_file()), candidates[0])


CORPUS = corpus_root()
