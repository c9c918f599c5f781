"""Triage: raw mail bytes to an understood message (parse, guards, language, intent, entities).

Pure functions over bytes; nothing here does I/O. The entry points:

- ``identify(raw)``: the cheap identity of a mail (Message-ID, content hash) for intake;
- ``parse_message(raw, authserv_id=...)``: the typed ``Message``;
- ``understand(raw, authserv_id=...)``: the whole ``Triage``.
"""

from madoguchi.triage.classify import classify
from madoguchi.triage.entities import extract_entities
from madoguchi.triage.guards import detect_automated
from madoguchi.triage.identity import Identity, identify
from madoguchi.triage.parse import parse_message
from madoguchi.triage.pipeline import understand
from madoguchi.triage.signals import find_signals

__all__ = [
    "Identity",
    "classify",
    "detect_automated",
    "extract_entities",
    "find_signals",
    "identify",
    "parse_message",
    "understand",
]
