"""Load a rulebook folder (``rulebook.yaml`` + ``templates/``) into a checked ``Rulebook``.

Loading reports every problem it finds at once, each as ``file:line:column: message``:
YAML syntax, duplicate and unknown keys, wrong types, references to queues that do not
exist, templates missing for an enabled routine's outcome in a served language,
template syntax errors, and the problems of the ``rules:`` (``rule_check``: conditions,
duplicate ids, unknown routines and queues, rules that can never match). Given the
routines' contracts, it also reports a template that uses a value its routine does not
provide, a template or listed outcome the routine does not know, an enabled routine's
invalid options, and a template the reply firewall refuses (a link to a domain not in
``reply.allowed_link_domains``, a phone number not in ``reply.allowed_phone_numbers``, a
request for a password, a seed phrase, a private key or a one-time code), found in any
branch of the template or in its text rendered with the routine's sample facts. A
rulebook that loads is one the engine can use as it is.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml
from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment
from pydantic import ValidationError

from madoguchi.rules.contracts import RoutineFacts, known_templates
from madoguchi.rules.errors import Problem, RulebookError
from madoguchi.rules.intents import IntentExample, load_intent_examples
from madoguchi.rules.rule_check import compile_rules, rule_problems
from madoguchi.rules.schema import TEMPLATE_GLOBALS, Rulebook, RulebookFile, template_key
from madoguchi.rules.source import (
    Position,
    YamlSource,
    duplicate_keys,
    position,
    read_yaml,
    validation_problem,
    yaml_problem,
)

DEFAULT_PATH = Path(__file__).parent / "default"
RULEBOOK_FILE = "rulebook.yaml"
TEMPLATES_DIR = "templates"
TEMPLATE_SUFFIX = ".j2"
VERSION_LENGTH = 12

Loc = tuple[str | int, ...]


def load_rulebook(
    path: Path | None = None, *, contracts: Mapping[str, RoutineFacts] | None = None
) -> Rulebook:
    """The rulebook in folder ``path`` (or the folder of a ``rulebook.yaml`` given as path).

    None loads the default rulebook shipped with madoguchi. ``contracts`` (by routine
    name; ``madoguchi.tasks.CONTRACTS``) adds the checks against what each routine
    provides; routines without one are not checked that way. Raises ``RulebookError``
    listing every problem found.
    """
    folder = rulebook_folder(path)
    files = read_files(folder)
    yaml_file = folder / RULEBOOK_FILE
    if RULEBOOK_FILE not in files:
        raise RulebookError([Problem(str(yaml_file), 1, 1, "rulebook file not found")])
    checker = _Checker(yaml_file)
    spec = checker.settings(files[RULEBOOK_FILE])
    templates = checker.templates(folder, files)
    if spec is not None:
        checker.templates_present(spec, templates)
        for routine, contract in (contracts or {}).items():
            checker.contract(spec, routine, contract, templates, folder)
    examples = checker.intent_examples(folder)
    if checker.problems or spec is None:
        raise RulebookError(checker.problems)
    return Rulebook.model_validate(
        {
            **dict(spec),
            "version": _version(files),
            "templates": templates,
            "intent_examples": examples,
        }
    )


def rulebook_folder(path: Path | None) -> Path:
    """The rulebook folder ``path`` names (itself, or the folder of a file in it)."""
    if path is None:
        return DEFAULT_PATH
    return path.parent if path.name == RULEBOOK_FILE or path.is_file() else path


def rulebook_files(folder: Path) -> list[Path]:
    """Every file that belongs to the rulebook in ``folder``, in path order."""
    return [
        file
        for file in sorted(folder.rglob("*"))
        if file.is_file() and not _hidden(file.relative_to(folder))
    ]


def read_files(folder: Path) -> dict[str, bytes]:
    """Every file of the rulebook folder by its relative POSIX path, hidden ones left out."""
    files = rulebook_files(folder)
    return {file.relative_to(folder).as_posix(): file.read_bytes() for file in files}


def _hidden(relative: Path) -> bool:
    # Editors leave swap and backup files, Python its caches; none is part of the rulebook.
    return any(
        part.startswith(".") or part.endswith("~") or part == "__pycache__"
        for part in relative.parts
    )


def version_of(folder: Path) -> str:
    """The version the rulebook in ``folder`` would have if loaded now (a hash of its
    files); cheap enough to ask every few seconds."""
    return _version(read_files(folder))


def _version(files: dict[str, bytes]) -> str:
    """A short hash of every file's path and contents, in sorted path order."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()[:VERSION_LENGTH]


