"""How fast triage is on one core: parse, guards, authentication, signals, the intent
model and entities, for the evaluation set's mails and for the real-world corpus."""

from __future__ import annotations

import contextlib
import time

from evaluation.dataset import load_cases, raw_mail
from madoguchi.domain.errors import MalformedMail
from madoguchi.rules import load_rulebook
from madoguchi.tasks import CONTRACTS
from madoguchi.triage import understand
from madoguchi.triage.model import IntentModel
from madoguchi.workers.intents import intent_model
from tests.support.corpus import CORPUS

AUTHSERV_ID = "mx.bench.test"


def triage_speed(rounds: int = 3) -> dict[str, float | int | None]:
    """Mails per second (the best of ``rounds``) on the evaluation set and the corpus."""
    model = intent_model(load_rulebook(contracts=CONTRACTS))
    evaluation = [raw_mail(case, n) for n, case in enumerate(load_cases())]
    corpus = [p.read_bytes() for p in sorted(CORPUS.rglob("*.eml"))] if CORPUS.exists() else []
    return {
        "evaluation_mails": len(evaluation),
        "evaluation_per_s": max(_rate(evaluation, model) for _ in range(rounds)),
        "corpus_mails": len(corpus),
        "corpus_per_s": max(_rate(corpus, model) for _ in range(rounds)) if corpus else None,
    }


def _rate(mails: list[bytes], model: IntentModel | None) -> float:
    started = time.perf_counter()
    for raw in mails:
        with contextlib.suppress(MalformedMail):
            understand(raw, authserv_id=AUTHSERV_ID, model=model)
    return round(len(mails) / (time.perf_counter() - started))
