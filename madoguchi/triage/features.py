"""The text the intent model reads: a mail's subject and words, normalised the same way always.

A reply's subject ("Re: ...", "Fwd: ...") is left out: it names the thread, and a
reply often only thanks or follows up; what this mail asks is in its body. The text
is NFKC-normalised (full-width letters and digits become ASCII), case-folded, then
what varies from mail to mail without changing the request is replaced by a
placeholder character: withdrawal and transaction ids, customer ids, transaction
hashes, e-mail addresses, links, and every run of digits (``0.5 BTC`` and ``2 BTC``
read alike). Whitespace runs become one space. The result is capped, so that a long
mail costs bounded time.
"""

from __future__ import annotations

import re
import unicodedata

SAMPLE = 2_000  # characters of the normalised text the model reads; the request comes first

# After NFKC: these characters cannot occur in normalised text, so no customer writes them.
_PLACEHOLDERS = (
    (re.compile(r"https?://\S+|www\.\S+"), " \u2460 "),  # a link
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), " \u2461 "),  # an e-mail address
    (re.compile(r"(?<![a-z0-9])(?:0x)?[0-9a-f]{40,}(?![a-z0-9])"), " \u2462 "),  # hash, address
    (re.compile(r"(?<![a-z0-9])wd\d{10}(?![0-9])"), " \u2463 "),  # withdrawal id
    (re.compile(r"(?<![a-z0-9])tx\d{10}(?![0-9])"), " \u2464 "),  # transaction id
    (re.compile(r"(?<![a-z0-9])c\d{6}(?![0-9])"), " \u2465 "),  # customer id
    (re.compile(r"\d+(?:[.,]\d+)*"), "0"),
    (re.compile(r"\s+"), " "),
)

_REPLY = re.compile(r"^\s*(?:re|fwd?|fw|aw|返信|転送)\s*(?:\[\d+\])?\s*[:：]", re.IGNORECASE)


def model_text(subject: str, body: str) -> str:
    """What the model reads of a mail: ``subject`` (unless a reply's) and ``body``."""
    return normalise(body if _REPLY.match(subject) else f"{subject}\n{body}")


def example_text(text: str) -> str:
    """What the model reads of an intent example: a first line followed by more is its
    subject, read as ``model_text`` reads a mail's."""
    subject, newline, body = text.partition("\n")
    return model_text(subject, body) if newline else normalise(text)


def normalise(text: str) -> str:
    """``text`` as the model reads it (see the module docstring), at most ``SAMPLE`` long."""
    # Cut before normalising too: placeholders shorten the text, so a little more than
    # the sample is read, but never the whole of a long mail.
    folded = unicodedata.normalize("NFKC", text[: SAMPLE * 3]).casefold()
    for pattern, placeholder in _PLACEHOLDERS:
        folded = pattern.sub(placeholder, folded)
    return folded.strip()[:SAMPLE]
