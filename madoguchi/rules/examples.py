"""A rulebook's own tests: example mails under ``tests/*.yaml``, each with the decision it
should get.

Each file is a list of examples::

    - name: a clear KYC question from an authenticated customer runs kyc_status
      mail:                      # or: eml: mails/kyc.eml (relative to this file)
        from: taro@example.jp
        subject: 本人確認の状況
        body: 本人確認の審査はまだですか？
        authenticated: true      # DMARC pass at our MTA (the default)
      now: 2026-11-30T10:00:00+09:00   # optional: the moment the rules see
      expect: {action: routine, routine: kyc_status, rule: routine_requests}

``load_examples`` reads them, reporting each problem as ``file:line:column: message``;
``example_problems`` checks their expectations against a loaded rulebook (a routine,
queue or rule it does not have). Running them needs triage, which lives elsewhere:
``madoguchi rules test`` does that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

from madoguchi.rules.errors import Problem
from madoguchi.rules.rule_check import ROUTINE_NAMES
from madoguchi.rules.schema import PRIORITY_ORDER, Rulebook
from madoguchi.rules.source import (
    Position,
    duplicate_keys,
    position,
    read_yaml,
    validation_problem,
    yaml_problem,
)

TESTS_DIR = "tests"
# The decisions the engine makes by itself, besides the rules' own ids.
BUILTIN_RULES = frozenset(
    f"default.{check}"
    for check in (
        "automated", "signal", "no_rule", "sender", "language", "intent", "routine",
        "authentication", "confidence",
    )
)  # fmt: skip
# The Date of a mail that names none, so that its entities never depend on the day.
DEFAULT_DATE = datetime.fromisoformat("2026-11-30T10:00:00+09:00")

Text = Annotated[StrictStr, Field(min_length=1)]


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ExampleMail(_Spec):
    """A mail written out in the test: headers, body and whether DMARC passed."""

    sender: StrictStr | None = Field(default=None, alias="from")
    to: Text = "support@exchange.example"
    subject: StrictStr = ""
    body: StrictStr = ""
    date: datetime | None = None
    authenticated: StrictBool = True
    headers: dict[StrictStr, StrictStr] = Field(default_factory=dict)


class Expectation(_Spec):
    """The decision expected; only the keys given are compared (``reason``: a part of it)."""

    action: Literal["routine", "escalate", "ignore"]
    routine: StrictStr | None = None
    queue: StrictStr | None = None
    priority: StrictStr | None = None
    rule: StrictStr | None = None
    reason: StrictStr | None = None


class ExampleSpec(_Spec):
    name: Text
    mail: ExampleMail | None = None
    eml: Text | None = None
    authserv_id: Text | None = None
    now: datetime | None = None
    expect: Expectation


@dataclass(frozen=True, slots=True)
class Example:
    """One loaded example: where it is written, what it says, the .eml bytes if named."""

    file: str
    line: int
    spec: ExampleSpec
    eml: bytes | None = None
    # Where each key of ``expect`` is written, for problems with the expectation.
    expect_at: tuple[tuple[str, Position], ...] = ()

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def raw(self, authserv_id: str) -> bytes:
        """The mail's bytes; a written-out mail gets our MTA's (``authserv_id``)
        Authentication-Results, passing DMARC for its From domain when authenticated."""
        if self.eml is not None:
            return self.eml
        assert self.spec.mail is not None  # loading required one of the two
        return build_mail(self.spec.mail, authserv_id, self.spec.name)

    def moment(self) -> datetime | None:
        """The time the rules see: ``now``, else the mail's date (None: the present)."""
        mail_date = self.spec.mail.date if self.spec.mail else None
        return self.spec.now or mail_date


def build_mail(mail: ExampleMail, authserv_id: str, name: str) -> bytes:
    """An RFC 5322 message for ``mail``, with a Message-ID derived from ``name``."""
    message = EmailMessage()
    domain = (mail.sender or "").rpartition("@")[2]
    verdict = "pass" if mail.authenticated else "fail"
    message["Authentication-Results"] = f"{authserv_id}; dmarc={verdict} header.from={domain}"
    if mail.sender:
        message["From"] = mail.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.date or DEFAULT_DATE)
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    message["Message-ID"] = f"<{digest}@rulebook-test.invalid>"
    for header, value in mail.headers.items():
        message[header] = value
    message.set_content(mail.body or "\n")
    return message.as_bytes(policy=SMTP)


