"""The reply firewall: what no reply may say, checked at rulebook load and before each send.

A reply may link only to the allow-listed domains (none by default: no links at all),
give only the configured phone numbers, and never ask for a password, a seed or
recovery phrase, a private key or a one-time (2FA) code. Telling the customer that we
will never ask for them is our safety line and passes: a sentence about a secret is a
request when one of its request verbs is not negated ("please send us your password",
"パスワードを返信してください"), and not when it is ("we will never ask you for your
password", "お尋ねすることはございません").

The text is NFKC-normalised first, so full-width ``ｈｔｔｐ`` or ``０３`` count as
written in ASCII. Heuristics tuned to refuse: a false alarm holds one reply for an
agent (or makes an operator reword a template); a miss could hand a customer to a
phisher.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit


class ReplyPolicy(Protocol):
    """What replies may contain; the rulebook's ``reply`` settings are one."""

    @property
    def allowed_link_domains(self) -> Sequence[str]:
        """Domains links may point to (a subdomain of one counts); empty: no links."""
        ...

    @property
    def allowed_phone_numbers(self) -> Sequence[str]:
        """Phone numbers replies may give, as written anywhere (+81 or 0 prefix alike)."""
        ...


@dataclass(frozen=True, slots=True)
class Allowances:
    """A ``ReplyPolicy`` of plain values; the default allows no link and no phone number."""

    allowed_link_domains: tuple[str, ...] = ()
    allowed_phone_numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: the offending text (NFKC-normalised) and what is wrong with it."""

    snippet: str
    message: str


def check_reply(text: str, policy: ReplyPolicy) -> list[str]:
    """The problems the firewall finds in reply ``text`` under ``policy``; [] when fine."""
    return [finding.message for finding in findings(text, policy)]


def findings(text: str, policy: ReplyPolicy) -> list[Finding]:
    """Each problem in ``text`` with the snippet it was found in, links first."""
    normalised = unicodedata.normalize("NFKC", text)
    found = [*_links(normalised, policy), *_phones(normalised, policy), *_requests(normalised)]
    return list(dict.fromkeys(found))


# --- links ---------------------------------------------------------------------------

_TLDS = (
    "com|net|org|info|biz|io|co|jp|us|uk|eu|de|fr|ru|cn|kr|tw|hk|sg|in|au|ca|br|xyz|app|dev"
    "|me|ly|link|site|online|top|club|shop|store|tk|ml|ga|cf|gq|cc|tv|ws|live|click|support"
    "|help|email|finance|exchange|money|wallet|crypto|network|tech|cloud|page|one|vip|work"
)
_SCHEME_URL = re.compile(
    r"(?<![\w.+-])(?:[a-z][a-z0-9+.-]{1,20}://|www\.|mailto:|javascript:|vbscript:"
    r"|data:[a-z]+/)[^\s<>\"'()（）「」]+",
    re.IGNORECASE,
)
_BARE_HOST = re.compile(
    rf"(?<![\w@.+/-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS})"
    r"(?![\w-])(?:[:/][^\s<>\"'()（）「」]*)?",
    re.IGNORECASE,
)
# Schemes that never point to a web site: their text is a link to refuse outright.
_NOT_WEB = frozenset({"javascript", "data", "vbscript", "file"})
_TRAILING = ".,;:!?。、"


def _links(text: str, policy: ReplyPolicy) -> Iterator[Finding]:
    allowed = [d.strip().lower().strip(".") for d in policy.allowed_link_domains if d.strip()]
    for url in _urls(text):
        host = _host(url)
        if host is None:
            yield Finding(url, f"a link that is not to a web site: {url}")
        elif not any(host == domain or host.endswith("." + domain) for domain in allowed):
            yield Finding(url, f"a link to {host}, which is not an allowed link domain: {url}")


def _urls(text: str) -> Iterator[str]:
    spans: list[tuple[int, int]] = []
    for match in _SCHEME_URL.finditer(text):
        spans.append(match.span())
        yield match.group(0).rstrip(_TRAILING)
    for match in _BARE_HOST.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            yield match.group(0).rstrip(_TRAILING)


def _host(url: str) -> str | None:
    """The host a link points to, lower case; None for a scheme that is no web site."""
    lowered = url.lower()
    scheme = lowered.split(":")[0]
    if scheme in _NOT_WEB:
        return None
    if scheme == "mailto":
        return lowered.rpartition("@")[2].split("?")[0] or None
    if "://" not in lowered:
        lowered = "http://" + lowered
    try:
        host = urlsplit(lowered).hostname
    except ValueError:
        return None
    return host.strip(".") if host else None


# --- phone numbers --------------------------------------------------------------------

_PHONES = re.compile(
    r"(?<![\w+.,/:-])(?:"
    r"\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)|\d{1,4})(?:[\s.-]?\d{1,4}){1,4}"  # +81 3-1234-5678
    r"|\(0\d{1,4}\)\s?\d{1,4}[\s-]?\d{3,4}"  # (03) 1234-5678
    r"|0\d{1,4}[\s-]?\(?\d{1,4}\)?[\s-]?\d{3,4}"  # 03-1234-5678, 0120 123 456, 09012345678
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}"  # (555) 123-4567, 555-123-4567
    r")(?!\w)(?![.,/:-]\d)"
)
_MIN_DIGITS, _MAX_DIGITS = 9, 15
_JAPAN = "81"


def _phones(text: str, policy: ReplyPolicy) -> Iterator[Finding]:
    allowed = {_phone_key(number) for number in policy.allowed_phone_numbers}
    for match in _PHONES.finditer(text):
        number = match.group(0).strip()
        digits = re.sub(r"\D", "", number)
        if _MIN_DIGITS <= len(digits) <= _MAX_DIGITS and _phone_key(number) not in allowed:
            yield Finding(number, f"a phone number that is not an allowed one: {number}")


def _phone_key(number: str) -> str:
    """A number's digits; +81 written as the Japanese trunk prefix 0, so both forms match."""
    text = unicodedata.normalize("NFKC", number).strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        return "0" + digits[len(_JAPAN) :] if digits.startswith(_JAPAN) else "+" + digits
    return digits


