"""Real mail survives a round trip through each mailbox: delivered, then fetched, bytes intact.

The first 50 messages of the sisimai set (LF line ends) plus its CRLF (``dos``) and
CR-only (``mac``) samples. A Maildir hands back every byte as delivered. Dovecot stores
lines with LF and serves them with CRLF, so every bare LF and every bare CR comes back
as CRLF and nothing else changes: the comparison applies exactly that rewrite.
"""

from __future__ import annotations

from madoguchi.domain.mail import Folder
from tests.connectors.mailbox.harness import Harness
from tests.support.corpus import CORPUS
from tests.support.services import unavailable

SISIMAI = CORPUS / "sisimai-set-of-emails"


def corpus() -> list[bytes]:
    if not SISIMAI.is_dir():
        unavailable(f"the mail corpus is not at {SISIMAI}")
    first = sorted(SISIMAI.rglob("*.eml"))[:50]
    line_end_samples = sorted((SISIMAI / "maildir/dos").glob("*.eml")) + sorted(
        (SISIMAI / "maildir/mac").glob("*.eml")
    )
    return [path.read_bytes() for path in first + line_end_samples]


def test_corpus_mail_round_trips_through_delivery_and_fetch(harness: Harness) -> None:
    mails = corpus()
    for raw in mails:
        harness.deliver(raw)
    box = harness.open()
    try:
        fetched = box.fetch_above(0, limit=len(mails) + 10)
    finally:
        box.close()
    assert len(fetched) == len(mails)
    assert [mail.raw for mail in fetched] == [harness.stored(raw) for raw in mails]


def test_filing_keeps_corpus_mail_intact(harness: Harness) -> None:
    mails = corpus()[:10]
    for raw in mails:
        harness.deliver(raw)
    box = harness.open()
    try:
        for mail in box.fetch_above(0, limit=len(mails)):
            box.file(mail.key.uid, Folder.ESCALATED)
    finally:
        box.close()
    assert harness.filed(Folder.ESCALATED) == [harness.stored(raw) for raw in mails]