class _Checker:
    """Collects the problems of one rulebook while reading its parts."""

    def __init__(self, yaml_file: Path) -> None:
        self.yaml_file = yaml_file
        self.problems: list[Problem] = []
        self.source = YamlSource(None, None)
        self.broken_templates: set[str] = set()

    def settings(self, content: bytes) -> RulebookFile | None:
        """``rulebook.yaml`` validated, or None with its problems recorded."""
        try:
            self.source = read_yaml(content.decode("utf-8"))
        except UnicodeDecodeError as exc:
            self._add(Position(1, 1), f"not UTF-8 text ({exc.reason})")
            return None
        except yaml.YAMLError as exc:
            self._yaml_error(exc)
            return None
        for where, key in duplicate_keys(self.source.root):
            self._add(where, f"duplicate key {key!r}")
        broken_conditions = self._rule_problems(compile_rules(self.source.data))
        try:
            spec = RulebookFile.model_validate(self.source.data)
        except ValidationError as exc:
            for error in exc.errors():
                self._validation_error(tuple(error["loc"]), error["type"], error["msg"])
            return None
        self._cross_references(spec)
        has_hours = isinstance(self.source.data, dict) and "business_hours" in self.source.data
        # A broken condition was dropped, which makes its rule look unconditional: the
        # order check would then blame the rules after it.
        order = not broken_conditions
        self._rule_problems(rule_problems(spec, has_hours=has_hours, order=order))
        return spec

    def intent_examples(self, folder: Path) -> tuple[IntentExample, ...]:
        """The intent examples under ``intents/``, their problems recorded."""
        try:
            return load_intent_examples(folder)
        except RulebookError as exc:
            self.problems.extend(exc.problems)
            return ()

    def _rule_problems(self, found: list[tuple[Loc, bool, str]]) -> int:
        for loc, at_key, message in found:
            self._add(self._at(loc, at_key=at_key), message)
        return len(found)

    def templates(self, folder: Path, files: dict[str, bytes]) -> dict[str, str]:
        """Every template's source by key, syntax-checked."""
        environment = SandboxedEnvironment()
        found: dict[str, str] = {}
        prefix = f"{TEMPLATES_DIR}/"
        for name, content in files.items():
            if not (name.startswith(prefix) and name.endswith(TEMPLATE_SUFFIX)):
                continue
            key = name[len(prefix) : -len(TEMPLATE_SUFFIX)]
            source = self._template_source(folder / name, content, environment)
            if source is None:
                self.broken_templates.add(key)
            else:
                found[key] = source
        return found

    def templates_present(self, spec: RulebookFile, templates: dict[str, str]) -> None:
        """A template for every outcome of every enabled routine, in every language."""
        for routine, outcome, index, language in _required_templates(spec):
            key = template_key(routine, outcome, language)
            if key not in templates and key not in self.broken_templates:
                where = self._at(("routines", routine, "outcomes", index))
                expected = f"{TEMPLATES_DIR}/{key}{TEMPLATE_SUFFIX}"
                message = f"no {language} template for {routine} outcome {outcome}"
                self._add(where, f"{message} (expected {expected})")
        for routine, settings in spec.routines.items():
            if settings.enabled and not settings.outcomes:
                message = f"enabled routine {routine} lists no outcomes"
                self._add(self._at(("routines", routine), at_key=True), message)

    def contract(
        self,
        spec: RulebookFile,
        routine: str,
        contract: RoutineFacts,
        templates: dict[str, str],
        folder: Path,
    ) -> None:
        """The rulebook's outcomes, templates and options of ``routine`` against ``contract``."""
        known = known_templates(contract)
        settings = next((s for name, s in spec.routines.items() if name == routine), None)
        if settings is not None:
            self._listed_outcomes(routine, settings.outcomes, known)
            if settings.enabled:
                self._options(routine, settings.options, contract)
        prefix = f"{routine}/"
        for key, source in templates.items():
            if key.startswith(prefix):
                rest = key[len(prefix) :]
                name, _, language = rest.rpartition(".")  # "<outcome>.<language>"
                name = name or rest
                file = folder / TEMPLATES_DIR / f"{key}{TEMPLATE_SUFFIX}"
                if self._template_facts(file, source, routine, name, known):
                    self._firewall(file, source, name, language, contract, spec)

    def _listed_outcomes(
        self, routine: str, outcomes: tuple[str, ...], known: Mapping[str, frozenset[str]]
    ) -> None:
        for index, outcome in enumerate(outcomes):
            if outcome not in known:
                where = self._at(("routines", routine, "outcomes", index))
                names = ", ".join(sorted(known))
                self._add(where, f"routine {routine} has no outcome {outcome!r} (it has {names})")

    def _options(self, routine: str, options: Mapping[str, object], contract: RoutineFacts) -> None:
        for problem in contract.option_problems(dict(options)):
            where = self._at(("routines", routine, "options"), at_key=True)
            self._add(where, f"routines.{routine}.options.{problem}")

    def _firewall(
        self,
        file: Path,
        source: str,
        name: str,
        language: str,
        contract: RoutineFacts,
        spec: RulebookFile,
    ) -> None:
        """The reply firewall's findings in a template, at their lines."""
        signature = next((s for lang, s in spec.reply.signature.items() if lang == language), "")
        values = {"signature": signature}
        for line, message in contract.reply_problems(name, source, values, spec.reply):
            self.problems.append(Problem(str(file), line, 1, f"reply firewall: {message}"))

    def _template_facts(
        self, file: Path, source: str, routine: str, name: str, known: Mapping[str, frozenset[str]]
    ) -> bool:
        """A template's values must be facts its outcome always carries, or globals.

        Returns whether the template may be rendered with its outcome's facts.
        """
        if name not in known:
            message = f"template for {routine} outcome {name!r}, which the routine does not have"
            self.problems.append(Problem(str(file), 1, 1, message))
            return False
        environment = SandboxedEnvironment()
        tree = environment.parse(source)
        # The analysis compiles the template, which needs every filter it names to exist;
        # the reply filters live with the routines, so stand-ins take their place here.
        for node in tree.find_all(nodes.Filter):
            environment.filters.setdefault(node.name, _stand_in)
        unknown = meta.find_undeclared_variables(tree) - known[name] - TEMPLATE_GLOBALS
        for value in sorted(unknown):
            message = f"{value!r} is not a fact of {routine} outcome {name}"
            line = _first_use(tree, value)
            self.problems.append(Problem(str(file), line, _column(source, line, value), message))
        return not unknown

    def _template_source(
        self, file: Path, content: bytes, environment: SandboxedEnvironment
    ) -> str | None:
        try:
            source = content.decode("utf-8")
            environment.parse(source)
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(str(file), 1, 1, f"not UTF-8 text ({exc.reason})"))
            return None
        except TemplateSyntaxError as exc:
            self.problems.append(Problem(str(file), exc.lineno, 1, exc.message or "syntax error"))
            return None
        return source

    def _cross_references(self, spec: RulebookFile) -> None:
        """Queues that are named must exist; every language needs a signature."""
        queues = spec.escalation.queues
        default = spec.escalation.default_queue
        if default not in queues:
            self._add(self._at(("escalation", "default_queue")), f"unknown queue {default!r}")
        for signal, queue in spec.escalation.signal_queues.items():
            if queue not in queues:
                where = self._at(("escalation", "signal_queues", signal))
                self._add(where, f"unknown queue {queue!r}")
        for language in spec.languages:
            if language not in spec.reply.signature:
                where = self._at(("reply", "signature"), at_key=True)
                self._add(where, f"no signature for {language}")

    def _validation_error(self, loc: Loc, kind: str, message: str) -> None:
        self._add(*validation_problem(self.source.root, loc, kind, message))

    def _yaml_error(self, exc: yaml.YAMLError) -> None:
        self._add(*yaml_problem(exc))

    def _at(self, path: Loc, *, at_key: bool = False) -> Position:
        return position(self.source.root, path, at_key=at_key)

    def _add(self, where: Position, message: str) -> None:
        self.problems.append(Problem(str(self.yaml_file), where.line, where.column, message))


def _required_templates(spec: RulebookFile) -> Iterator[tuple[str, str, int, str]]:
    for routine, routine_spec in spec.routines.items():
        if routine_spec.enabled:
            for index, outcome in enumerate(routine_spec.outcomes):
                for language in spec.languages:
                    yield routine, outcome, index, language


def _first_use(tree: nodes.Template, name: str) -> int:
    """The line where ``name`` is first read in a template."""
    lines = [node.lineno for node in tree.find_all(nodes.Name) if node.name == name]
    return min(lines, default=1)


def _column(source: str, line: int, name: str) -> int:
    """The column of ``name`` as a whole word on ``line`` of a template (1 if not found)."""
    lines = source.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    found = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text)
    return found.start() + 1 if found else 1


def _stand_in(value: object, *args: object, **kwargs: object) -> object:
    """A filter that is never called: it only lets a template be analysed."""
    return value
