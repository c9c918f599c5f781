"""Triage: raw mail bytes to an understood message (parse, guards, language, intent, entities).

Pure functions over bytes; nothing here does I/O. The entry points:

- ``identify(raw)``: the cheap identity of a mail (Message-ID, content hash) for intake;
- ``parse_message(raw, authserv_id=..., ours=...)``: the typed ``Message``;
- ``understand(raw, authserv_id=..., ours=...)``: the whole ``Triage``;
- ``loop_header(secret, message_id)``: the header every reply carries, so that our own
  mail coming back is recognised (``ours``: ``OurIdentity``).
"""

from madoguchi.triage.classify import classify
from madoguchi.triage.deadline import TIME_LIMIT
from madoguchi.triage.entities import extract_entities
from madoguchi.triage.guards import detect_automated
from madoguchi.triage.identity import Identity, identify
from madoguchi.triage.loop import LOOP_HEADER, loop_header, verify_loop_header
from madoguchi.triage.parse import ParsedMail, parse_mail, parse_message
from madoguchi.triage.pipeline import understand
from madoguchi.triage.signals import find_signals

__all__ = [
    "LOOP_HEADER",
    "TIME_LIMIT",
    "Identity",
    "ParsedMail",
    "classify",
    "detect_automated",
    "extract_entities",
    "find_signals",
    "identify",
    "loop_header",
    "parse_mail",
    "parse_message",
    "understand",
    "verify_loop_header",
]
