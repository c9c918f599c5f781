"""Intent models trained once per rulebook version and kept in memory for the process.

Training takes well under a second for the default rulebook's examples (measured: about
0.3 s for 900 examples, plus about 0.7 s to import scikit-learn once), so models are
never written to disk: nothing is ever loaded from a file the operator does not
control, and a changed rulebook (a new version) simply trains a new model.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from madoguchi.triage.model import Example, IntentModel

KEPT = 2  # versions kept: the one in use, and the one before during a rollout


class ModelCache:
    """The models trained so far, by rulebook version; safe to share between threads."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._models: OrderedDict[str, IntentModel | None] = OrderedDict()
        self._lock = threading.Lock()

    def model(
        self, version: str, examples: Callable[[], Iterable[Example]]
    ) -> IntentModel | None:
        """The model of rulebook ``version``, trained from ``examples()`` the first time.

        None when the rulebook has no examples (triage then falls back to the keyword
        classifier). Raises ``ConfigurationError`` when the examples cannot teach a model.
        """
        with self._lock:
            if version in self._models:
                self._models.move_to_end(version)
                return self._models[version]
            taught = list(examples())
            model = IntentModel.train(taught) if taught else None
            self._models[version] = model
            while len(self._models) > self._kept:
                self._models.popitem(last=False)
            return model


MODELS = ModelCache()  # the process's cache; workers build the model at start-up through it
