"""Things only a human may handle, whatever the intent: compromise, credential changes, threats.

First cut, keyword lists in Japanese and English, tuned to recall: a false signal costs
an escalation, a missed one may cost a customer's funds. Signals are looked for in the
subject and the whole text, quoted history included (a customer may answer "that was
not me" above our own quoted mail). ``SIGNALS`` is plain data, ready to be extended.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ACCOUNT_COMPROMISE = "account_compromise"
CREDENTIAL_CHANGE = "credential_change"
LEGAL_THREAT = "legal_threat"
EXPEDITE_REQUEST = "expedite_request"
REFUND_DEMAND = "refund_demand"


@dataclass(frozen=True, slots=True)
class SignalCue:
    """A pattern (matched on NFKC-normalised, case-folded text) naming a signal."""

    signal: str
    pattern: str


def _en(words: str) -> str:
    """An English pattern that matches whole words, even next to Japanese text."""
    return rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])"


_CONTACT = r"(?:e-?mail(?: address)?|phone(?: number)?|mobile(?: number)?|number|address)"
_SECOND_FACTOR = r"(?:2fa|two[- ]factor(?: authentication)?|authenticator(?: app)?|mfa|otp)"
_DISOWNED = (
    r"(?:did not|didn'?t|never) (?:make|do|authori[sz]e|request|initiate|place)"
    r"(?: (?:this|that|the|these|those|any|a|an))?(?: [a-z]+)?"
    r" (?:withdrawals?|transactions?|transfers?|trades?|orders?|log ?ins?|purchases?)"
    r"|(?:did not|didn'?t|never) log ?in"
)
_JA_CHANGES = r"(?:を|の)?(?:変更|解除|削除|無効|リセット|再登録)"
_JA_TARGETS = (
    r"(?:メールアドレス|メアド|メール|電話番号|携帯番号|携帯電話|登録情報|二段階認証|2段階認証"
    r"|二要素認証|2要素認証|認証アプリ|出金先|送金先|出金アドレス|送金アドレス|ウォレットアドレス)"
)

SIGNALS: tuple[SignalCue, ...] = (
    SignalCue(ACCOUNT_COMPROMISE, r"不正ログイン|不正アクセス|乗っ取|なりすまし|ハッキング"),
    SignalCue(ACCOUNT_COMPROMISE, r"身に覚えの(?:ない|無い)|心当たりの(?:ない|無い)|盗まれ"),
    SignalCue(ACCOUNT_COMPROMISE, r"不正(?:な|に)?(?:出金|送金|取引|利用|引き出し)|勝手に"),
    SignalCue(ACCOUNT_COMPROMISE, _en(r"hack(?:ed|er|ers|ing)?|compromised|stolen|stole")),
    # "anti-phishing code" is quoted in every one of our replies; it is not a complaint.
    SignalCue(ACCOUNT_COMPROMISE, _en(r"unauthori[sz]ed|(?<!anti-)(?<!anti )phishing"
                                      r"|scam(?:med)?|fraud(?:ulent)?")),
    SignalCue(ACCOUNT_COMPROMISE, _en(_DISOWNED)),
    SignalCue(ACCOUNT_COMPROMISE, _en(r"not me|someone (?:else )?(?:has )?(?:logged|accessed"
                                      r"|withdrew|took|used|got into)")),
    SignalCue(CREDENTIAL_CHANGE, _JA_TARGETS + _JA_CHANGES),
    SignalCue(CREDENTIAL_CHANGE, r"機種変更|新しい(?:メールアドレス|電話番号|アドレス)"),
    SignalCue(CREDENTIAL_CHANGE, r"(?:別の|新しい|こちらの)(?:メール)?アドレス(?:に|へ|宛)"),
    SignalCue(CREDENTIAL_CHANGE, _en(rf"(?:change|update|replace|modify) (?:my |the )?"
                                     rf"(?:registered )?(?:{_CONTACT}|{_SECOND_FACTOR}"
                                     rf"|withdrawal address)")),
    SignalCue(CREDENTIAL_CHANGE, _en(rf"(?:disable|remove|reset|turn off|deactivate|bypass) "
                                     rf"(?:my |the )?{_SECOND_FACTOR}")),
    SignalCue(CREDENTIAL_CHANGE, _en(rf"new {_CONTACT}|lost (?:my )?(?:phone|{_SECOND_FACTOR})")),
    SignalCue(CREDENTIAL_CHANGE, _en(r"send (?:the |a |this |my )?(?:reset )?(?:link|code|email)"
                                     r" to|whitelist|allowlist")),
    SignalCue(EXPEDITE_REQUEST, _en(r"speed up|expedite|hurry up|prioriti[sz]e")),
    SignalCue(EXPEDITE_REQUEST, r"至急|急いで|早急に|優先して"),
    SignalCue(LEGAL_THREAT, r"弁護士|訴訟|訴え|提訴|法的(?:措置|手段)|警察|金融庁"),
    SignalCue(LEGAL_THREAT, r"消費(?:者|生活)センター"),
    SignalCue(LEGAL_THREAT, _en(r"lawyers?|attorneys?|sue|suing|lawsuit|legal action|police"
                                r"|regulators?|court|report you")),
    SignalCue(REFUND_DEMAND, r"返金|返還|補償|賠償|払い戻"),
    SignalCue(REFUND_DEMAND, _en(r"refund(?:s|ed)?|reimburse(?:ment)?|compensat(?:e|ion)"
                                 r"|money back|chargeback")),
)  # fmt: skip

_COMPILED = tuple((cue.signal, re.compile(cue.pattern)) for cue in SIGNALS)
SAMPLE = 100_000  # characters looked at


def find_signals(subject: str, text: str) -> tuple[str, ...]:
    """The names of the signals found in ``subject`` and ``text``, in ``SIGNALS`` order."""
    normalised = unicodedata.normalize("NFKC", f"{subject}\n{text[:SAMPLE]}").casefold()
    found: dict[str, None] = {}
    for signal, pattern in _COMPILED:
        if signal not in found and pattern.search(normalised):
            found[signal] = None
    return tuple(found)
