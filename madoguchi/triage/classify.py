"""The customer's intent, from keywords in Japanese and English, with a confidence.

First cut, built for precision: each intent scores the weights of the cues found in
the subject and body (each cue once; a withdrawal id or a fee charge's id is a cue too);
a negative weight marks a near miss ("deposit" is not a withdrawal, "verification code"
is not identity verification, "how long do withdrawals take?" asks about no withdrawal
in particular, "the API" is not a password to reset). The best
intent wins only with a clear score and a clear margin; otherwise the answer is
``other`` and a human reads the mail. ``KEYWORDS`` is plain data.

The learned model (``model.py``) reads the intent when one is given to ``read_intent``;
the keywords remain the fallback when no model is trained, and the classifier of the
pure tests.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from madoguchi.domain.understanding import Intent
from madoguchi.triage.labels import Reading

if TYPE_CHECKING:
    # Only for the annotation: the model (and scikit-learn) loads when one is trained.
    from madoguchi.triage.model import IntentModel


@dataclass(frozen=True, slots=True)
class Cue:
    """A pattern (matched on NFKC-normalised, case-folded text) and what it is worth."""

    intent: Intent
    pattern: str
    weight: float


def _en(words: str) -> str:
    """An English pattern that matches whole words, even next to Japanese text."""
    return rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])"


_KYC, _PASSWORD = Intent.KYC_STATUS, Intent.PASSWORD_RESET
# Ids the mail names are cues too: a withdrawal id or tx hash, a fee charge's id.
_WITHDRAWAL_ID = r"(?<![a-z0-9])wd\d{10}(?![a-z0-9])"
_TRANSACTION_ID = r"(?<![a-z0-9])tx\d{10}(?![a-z0-9])"
_TX_HASH = r"(?<![0-9a-z])(?:0x)?[0-9a-f]{64}(?![0-9a-z])"
_WITHDRAWAL, _FEE = Intent.WITHDRAWAL_DELAY, Intent.FEE_EXPLANATION

KEYWORDS: tuple[Cue, ...] = (
    # identity verification (KYC)
    Cue(_KYC, r"本人確認", 3),
    Cue(_KYC, _en(r"e?kyc"), 3),
    Cue(_KYC, r"審査", 2),
    Cue(_KYC, r"身分証|本人確認書類|確認書類", 2),
    Cue(_KYC, r"口座開設", 1),
    Cue(_KYC, r"マイナンバー|運転免許証|在留カード|パスポート|書類", 1),
    Cue(_KYC, _en(r"identity verification|verif(?:y|ying) my identity|id verification"), 3),
    Cue(_KYC, _en(r"verification (?:status|process|result)"), 2),
    Cue(_KYC, _en(r"(?:account|profile|identity) (?:is |has been |was )?(?:not )?(?:yet )?"
                  r"(?:been )?verified"), 2),
    Cue(_KYC, _en(r"get verified|been verified|verified yet|still (?:not|un)verified"), 2),
    Cue(_KYC, _en(r"verified|verification|unverified"), 1),
    Cue(_KYC, _en(r"proof of address|selfie|passport|driver'?s licen[cs]e|id documents?"), 1),
    Cue(_KYC, _en(r"documents?"), 1),
    Cue(_KYC, _en(r"verification (?:code|e-?mail|link|sms)|verify my (?:e-?mail|phone)"), -4),
    Cue(_KYC, r"認証コード|確認コード|メール認証|sms認証", -4),
    # password reset
    Cue(_PASSWORD, r"パスワード", 3),
    Cue(_PASSWORD, _en(r"password|passcode"), 3),
    Cue(_PASSWORD, r"ログインでき(?:ない|ません|なく)|サインインでき(?:ない|ません)", 2),
    Cue(_PASSWORD, _en(r"(?:can ?not|can'?t|unable to|cannot) (?:log|sign) ?in(?:to)?"), 2),
    Cue(_PASSWORD, r"再設定|リセット|忘れ", 1),
    Cue(_PASSWORD, _en(r"reset|forgot(?:ten)?|locked out"), 1),
    # An API key or a second factor is not what a password-reset mail fixes.
    Cue(_PASSWORD, _en(r"api(?: keys?)?") + r"|apiキー", -4),
    Cue(_PASSWORD, r"二段階認証|2段階認証|二要素認証|2要素認証|認証アプリ", -2),
    Cue(_PASSWORD, _en(r"2fa|two[- ]factor|authenticator|one[- ]time code|otp"), -2),
    # withdrawal delay
    Cue(_WITHDRAWAL, r"出金", 3),
    Cue(_WITHDRAWAL, r"送金|引き出し|引出し", 2),
    Cue(_WITHDRAWAL, r"着金|届(?:かない|きません|いていない|いていません|いてない)", 1),
    Cue(_WITHDRAWAL, r"反映されて(?:い)?(?:ない|ません)|反映されない", 1),
    Cue(_WITHDRAWAL, _en(r"withdr(?:aw|awal|awals|awn|awing|ew)"), 3),
    Cue(_WITHDRAWAL, _en(r"not (?:yet )?(?:arrived|received)|(?:hasn'?t|has not|haven'?t|"
                         r"have not|didn'?t|did not) (?:yet )?(?:arrived?|received?|"
                         r"come through)|still pending|stuck"), 1),
    Cue(_WITHDRAWAL, _en(r"transfer(?:red)?|tx ?id|txid|tx ?hash|transaction hash"), 1),
    Cue(_WITHDRAWAL, _en(r"my withdrawal|my transfer") + r"|私の出金|出金した|出金しました", 1),
    Cue(_WITHDRAWAL, _WITHDRAWAL_ID, 3),
    Cue(_WITHDRAWAL, _TX_HASH, 1),
    Cue(_WITHDRAWAL, r"入金|預け入れ", -4),
    Cue(_WITHDRAWAL, _en(r"deposit(?:s|ed|ing)?"), -4),
    # A fee on a withdrawal is a fee question; a general question is not about one.
    Cue(_WITHDRAWAL, r"(?:出金|送金)手数料|" + _en(r"(?:withdrawal|transfer|network) fees?"
                                                 r"|(?:fees?|charges?) (?:for|on|of) "
                                                 r"(?:a |an |the |my )?withdr[a-z]*"), -3),
    Cue(_WITHDRAWAL, _en(r"how long (?:do|does|will|would) (?:a |an |the )?withdrawals? "
                         r"(?:usually |normally |generally |typically )?take"), -3),
    Cue(_WITHDRAWAL, _en(r"in general|generally|usually|typically|normally"), -2),
    Cue(_WITHDRAWAL, r"一般的|目安|通常(?:は|、)?(?:どの|何)"
                     r"|出金(?:に|まで)は?(?:通常)?(?:どの|どれ)(?:くらい|ぐらい|位|程度)", -3),
    Cue(_WITHDRAWAL, r"出金(?:が|を)?でき(?:ない|ません)|"
                     + _en(r"(?:can ?not|can'?t|unable to) withdraw"), -2),
    # fee explanation
    Cue(_FEE, r"手数料", 3),
    Cue(_FEE, r"料金|差し引かれ|引かれ|スプレッド", 1),
    Cue(_FEE, _en(r"fees?"), 3),
    Cue(_FEE, _en(r"charged|commission|overcharged"), 2),
    Cue(_FEE, _en(r"charges?|spread|deducted|cost"), 1),
    Cue(_FEE, r"(?:出金|送金|入金|取引|売買)手数料|"
              + _en(r"(?:withdrawal|trading|trade|deposit|transfer|network) fees?"), 2),
    Cue(_FEE, _TRANSACTION_ID, 1),
    # The published schedule answers a general question; the routine explains one charge.
    Cue(_FEE, _en(r"what (?:are|is) (?:your|the) (?:\w+ )?fees?|fee (?:schedule|table|list)"
                  r"|how much (?:is|are|do you charge)(?: the| your)? ?(?:\w+ )?(?:fees?)?")
              + r"|手数料(?:一覧|表)|手数料はいくら(?:です|でしょう|になります)", -4),
)

_COMPILED = tuple((cue, re.compile(cue.pattern)) for cue in KEYWORDS)
MIN_SCORE = 2.0  # below this nothing is clear: a lone weak cue is not an intent
SAMPLE = 20_000  # characters looked at


def read_intent(subject: str, body: str, model: IntentModel | None = None) -> Reading:
    """What the mail asks for, read by ``model``; by the keywords when there is none.

    The keywords never name a signal (``signals.py`` looks for those either way).
    """
    if model is not None:
        return model.read(subject, body)
    intent, confidence = classify(subject, body)
    return Reading.of(intent.value, confidence)


def classify(subject: str, body: str) -> tuple[Intent, float]:
    """The intent of a mail and a confidence in 0..1; ``(OTHER, 0.0)`` when unclear.

    The confidence grows with the winning score and shrinks with the runner-up's:
    one strong cue alone gives about 0.78, a strong and a medium one about 0.92.
    """
    scores = score(f"{subject}\n{body[:SAMPLE]}")
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, top = ranked[0] if ranked else (Intent.OTHER, 0.0)
    runner_up = max(ranked[1][1], 0.0) if len(ranked) > 1 else 0.0
    if top < MIN_SCORE or top <= runner_up:
        return Intent.OTHER, 0.0
    strength = 1.0 - math.exp(-top / 2.0)
    return best, round(strength * (top - runner_up) / top, 3)


def score(text: str) -> dict[Intent, float]:
    """Each intent's summed cue weights in ``text`` (intents without a cue are absent)."""
    normalised = unicodedata.normalize("NFKC", text).casefold()
    scores: dict[Intent, float] = {}
    for cue, pattern in _COMPILED:
        if pattern.search(normalised):
            scores[cue.intent] = scores.get(cue.intent, 0.0) + cue.weight
    return scores
