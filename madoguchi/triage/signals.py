"""Things only a human may handle, whatever the intent: compromise, credential changes, threats.

Keyword lists in Japanese and English, tuned to recall: a false signal costs an
escalation, a missed one may cost a customer's funds. Signals are looked for in the
subject, the whole text (quoted history included: a customer may answer "that was not
me" above our own quoted mail) and the text the HTML hides. ``SIGNALS`` is plain data,
ready to be extended. Besides the keywords, instructions aimed at the robot (B9):

- ``robot_instruction``: words addressed to an automated reader ("ignore your previous
  instructions", "do not escalate this"), or an e-mail address other than the
  sender's (and ours) next to an action verb in the customer's own words ("reset
  alice@x and send the link to bob@y");
- ``hidden_text``: the HTML hides text from its reader (display:none, white on white).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

ACCOUNT_COMPROMISE = "account_compromise"
CREDENTIAL_CHANGE = "credential_change"
LEGAL_THREAT = "legal_threat"
EXPEDITE_REQUEST = "expedite_request"
REFUND_DEMAND = "refund_demand"
ROBOT_INSTRUCTION = "robot_instruction"
HIDDEN_TEXT = "hidden_text"


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
_ORDERS = r"(?:instructions?|rules|prompts?|directions|guidelines|polic(?:y|ies)|orders)"
_READER = (
    r"(?:ai|a\.i\.|bot|robot|assistant|automated (?:system|assistant|agent|reader)|llm|gpt"
    r"|chatgpt|language model|support bot|auto-?responder)"
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
    SignalCue(CREDENTIAL_CHANGE, _en(r"(?:add|register) (?:a |my |the |this )?(?:new )?"
                                     r"(?:withdrawal|wallet|payout) address")),
    SignalCue(CREDENTIAL_CHANGE, r"(?:出金先|送金先|出金アドレス|ウォレットアドレス)(?:を|の)?"
                                 r"(?:追加|新規登録)"),
    SignalCue(EXPEDITE_REQUEST, _en(r"speed up|expedite|hurry up|prioriti[sz]e")),
    SignalCue(EXPEDITE_REQUEST, r"至急|急いで|早急に|優先して"),
    SignalCue(LEGAL_THREAT, r"弁護士|訴訟|訴え|提訴|法的(?:措置|手段)|警察|金融庁"),
    SignalCue(LEGAL_THREAT, r"消費(?:者|生活)センター"),
    SignalCue(LEGAL_THREAT, _en(r"lawyers?|attorneys?|sue|suing|lawsuit|legal action|police"
                                r"|regulators?|court|report you")),
    SignalCue(REFUND_DEMAND, r"返金|返還|補償|賠償|払い戻"),
    SignalCue(REFUND_DEMAND, _en(r"refund(?:s|ed)?|reimburse(?:ment)?|compensat(?:e|ion)"
                                 r"|money back|chargeback")),
    SignalCue(ROBOT_INSTRUCTION, _en(rf"(?:ignore|disregard|forget|override) (?:all |any )?"
                                     rf"(?:of )?(?:the |your |my |these |those )?"
                                     rf"(?:previous |prior |above |earlier |preceding |other "
                                     rf"|existing |original )?{_ORDERS}")),
    # An automated reader addressed by name at the start of a line ("AI: ...", "Bot, ..."),
    # or greeted; talking about "your bot" is a complaint, not an instruction.
    SignalCue(ROBOT_INSTRUCTION, rf"(?:^|\n)[ \t]*(?:to (?:the )?)?{_READER}[ \t]*[,:、]"),
    SignalCue(ROBOT_INSTRUCTION, _en(rf"(?:dear|attention|note to (?:the )?|hey) {_READER}"
                                     r"|system prompt|new instructions|jailbreak|developer mode"
                                     r"|pretend (?:to be|you are)|act as (?:an? )?(?:admin|"
                                     r"administrator|operator|support agent)")),
    SignalCue(ROBOT_INSTRUCTION, _en(r"(?:do not|don't|never|without) (?:tell(?:ing)?|"
                                     r"inform(?:ing)?|notify(?:ing)?|alert(?:ing)?|escalat(?:e|ing)"
                                     r"|involv(?:e|ing)|ask(?:ing)?|forward(?:ing)?|pass(?:ing)?)"
                                     r"(?: (?:this|it|that|me|the case|this case))?(?: to| with)?"
                                     r" (?:a |the |any )?"
                                     r"(?:human|agent|staff|operator|support team|reviewer)s?"
                                     r"|without (?:human |manual )?(?:review|approval|verification"
                                     r"|checks?)|bypass (?:the |any )?(?:checks?|verification"
                                     r"|review|security)")),
    SignalCue(ROBOT_INSTRUCTION, r"(?:指示|命令|ルール)(?:を|は)(?:すべて|全て)?(?:無視|忘れ|破棄)"
                                 r"|システムプロンプト"
                                 r"|あなたは(?:ai|ロボット|ボット|アシスタント|自動応答)|ai(?:へ|に)の指示"
                                 r"|(?:担当者|人間|スタッフ|オペレーター)に(?:知らせ|伝え|転送|回さ|確認さ)"
                                 r"(?:ず|ないで)|(?:審査|承認|本人確認)(?:せず|なしで)"),
)  # fmt: skip

_COMPILED = tuple((cue.signal, re.compile(cue.pattern)) for cue in SIGNALS)
SAMPLE = 100_000  # characters looked at
# Starts only where a run of address characters starts, and never gives characters back:
# without both, a long run with no "@" costs time quadratic in its length.
_ADDRESS = re.compile(r"(?<![a-z0-9._%+\-])[a-z0-9._%+\-]++@[a-z0-9\-]++(?:\.[a-z0-9\-]++)+")
# Verbs asking for something to be done with or for an address, in either language.
_ACTION = re.compile(
    # Not "mail" or "e-mail": "E-mail: taro@..." in a signature is no request.
    _en(r"send|sent to|forward|reset|change|switch|update|move|transfer|deliver"
        r"|register|add|use|cc|reply|link|unlock|verify|approve|withdraw")
    + r"|送|転送|リセット|変更|登録|追加|移|宛|返信|届け|解除|承認|出金"
)
ACTION_WINDOW = 60  # characters either side of an address in which a verb counts
_WORDS = re.compile(r"\w{2,}")


def find_signals(
    subject: str,
    text: str,
    *,
    body: str | None = None,
    sender: str = "",
    hidden: str = "",
    ours: Sequence[str] = (),
) -> tuple[str, ...]:
    """The names of the signals found, in ``SIGNALS`` order, then ``hidden_text``.

    Keywords are looked for in ``subject``, ``text`` and ``hidden`` (the text the HTML
    hides). An address other than ``sender`` and ``ours`` next to an action verb is
    looked for in ``body`` (the customer's own words; ``text`` when not given) and
    ``hidden``: quoted history names other addresses as a matter of course.
    """
    normalised = _normalised(f"{subject}\n{text[:SAMPLE]}\n{hidden[:SAMPLE]}")
    found: dict[str, None] = {}
    for signal, pattern in _COMPILED:
        if signal not in found and pattern.search(normalised):
            found[signal] = None
    own_words = _normalised(f"{text if body is None else body}"[:SAMPLE] + f"\n{hidden[:SAMPLE]}")
    if ROBOT_INSTRUCTION not in found and _other_address_in_action(own_words, sender, ours):
        found[ROBOT_INSTRUCTION] = None
    if _WORDS.search(hidden[:SAMPLE]):
        found[HIDDEN_TEXT] = None
    return tuple(found)


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _other_address_in_action(text: str, sender: str, ours: Sequence[str]) -> bool:
    """An address that is neither the sender's nor ours, with an action verb close by."""
    known = {sender.casefold(), *(address.casefold() for address in ours)}
    for match in _ADDRESS.finditer(text):
        if match.group(0).strip(".") in known:
            continue
        around = text[max(0, match.start() - ACTION_WINDOW) : match.end() + ACTION_WINDOW]
        if _ACTION.search(around.replace(match.group(0), " ")):
            return True
    return False
