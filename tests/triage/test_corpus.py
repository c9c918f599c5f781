"""Real mail from public test suites: everything parses or is refused, bounces are known."""

from __future__ import annotations

import time

from madoguchi.domain.errors import MalformedMail
from madoguchi.domain.understanding import AutomatedKind, Triage
from madoguchi.triage import understand
from tests.triage.corpus import CorpusMail, corpus

AUTHSERV_ID = "mx.exchange.example"
# Machine-written mail that headers do not give away, answered by a human instead
# (escalated as "intent other"): complaint notices from a person's address, a
# mailing-list manager's notices, and a bounce a person forwarded as quoted text.
NOT_RECOGNISED = {
    "sisimai-set-of-emails/maildir/bsd/arf-22.eml",
    "sisimai-set-of-emails/maildir/bsd/arf-23.eml",
    "sisimai-set-of-emails/maildir/bsd/arf-24.eml",
    "sisimai-set-of-emails/maildir/bsd/lhost-fml-02.eml",
    "sisimai-set-of-emails/maildir/bsd/lhost-fml-03.eml",
    "sisimai-set-of-emails/maildir/bsd/lhost-sendmail-14.eml",
}


def understood(mails: list[CorpusMail]) -> dict[str, Triage]:
    """Each mail's triage; the few refused as malformed are left out."""
    found = {}
    for mail in mails:
        try:
            found[mail.name] = understand(mail.raw, authserv_id=AUTHSERV_ID)
        except MalformedMail:
            continue
    return found


def test_every_corpus_mail_parses_or_is_refused_as_malformed_within_a_second() -> None:
    failures = []
    for mail in corpus():
        started = time.perf_counter()
        try:
            understand(mail.raw, authserv_id=AUTHSERV_ID)
        except MalformedMail:
            pass
        except Exception as exc:  # the test reports every other exception
            failures.append(f"{mail.name}: {type(exc).__name__}: {exc}")
        elapsed = time.perf_counter() - started
        if elapsed > 1.0:
            failures.append(f"{mail.name}: took {elapsed:.2f} s")

    assert failures == []


# Tagged bounce or auto_reply by INDEX.tsv's heuristics, yet written by a person: a
# bounce forwarded ("Fwd: Returned mail") with the person's own words above it.
TAGGED_BUT_HUMAN = {"sisimai-set-of-emails/maildir/bsd/lhost-sendmail-14.eml"}


def test_every_mail_tagged_bounce_or_auto_reply_is_automated_but_a_forwarded_one() -> None:
    tagged = [mail for mail in corpus() if mail.tags & {"bounce", "auto_reply"}]

    missed = {name for name, t in understood(tagged).items() if t.automated is None}

    assert len(tagged) > 600
    assert missed == TAGGED_BUT_HUMAN


def test_most_corpus_bounces_name_the_message_they_bounce() -> None:
    # The rest enclose an original without a Message-ID, or none at all.
    bounces = [
        t.automated
        for t in understood(corpus()).values()
        if t.automated and t.automated.kind is AutomatedKind.BOUNCE
    ]

    named = [automated for automated in bounces if automated.refers_to]

    assert len(named) >= 0.85 * len(bounces)
    assert all(a.refers_to and a.refers_to.startswith("<") for a in named)


def test_the_whole_corpus_is_understood_but_one_mail_without_headers() -> None:
    raws = [mail.raw for mail in corpus()]
    understood_count = 0

    for raw in raws:
        try:
            understand(raw, authserv_id=AUTHSERV_ID)
            understood_count += 1
        except MalformedMail:
            pass

    assert understood_count >= len(raws) - 1  # one file in the corpus has no headers at all


def test_flanker_bounces_are_bounces() -> None:
    bounces = [mail for mail in corpus() if mail.name.startswith("flanker/bounce/")]

    kinds = {name: t.automated and t.automated.kind for name, t in understood(bounces).items()}

    assert len(kinds) == len(bounces)
    assert set(kinds.values()) == {AutomatedKind.BOUNCE}


def test_sisimai_bounces_and_reports_are_automated() -> None:
    reports = [
        mail
        for mail in corpus()
        if mail.name.startswith("sisimai-set-of-emails/") and "/not/" not in mail.name
    ]

    missed = {name for name, t in understood(reports).items() if t.automated is None}

    assert missed == NOT_RECOGNISED


def test_sisimai_mails_that_are_not_bounces_are_not_automated() -> None:
    mails = [mail for mail in corpus() if "/not/is-not-bounce" in mail.name]

    triaged = understood(mails)

    assert len(triaged) == 2
    assert all(t.automated is None for t in triaged.values())


def test_rfc3834_auto_replies_are_auto_replies() -> None:
    mails = [mail for mail in corpus() if "/rfc3834-" in mail.name]

    kinds = {t.automated and t.automated.kind for t in understood(mails).values()}

    assert kinds == {AutomatedKind.AUTO_REPLY}


def test_mails_in_japanese_charsets_decode_without_replacement_characters() -> None:
    japanese = [mail for mail in corpus() if mail.charsets]

    garbled = [
        name
        for name, t in understood(japanese).items()
        if "\ufffd" in t.message.subject or "\ufffd" in t.message.text
    ]

    assert garbled == []


def test_japanese_customer_mail_in_the_corpus_is_japanese() -> None:
    names = ["japanese.eml", "japanese_iso_2022.eml", "japanese_shift_jis.eml"]
    folder = "ruby-mail/emails/multi_charset/"
    mails = [mail for mail in corpus() if mail.name in {folder + name for name in names}]

    languages = [t.message.language.value for t in understood(mails).values()]

    assert languages == ["ja", "ja", "ja"]
