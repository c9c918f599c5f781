"""The customer's own words: a reply's quoted history and signature cut away.

Line based. ``>`` lines go; the text stops at the first line that starts quoted
history or a signature:

- English: "On ... wrote:" (on one line or two), "-----Original Message-----",
  "---------- Forwarded message ---------", "Begin forwarded message:", Outlook's
  underscore rule and its "From: ... / Sent: ..." header block;
- Japanese: "2026年11月28日(土) 10:00 ... :", "2026/11/28 10:00、... のメッセージ:",
  「以下、元のメッセージ」, "----- 元のメッセージ -----", "転送されたメッセージ:", Outlook's
  "差出人: ... / 送信日時: ..." block;
- signatures: "-- " and "--", "Sent from my iPhone"-style lines, and a rule of ━, ─,
  ＝, ■ and the like when only a signature's few lines follow it (a longer text after
  a rule is the customer's own, divided into sections).

A date in a marker must come with a time of day: "2026年11月28日の出金について:" is the
customer's sentence, not a quotation header. What is cut stays in ``Message.text`` for
the human agent.
"""

from __future__ import annotations

import re

from madoguchi.triage.deadline import Deadline, unlimited

_QUOTED = re.compile(r"^\s*[>＞]")
_TIME = r"\d{1,2}[:：]\d{2}"
# A line that by itself starts quoted history.
_MARKERS = re.compile(
    rf"""^\s*(?:
        -{{2,}}\s*(?:original\s+message|forwarded\s+message|元のメッセージ|転送されたメッセージ
                  |転送メッセージ)\s*-*
      | _{{10,}}
      | 以下[、,]?\s*元の(?:メッセージ|メール)(?:です)?[。:：]?
      | (?:begin\s+forwarded\s+message|転送されたメッセージ)\s*[:：]
      | on\s.{{0,200}}\swrote:
      | \d{{4}}年\s*\d{{1,2}}月\s*\d{{1,2}}日.{{0,20}}?{_TIME}.{{0,200}}[:：]
      | \d{{4}}[/-]\d{{1,2}}[/-]\d{{1,2}}.{{0,20}}?{_TIME}.{{0,200}}[:：]
      | -{{2}}\s?
      | sent\sfrom\smy\s(?:iphone|ipad|android|mobile|galaxy|blackberry).{{0,40}}
      | (?:iphone|ipad|android|スマートフォン|携帯)から送信
      | get\soutlook\sfor\s(?:ios|android)
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "On Mon, 1 Jan 2024 at 10:00, Alice <alice@example.com>" / "wrote:" split over two lines.
_ON_LINE = re.compile(r"^\s*on\s.{0,200}$", re.IGNORECASE)
_WROTE_LINE = re.compile(r"^.{0,120}wrote:\s*$", re.IGNORECASE)
# Outlook's header block of the quoted mail: a From line, then its date a line or so later.
_FROM_LINE = re.compile(r"^\s*\*?(?:from|差出人|送信者)\s*\*?\s*[:：]", re.IGNORECASE)
_SENT_LINE = re.compile(r"^\s*\*?(?:sent|date|送信日時|送信日|日時)\s*\*?\s*[:：]", re.IGNORECASE)
HEADER_BLOCK_LINES = 3  # lines after a From line in which its date is looked for
# A rule line: at least five of these characters and nothing else.
_RULE = re.compile(r"^\s*[━─＝=＊*～~＿_－\-■□◆◇☆★・]{5,}\s*$")
SIGNATURE_LINES = 12  # non-empty lines a signature below a rule may have
SIGNATURE_SCAN = 60  # lines looked at below a rule (bounds the work on hostile text)
CHECK_EVERY = 2_000  # lines between deadline checks


def strip_quotes(text: str, deadline: Deadline | None = None) -> str:
    """``text`` up to the first quoted-history or signature marker, without ``>`` lines.

    Raises ``MalformedMail`` when ``deadline`` passes.
    """
    deadline = deadline or unlimited()
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if index % CHECK_EVERY == 0:
            deadline.check("stripping quoted history")
        if _starts_history(lines, index) or _starts_signature(lines, index, kept):
            break
        if not _QUOTED.match(line):
            kept.append(line)
    return "\n".join(kept).strip()


def _starts_history(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _MARKERS.match(line):
        return True
    following = lines[index + 1 : index + 1 + HEADER_BLOCK_LINES]
    if _ON_LINE.match(line) and following and _WROTE_LINE.match(following[0]):
        return True
    return bool(_FROM_LINE.match(line) and any(_SENT_LINE.match(f) for f in following))


def _starts_signature(lines: list[str], index: int, kept: list[str]) -> bool:
    """A rule line with the customer's words above it and only a signature's lines below."""
    if not _RULE.match(lines[index]) or not any(line.strip() for line in kept):
        return False
    end = index + 1 + SIGNATURE_SCAN
    below = 0
    for line in lines[index + 1 : end]:
        if _MARKERS.match(line) or _QUOTED.match(line):
            return True
        below += bool(line.strip())
        if below > SIGNATURE_LINES:
            return False
    return end >= len(lines)