# --- requests for secrets -------------------------------------------------------------

_SECRET = re.compile(
    r"(?<![a-z0-9])(?:passwords?|passcodes?|pass ?phrases?|pins?(?: codes?)?|seed(?: phrases?"
    r"| words)?|recovery (?:phrases?|words|seeds?|keys?)|mnemonic(?: phrases?)?|private keys?"
    r"|secret keys?|api secrets?|(?:2fa|two[- ]factor|mfa|verification|authentication"
    r"|authenticator|security|one[- ]time|sms|login|\d[- ]digit|six[- ]digit|backup|otp"
    r"|confirmation) codes?|otps?|one[- ]time passwords?)(?![a-z0-9])"
    r"|パスワード|暗証番号|秘密鍵|シードフレーズ|リカバリーフレーズ|復元フレーズ|ニーモニック"
    r"|認証コード|確認コード|セキュリティコード|ワンタイム|バックアップコード|秘密の質問",
    re.IGNORECASE,
)
_ASK_EN = re.compile(
    r"(?<![a-z])(?:send|tell|give|provide|share|submit|enter|type|input|reply with"
    r"|respond with|confirm|include|let us know|write|forward|disclose|reveal|verify|need"
    r"|require|ask(?:s|ing|ed)? (?:you|for)|request(?:ing)? your|what is your|what's your)"
    r"(?![a-z])",
    re.IGNORECASE,
)
_NOT_EN = re.compile(
    r"(?<![a-z])(?:never|not|no one|nobody|under no circumstances|neither|nor)(?![a-z])"
    r"|n't(?!\s+(?:worry|hesitate|delay|forget|wait)\b)",
    re.IGNORECASE,
)
_ASK_JA = re.compile(r"教え|知らせ|返信|返送|送り|送信|送付|送って|入力|提示|記入|記載|連絡|伝え"
                     r"|尋ね|伺|確認させ|提出|共有")  # fmt: skip
# A Japanese request ends its verb: "返信してください", "お知らせいただけますか".
_PLEASE_JA = re.compile(r"ください|下さい|いただけ|頂け|いただきたく|頂きたく|願い|ほしい"
                        r"|欲しい|もらえ|必要があ|必要がご")  # fmt: skip
# "教えていただけませんか" and "…いただけないでしょうか" are requests, however negative.
_NOT_JA = re.compile(r"(?:ない|ません)(?!(?:でしょう)?か)|お控え|不要|禁止")
JA_ENDING_REACH = 14  # characters after a Japanese verb where its request ending stands
CHAINED_WORDS = 2  # words between two verbs that still share a negation ("need to send")
_CLAUSES = re.compile(r"(?<=[.!?。！？])\s+|[:;：；]|\n\s*\n")


def _requests(text: str) -> Iterator[Finding]:
    for clause in _CLAUSES.split(text):
        flat = " ".join(clause.split())
        if flat and _SECRET.search(flat) and _asks(flat):
            yield Finding(flat, f"asks the customer for a secret: {flat[:120]}")


def _asks(clause: str) -> bool:
    """Whether one request verb of ``clause`` is not negated."""
    return _asks_in_english(clause) or _asks_in_japanese(clause)


def _asks_in_english(clause: str) -> bool:
    """A verb is negated by a "not" before it, back to the previous verb; a verb right after
    a negated one ("you do not need to send") shares its negation."""
    previous_end, negated = None, False
    for verb in _ASK_EN.finditer(clause):
        between = clause[previous_end or 0 : verb.start()]
        if _NOT_EN.search(between):
            negated = True
        elif previous_end is None or len(between.split()) > CHAINED_WORDS:
            negated = False
        if not negated:
            return True
        previous_end = verb.end()
    return False


def _asks_in_japanese(clause: str) -> bool:
    """A verb asks when a request ending follows it closely, not negated, before the next
    verb ("お送りしたご案内" tells of something sent; "お送りください" asks)."""
    for verb in _ASK_JA.finditer(clause):
        ending = _up_to_next_verb(clause[verb.end() : verb.end() + JA_ENDING_REACH])
        if _PLEASE_JA.search(ending) and not _NOT_JA.search(ending):
            return True
    return False


def _up_to_next_verb(after: str) -> str:
    """The words after a Japanese verb up to the next one: its own ending stands there."""
    following = _ASK_JA.search(after)
    return after[: following.start()] if following else after
