"""The shared corpus of real mail (../shared/corpus/emails) and its INDEX.tsv tags."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from tests.support.corpus import CORPUS
from tests.support.services import unavailable


@dataclass(frozen=True)
class CorpusMail:
    """One corpus file: its path relative to the corpus, its heuristic tags, its bytes."""

    name: str
    tags: frozenset[str]
    charsets: frozenset[str]

    @property
    def raw(self) -> bytes:
        return (CORPUS / self.name).read_bytes()


def corpus() -> list[CorpusMail]:
    """Every indexed corpus mail; skips the test (fails it in CI) when the corpus is absent."""
    index = CORPUS / "INDEX.tsv"
    if not index.is_file():
        unavailable(f"the mail corpus is not at {CORPUS} (set MADOGUCHI_CORPUS)")
    with index.open(encoding="utf-8", newline="") as rows:
        return [
            CorpusMail(row["file"], _set(row["tags_heuristic"]), _set(row["japanese_charsets"]))
            for row in csv.DictReader(rows, delimiter="\t")
        ]


def _set(field: str | None) -> frozenset[str]:
    return frozenset(item for item in (field or "").replace(",", ";").split(";") if item)
