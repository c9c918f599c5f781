"""The evaluation set: mails with the answer and the entities triage should give.

``data/<language>.yaml`` holds ``language`` (the file's default), ``sent`` (the Date
of every mail: relative dates resolve against it) and ``mails``, each with
``subject``, ``body``, ``expect`` (a routine intent, ``other``, or the name of the
signal a human must see), ``entities`` (by kind; a kind not listed must not be
found) and, when it differs from the file's, ``language``. Each mail is known by
``<file>:<line>``.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from madoguchi.triage.labels import ANSWERS
from madoguchi.triage.signals import EXPEDITE_REQUEST, HIDDEN_TEXT, ROBOT_INSTRUCTION

DATA = Path(__file__).parent / "data"
# The entity kinds the set states; ``transaction_kind`` is left to the routines' tests.
ENTITY_KINDS = (
    "withdrawal_id", "transaction_id", "customer_id", "tx_hash", "asset", "network",
    "amount", "date",
)  # fmt: skip
# Everything ``expect`` may name: the model's answers and the keyword detectors' signals.
EXPECTED = (*ANSWERS, EXPEDITE_REQUEST, ROBOT_INSTRUCTION, HIDDEN_TEXT)
AUTHSERV_ID = "mx.evaluation.invalid"
SENDER = "customer@example.com"
LanguageCode = Literal["ja", "en", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvalMail(_Strict):
    """One mail of the set, and what triage should make of it."""

    subject: str = ""
    body: str
    expect: str
    entities: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    language: LanguageCode | None = None

    @field_validator("expect")
    @classmethod
    def _known_answer(cls, value: str) -> str:
        if value not in EXPECTED:
            raise ValueError(f"unknown answer {value!r} (expected one of {', '.join(EXPECTED)})")
        return value

    @field_validator("entities")
    @classmethod
    def _known_kinds(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = sorted(set(value) - set(ENTITY_KINDS))
        if unknown:
            raise ValueError(f"unknown entity kinds {unknown} (expected {ENTITY_KINDS})")
        return value


class EvalFile(_Strict):
    language: LanguageCode
    sent: datetime
    mails: tuple[EvalMail, ...]


class Case(_Strict):
    """A mail of the set with where it was written, its language and when it was sent."""

    where: str
    mail: EvalMail
    language: LanguageCode
    sent: datetime

    @property
    def expected_entities(self) -> dict[str, frozenset[str]]:
        return {kind: frozenset(self.mail.entities.get(kind, ())) for kind in ENTITY_KINDS}


def load_cases(folder: Path = DATA) -> list[Case]:
    """Every mail of every ``*.yaml`` file in ``folder``, in file and then mail order."""
    cases: list[Case] = []
    for file in sorted(folder.glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        spec = EvalFile.model_validate(yaml.safe_load(text))
        lines = _mail_lines(text)
        for mail, line in zip(spec.mails, lines, strict=True):
            language = mail.language or spec.language
            where = f"{file.name}:{line}"
            cases.append(Case(where=where, mail=mail, language=language, sent=spec.sent))
    return cases


def _mail_lines(text: str) -> list[int]:
    """The line (from 1) where each mail of the file starts."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)
    mails = next(value for key, value in root.value if key.value == "mails")
    return [item.start_mark.line + 1 for item in mails.value]


def raw_mail(case: Case, number: int) -> bytes:
    """The case as our MTA would hand it over: DMARC passed for the sender, UTF-8 text."""
    message = EmailMessage()
    message["Authentication-Results"] = (
        f"{AUTHSERV_ID}; dmarc=pass header.from={SENDER.split('@')[1]}"
    )
    message["From"] = f"Customer <{SENDER}>"
    message["To"] = "support@exchange.example"
    message["Subject"] = case.mail.subject
    message["Date"] = format_datetime(case.sent)
    message["Message-ID"] = f"<eval-{number}@example.com>"
    message.set_content(case.mail.body)
    return message.as_bytes()
