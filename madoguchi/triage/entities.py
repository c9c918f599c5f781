"""What a mail names (ids, tx hashes, assets, networks, amounts, dates), normalised to strings.

Only the customer's own words are read (the subject and the body with quoted history cut
away), after NFKC normalisation, so that full-width ``ＷＤ２６１１２８００４２`` or
``１万円`` count as written in ASCII. Each kind maps to its values in order of first
appearance, without repeats; a kind with no value is absent:

- ``withdrawal_id`` ``WD`` + 10 digits, ``transaction_id`` ``TX`` + 10 digits and
  ``customer_id`` ``C`` + 6 digits, upper-cased;
- ``tx_hash``: 64 hex digits as written (Bitcoin-style lower case, XRP upper case), or
  ``0x`` + 64 hex digits in lower case (Ethereum and ERC20 hashes ignore case);
- ``asset`` (``BTC``, ``ETH``, ``XRP``, ``USDT``, ``JPY``) from codes and names in both
  languages and from amounts; ``network`` (``ERC20``, ``TRC20``, ``BANK``) only when named
  (a bank, a bank account or transfer, 銀行, 振込);
- ``amount`` as ``"<decimal> <ASSET>"`` ("0.5 BTC", "10000 JPY"): "0.5BTC", "1万円",
  "¥10,000", "JPY 10000", "100 USDT";
- ``date`` as ISO ``YYYY-MM-DD``: "2026年11月28日", "11月28日", "2026/11/28", "11/28に"
  (before Japanese text), "Nov 28", "28 November 2026", "yesterday"/"昨日", "last
  night"/"昨夜", "this morning"/"今朝", "today"/"本日". A date without its year, or a
  relative one, is resolved against ``sent`` (the mail's Date header, in the sender's
  own zone) and left out when there is none; weekdays ("on Monday") are not resolved;
- ``transaction_kind`` (``withdrawal``, ``trade``, ``deposit``): what kind of
  transaction the mail talks about, for finding a fee charge.

Entities are hints for finding the sender's own records, never identity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

SAMPLE = 20_000  # characters looked at, like the classifier
# A date written without its year that would lie this far after the mail is last year's.
FUTURE_LIMIT = timedelta(days=180)
YEARS = range(2000, 2101)

Found = Iterator[tuple[int, str]]  # (position in the text, normalised value)

_FLAGS = re.IGNORECASE


def _en(words: str) -> str:
    """An English pattern that matches whole words, even next to Japanese text."""
    return rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])"


_IDS = {
    "withdrawal_id": re.compile(r"(?<![a-z0-9])WD\d{10}(?![a-z0-9])", _FLAGS),
    "transaction_id": re.compile(r"(?<![a-z0-9])TX\d{10}(?![a-z0-9])", _FLAGS),
    "customer_id": re.compile(r"(?<![a-z0-9])C\d{6}(?![a-z0-9])", _FLAGS),
}
_TX_HASH = re.compile(r"(?<![0-9a-z])(0x)?[0-9a-f]{64}(?![0-9a-z])", _FLAGS)

# Codes and names of each asset; "イーサ" is not the start of "イーサネット" (Ethernet) or
# "イーサスキャン" (Etherscan, a block explorer).
_ASSET_WORDS = {
    "BTC": (r"btc|xbt|bitcoins?", r"ビットコイン"),
    "ETH": (r"eth|ethereum|ether", r"イーサリアム|イーサリウム|イーサ(?!ネット|スキャン)"),
    "XRP": (r"xrp|ripple", r"リップル"),
    "USDT": (r"usdt|tether", r"テザー"),
    "JPY": (r"jpy|yen", r"日本円|円(?:で|の|を)?(?:出金|入金|送金|振込|振り込み)"),
}
_ASSETS = tuple(
    (asset, re.compile(f"{_en(english)}|{japanese}", _FLAGS))
    for asset, (english, japanese) in _ASSET_WORDS.items()
)
_NETWORKS = (
    ("ERC20", re.compile(_en(r"erc-?20"), _FLAGS)),
    ("TRC20", re.compile(_en(r"trc-?20|tron") + "|トロン", _FLAGS)),
    # A bank statement is a document (proof of address), not where money goes.
    ("BANK", re.compile(_en(r"bank(?:s| transfer| account)?(?! statements?)")
                        + "|銀行|振込|振り込み", _FLAGS)),
)

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MULTIPLIERS = {"千": 1_000, "万": 10_000, "億": 100_000_000}
_CRYPTO_UNITS = {
    "bitcoins": "BTC", "bitcoin": "BTC", "btc": "BTC", "xbt": "BTC", "ビットコイン": "BTC",
    "ethereum": "ETH", "ether": "ETH", "eth": "ETH", "イーサリアム": "ETH", "イーサリウム": "ETH",
    "イーサ": "ETH", "xrp": "XRP", "ripple": "XRP", "リップル": "XRP", "usdt": "USDT",
    "tether": "USDT", "テザー": "USDT",
}  # fmt: skip
_CRYPTO_AMOUNT = re.compile(
    rf"(?<![\d.,a-z])(?P<number>{_NUMBER})\s?(?P<multiplier>[千万億])?\s?"
    r"(?P<unit>bitcoins|bitcoin|btc|xbt|ethereum|ether|eth|xrp|ripple|usdt|tether"
    r"|ビットコイン|イーサリアム|イーサリウム|イーサ(?!ネット)|リップル|テザー)(?![a-z])",
    _FLAGS,
)
# "10,000円", "1万円", "1万5千円", "1.5万円", "10000 JPY", "3,000 yen".
_YEN_AMOUNT = re.compile(
    # The lookahead lets the scan skip every position that does not start a number.
    rf"(?<![\d.,a-z])(?=\d)(?:(?P<oku>{_NUMBER})億)?(?:(?P<man>{_NUMBER})万)?(?:(?P<sen>{_NUMBER})千)?"
    rf"(?P<ones>{_NUMBER})?\s?(?:円|jpy(?![a-z])|yen(?![a-z]))",
    _FLAGS,
)
# "¥10,000", "JPY 10000", "¥1万".
_YEN_PREFIXED = re.compile(
    # A full stop after the number ends the sentence ("¥2,500."), a decimal point does not.
    rf"(?:¥|(?<![a-z])jpy)\s?(?P<number>{_NUMBER})(?P<multiplier>[千万億])?(?![\d,]|\.\d)", _FLAGS
)

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?(?!\d)"
_JAPANESE_NEXT = r"(?=\s?(?:[(（][月火水木金土日][)）])?[\u3040-\u30ff\u4e00-\u9fff])"
_DATES = (
    re.compile(r"(?<!\d)(?:(?P<year>\d{4})年\s?)?(?P<month>\d{1,2})月\s?(?P<day>\d{1,2})日"),
    # "11/29に", "11/29(日)の": month/day without a year only before Japanese text, where
    # it is the common way to write a date (elsewhere "1/2" may be a half).
    re.compile(r"(?<![\d/.-])(?:(?P<year>\d{4})/)?(?P<month>\d{1,2})/(?P<day>\d{1,2})"
               + _JAPANESE_NEXT),
    re.compile(r"(?<![\d/.-])(?P<year>\d{4})([/.-])(?P<month>\d{1,2})\2(?P<day>\d{1,2})(?![\d/])"),
    re.compile(rf"(?<![a-z0-9]){_MONTH}\s?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:]){_YEAR}",
               _FLAGS),
    re.compile(rf"(?<![\d/.:])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH}(?![a-z])"
               rf"{_YEAR}", _FLAGS),
)  # fmt: skip
_RELATIVE = re.compile(
    r"一昨日|おととい|昨日|きのう|昨夜|昨晩|昨夕|今日|本日|きょう|今朝|今夜|今晩"
    + "|"
    + _en(r"the day before yesterday|yesterday|last night|today|tonight"
          r"|this (?:morning|afternoon|evening)"),
    _FLAGS,
)
_DAYS_BACK = {
    "一昨日": 2, "おととい": 2, "the day before yesterday": 2,
    "昨日": 1, "きのう": 1, "昨夜": 1, "昨晩": 1, "昨夕": 1, "yesterday": 1, "last night": 1,
    "今日": 0, "本日": 0, "きょう": 0, "今朝": 0, "今夜": 0, "今晩": 0, "today": 0,
    "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
}  # fmt: skip

_KINDS = (
    ("withdrawal", re.compile(r"出金|引き出し|引出し?|送金|"
                              + _en(r"withdr(?:aw|awal|awals|ew|awn)"), _FLAGS)),
    ("trade", re.compile(r"取引|売買|購入|売却|約定|注文|"
                         + _en(r"trades?|trading|traded|buy|bought|sell|sold|orders?"), _FLAGS)),
    ("deposit", re.compile(r"入金|預け入れ|" + _en(r"deposit(?:s|ed)?"), _FLAGS)),
)  # fmt: skip


def extract_entities(
    subject: str, body: str, *, sent: datetime | None
) -> dict[str, tuple[str, ...]]:
    """The entities ``subject`` and ``body`` name, by kind (see the module docstring)."""
    text = unicodedata.normalize("NFKC", f"{subject}\n{body[:SAMPLE]}")
    amounts = list(_amounts(text))
    found = {
        **{kind: _ordered(_matches(pattern, text, str.upper)) for kind, pattern in _IDS.items()},
        "tx_hash": _ordered(_tx_hashes(text)),
        "asset": _ordered(_named(_ASSETS, text), ((at, a.split()[1]) for at, a in amounts)),
        "network": _ordered(_named(_NETWORKS, text)),
        "amount": _ordered(iter(amounts)),
        "date": _ordered(_dates(text, sent)),
        "transaction_kind": _ordered(_named(_KINDS, text)),
    }
    return {kind: values for kind, values in found.items() if values}


def _ordered(*found: Found) -> tuple[str, ...]:
    """The values in order of position, each once."""
    pairs = sorted((pair for each in found for pair in each), key=lambda pair: pair[0])
    return tuple(dict.fromkeys(value for _, value in pairs))


def _matches(pattern: re.Pattern[str], text: str, normalise: Callable[[str], str]) -> Found:
    for match in pattern.finditer(text):
        yield match.start(), normalise(match.group())


def _tx_hashes(text: str) -> Found:
    for match in _TX_HASH.finditer(text):
        value = match.group()
        # Ethereum hashes ignore case; the others are kept as written for the back office.
        yield match.start(), value.lower() if match.group(1) else value


def _named(table: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> Found:
    for name, pattern in table:
        match = pattern.search(text)
        if match:
            yield match.start(), name


def _amounts(text: str) -> Found:
    for match in _CRYPTO_AMOUNT.finditer(text):
        asset = _CRYPTO_UNITS[match["unit"].casefold()]
        yield from _amount(match.start(), match["number"], match["multiplier"], asset)
    for match in _YEN_PREFIXED.finditer(text):
        yield from _amount(match.start(), match["number"], match["multiplier"], "JPY")
    for match in _YEN_AMOUNT.finditer(text):
        yield from _yen(match)


def _amount(position: int, number: str, multiplier: str | None, asset: str) -> Found:
    value = _decimal(number)
    if value is not None:
        value *= _MULTIPLIERS.get(multiplier or "", 1)
        yield position, f"{_plain(value)} {asset}"


def _yen(match: re.Match[str]) -> Found:
    """"1億", "2万", "5千" and the rest added up: "1万5千円" is 15000 JPY."""
    total, named = Decimal(), False
    for group, scale in _YEN_PARTS:
        if match[group]:
            value = _decimal(match[group])
            if value is None:
                return
            total, named = total + value * scale, True
    if named:
        yield match.start(), f"{_plain(total)} JPY"


_YEN_PARTS = (("oku", 100_000_000), ("man", 10_000), ("sen", 1_000), ("ones", 1))


def _decimal(number: str) -> Decimal | None:
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> str:
    """``value`` without exponent or trailing zeros: 10000, 0.5."""
    return format(value.normalize(), "f")


def _dates(text: str, sent: datetime | None) -> Found:
    today = sent.date() if sent else None
    for pattern in _DATES:
        for match in pattern.finditer(text):
            found = _calendar_date(match, today)
            if found:
                yield match.start(), found.isoformat()
    if today is not None:
        for match in _RELATIVE.finditer(text):
            back = _DAYS_BACK[" ".join(match.group().casefold().split())]
            yield match.start(), (today - timedelta(days=back)).isoformat()


def _calendar_date(match: re.Match[str], today: date | None) -> date | None:
    """The date a match names, its year from ``today`` when not written; None if invalid."""
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.index(month_text[:3].lower()) + 1
    day = int(match["day"])
    if match["year"]:
        return _valid(int(match["year"]), month, day)
    if today is None:
        return None
    found = _valid(today.year, month, day)
    if found and found - today > FUTURE_LIMIT:
        return _valid(today.year - 1, month, day)
    return found


def _valid(year: int, month: int, day: int) -> date | None:
    if year not in YEARS:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