def load_examples(folder: Path) -> tuple[tuple[Example, ...], list[Problem]]:
    """Every example under ``folder/tests/*.yaml``, and every problem found reading them."""
    examples: list[Example] = []
    problems: list[Problem] = []
    for file in sorted((folder / TESTS_DIR).glob("*.yaml")):
        found, wrong = _read_file(file)
        examples += found
        problems += wrong
    return tuple(examples), problems


def _read_file(file: Path) -> tuple[list[Example], list[Problem]]:
    def problem(where: Position, message: str) -> Problem:
        return Problem(str(file), where.line, where.column, message)

    try:
        source = read_yaml(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        return [], [problem(Position(1, 1), f"not UTF-8 text ({exc.reason})")]
    except yaml.YAMLError as exc:
        return [], [problem(*yaml_problem(exc))]
    duplicates = duplicate_keys(source.root)
    problems = [problem(where, f"duplicate key {key!r}") for where, key in duplicates]
    if not isinstance(source.data, list):
        message = "a test file is a list of examples (- name: ..., mail: ..., expect: ...)"
        return [], [*problems, problem(Position(1, 1), message)]
    examples = []
    for index, item in enumerate(source.data):
        try:
            spec = ExampleSpec.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors():
                loc = (index, *error["loc"])
                found = validation_problem(source.root, loc, error["type"], error["msg"])
                problems.append(problem(*found))
            continue
        at = position(source.root, (index,))
        expect_at = tuple(
            (key, position(source.root, (index, "expect", key), at_key=True))
            for key in Expectation.model_fields
        )
        example, wrong = _example(file, at, spec, expect_at)
        problems += [problem(position(source.root, (index, *loc)), msg) for loc, msg in wrong]
        if example is not None:
            examples.append(example)
    return examples, problems


def _example(
    file: Path, at: Position, spec: ExampleSpec, expect_at: tuple[tuple[str, Position], ...]
) -> tuple[Example | None, list[tuple[tuple[str | int, ...], str]]]:
    if (spec.mail is None) == (spec.eml is None):
        return None, [((), f"example {spec.name!r} needs either mail: or eml:, not both")]
    eml = None
    if spec.eml is not None:
        path = file.parent / spec.eml
        if not path.is_file():
            return None, [(("eml",), f"no such file {path}")]
        eml = path.read_bytes()
    return Example(str(file), at.line, spec, eml, expect_at), []


def example_problems(examples: tuple[Example, ...], rulebook: Rulebook) -> list[Problem]:
    """Expectations that name a routine, queue, priority or rule ``rulebook`` lacks, and
    examples whose names repeat."""
    rules = {rule.id for rule in rulebook.rules} | BUILTIN_RULES
    problems = []
    seen: set[str] = set()
    for example in examples:
        places = dict(example.expect_at)
        for key, message in _expectation_problems(example.spec.expect, rulebook, rules):
            where = places.get(key, Position(example.line, 1))
            problems.append(Problem(example.file, where.line, where.column, message))
        if example.spec.name in seen:
            message = f"another example is named {example.spec.name!r}"
            problems.append(Problem(example.file, example.line, 1, message))
        seen.add(example.spec.name)
    return problems


def _expectation_problems(
    expect: Expectation, rulebook: Rulebook, rules: set[str]
) -> list[tuple[str, str]]:
    """(key of ``expect``, message) for each name the rulebook does not have."""
    problems = []
    if expect.routine is not None and expect.routine not in ROUTINE_NAMES:
        problems.append(("routine", f"expect.routine: unknown routine {expect.routine!r}"))
    if expect.routine is not None and expect.action != "routine":
        problems.append(("routine", "expect.routine: only a routine action runs a routine"))
    if expect.queue is not None and expect.queue not in rulebook.escalation.queues:
        problems.append(("queue", f"expect.queue: unknown queue {expect.queue!r}"))
    if expect.priority is not None and expect.priority not in PRIORITY_ORDER:
        problems.append(("priority", f"expect.priority: unknown priority {expect.priority!r}"))
    if expect.rule is not None and expect.rule not in rules:
        problems.append(("rule", f"expect.rule: no rule {expect.rule!r} in this rulebook"))
    return problems
