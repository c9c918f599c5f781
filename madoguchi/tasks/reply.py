"""A reply to a customer: its text rendered from an operator's template, threaded to the mail.

Templates are written by the operations team, so they run in Jinja2's sandbox, and a
missing value is an error (``StrictUndefined``), never an empty space in a sentence a
customer reads; money and times are written by the filters of ``formats``. Replies go
to the From address only (never Reply-To, which anyone can set) and say they are
automatic, so that well-behaved robots do not answer them. Before each send, the text
goes through the reply firewall (``screen_reply``): a reply with a link outside the
allow-list, an unlisted phone number or a request for a secret is held for a human.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from madoguchi.domain.errors import PermanentError
from madoguchi.domain.mail import Language, Message, Reply
from madoguchi.tasks.firewall import ReplyPolicy, check_reply
from madoguchi.tasks.formats import FILTERS

MAX_REFERENCES = 10
AUTOMATIC_HEADERS = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
# "Re:", "RE :", "Re[2]:", "Re：" (full-width colon), "Ｒｅ：", repeated: one "Re: " is kept.
_REPLY_PREFIX = re.compile(
    r"^(?:\s*(?:re|ｒｅ)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+", re.IGNORECASE
)
_WHITESPACE = re.compile(r"\s+")
_NO_SUBJECT = {Language.JA: "お問い合わせ", Language.EN: "Your message"}

_ENVIRONMENT = SandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
)
_ENVIRONMENT.filters.update(FILTERS)


class ReplyError(PermanentError):
    """A reply cannot be made; the case needs a human."""


class TemplateError(ReplyError):
    """A template cannot be compiled or rendered with the facts given."""


class UnsafeReply(ReplyError):
    """The reply firewall refused a reply; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("the reply firewall refused the reply: " + "; ".join(problems))


def screen_reply(text: str, policy: ReplyPolicy) -> str:
    """``text`` unchanged when the reply firewall finds nothing; else raises ``UnsafeReply``."""
    problems = check_reply(text, policy)
    if problems:
        raise UnsafeReply(problems)
    return text


def render(template_source: str, facts: Mapping[str, Any]) -> str:
    """``template_source`` rendered with ``facts``; raises ``TemplateError`` on any failure."""
    try:
        return _compiled(template_source).render(**facts)
    except Exception as exc:
        # Sandbox violations, undefined values and errors raised inside filters alike
        # mean this reply cannot be trusted.
        raise TemplateError(f"reply template failed: {type(exc).__name__}: {exc}") from exc


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    return _ENVIRONMENT.from_string(source)


def build_reply(
    message: Message, *, text: str, sender: str, message_id: str, informational: bool
) -> Reply:
    """The reply to ``message`` with body ``text``, from ``sender``, as ``message_id``.

    Raises ``ReplyError`` when the message has no sender address to answer.
    """
    if not message.sender:
        raise ReplyError("the message has no sender address to reply to")
    return Reply(
        message_id=message_id,
        sender=sender,
        to=message.sender,
        subject=reply_subject(message.subject, message.language),
        text=text,
        language=message.language,
        in_reply_to=message.message_id,
        references=references(message),
        headers=dict(AUTOMATIC_HEADERS),
        informational=informational,
    )


def reply_subject(subject: str, language: Language) -> str:
    """``Re: <subject>`` with one "Re:" however many the subject had, on one line."""
    original = _REPLY_PREFIX.sub("", _WHITESPACE.sub(" ", subject).strip())
    return f"Re: {original or _NO_SUBJECT.get(language, _NO_SUBJECT[Language.EN])}"


def references(message: Message) -> tuple[str, ...]:
    """The thread so far plus ``message``: its first and its last few Message-IDs.

    RFC 5322: the parent's References (or, without them, its In-Reply-To), then the
    parent's own Message-ID. The thread root is kept so that clients still group the
    thread when the middle is dropped.
    """
    parents = message.references or ((message.in_reply_to,) if message.in_reply_to else ())
    thread = tuple(dict.fromkeys((*parents, message.message_id)))
    if len(thread) <= MAX_REFERENCES:
        return thread
    return (thread[0], *thread[-(MAX_REFERENCES - 1) :])
