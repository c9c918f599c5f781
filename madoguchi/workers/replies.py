"""The reply to a resolved case: its template, its text and its stable Message-ID."""

from __future__ import annotations

import hashlib

from madoguchi.domain.cases import Case
from madoguchi.domain.errors import PermanentError
from madoguchi.domain.mail import Reply
from madoguchi.domain.outcomes import NeedsHuman, Resolved
from madoguchi.domain.understanding import Triage
from madoguchi.tasks.reply import build_reply, render
from madoguchi.triage import loop_header
from madoguchi.workers.runtime import Runtime


def reply_message_id(case: Case, domain: str) -> str:
    """The same inbound mail always gets the same reply Message-ID (F10).

    It follows from the inbound Message-ID and content hash, not from the mailbox
    location, which changes when a server resets UIDVALIDITY (F9).
    """
    seed = f"{case.message_id}\0{case.content_hash}".encode()
    return f"<{hashlib.sha256(seed).hexdigest()[:32]}.reply@{domain}>"


def compose(
    rt: Runtime, case: Case, triage: Triage, routine: str, outcome: Resolved
) -> Reply | None:
    """The reply in the customer's language, or None when no template is approved."""
    language = triage.message.language.value
    rulebook = rt.rulebook()
    source = rulebook.template(routine, outcome.outcome, language)
    if source is None:
        return None
    text = render(source, {**outcome.facts, **rulebook.template_globals(language)})
    message_id = reply_message_id(case, rt.settings.message_id_domain)
    reply = build_reply(
        triage.message,
        text=text,
        sender=rt.settings.reply_from,
        message_id=message_id,
        informational=not outcome.account_action,
    )
    if rt.ours is None:
        return reply
    name, value = loop_header(rt.ours.loop_secret, message_id)  # B4: we know it if it returns
    return reply.model_copy(update={"headers": {**reply.headers, name: value}})


def draft(rt: Runtime, triage: Triage, routine: str, needs: NeedsHuman) -> str | None:
    """A draft reply for the agent, when the routine names a template for one."""
    if needs.draft is None:
        return None
    language = triage.message.language.value
    rulebook = rt.rulebook()
    source = rulebook.template(routine, needs.draft, language)
    if source is None:
        return None
    try:
        return render(source, {**needs.facts, **rulebook.template_globals(language)})
    except PermanentError:
        return None  # a draft is a help for the agent, never a reason to fail the case
