"""Which language a message is written in: Japanese, English, or something else.

Counting scripts tells the two served languages apart. Japanese needs kana (kanji alone
is as likely Chinese); English needs the letters to be almost all ASCII and enough of
its words to be common English words (Italian or Spanish are written in ASCII too).
Everything else, including too little text to tell, is ``other`` and goes to a human.
"""

from __future__ import annotations

import re

from madoguchi.domain.mail import Language

_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[a-z']+")
# Frequent English words that are rare as words of other Latin-script languages.
_ENGLISH_WORDS = frozenset(
    {
        "the", "and", "is", "are", "was", "were", "to", "of", "my", "i", "i'm", "you",
        "your", "it", "it's", "for", "on", "with", "have", "has", "had", "not", "this",
        "that", "please", "can", "could", "would", "what", "when", "why", "how", "do",
        "does", "did", "don't", "be", "been", "me", "we", "our", "hello", "hi", "thanks",
        "thank", "dear", "yet", "still", "account", "there", "from", "at", "by", "an", "will",
    }
)  # fmt: skip

MIN_JAPANESE = 4  # kana and kanji together
MIN_LATIN = 8  # ASCII letters
# A Japanese character carries about as much as a short word; a sentence with a few
# English product names or a URL is still Japanese.
JAPANESE_WEIGHT = 5
ENGLISH_SHARE = 0.9  # of all letters; accented letters mean another Latin-script language
ENGLISH_WORD_SHARE = 0.15  # of all words; running English text has about 40 %
SAMPLE = 20_000  # characters looked at; enough to tell, bounded in time


def detect_language(text: str) -> Language:
    """The language of ``text`` (a subject and body, say)."""
    sample = text[:SAMPLE]
    kana = len(_KANA.findall(sample))
    japanese = kana + len(_KANJI.findall(sample))
    latin = len(_ASCII_LETTER.findall(sample))
    if kana and japanese >= MIN_JAPANESE and japanese * JAPANESE_WEIGHT >= latin:
        return Language.JA
    if latin >= MIN_LATIN and latin >= ENGLISH_SHARE * len(_LETTER.findall(sample)):
        return Language.EN if _english_words(sample) else Language.OTHER
    return Language.OTHER


def _english_words(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    common = sum(word in _ENGLISH_WORDS for word in words)
    return common >= 1 and common >= ENGLISH_WORD_SHARE * len(words)
