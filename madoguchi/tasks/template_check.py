"""A reply template put through the reply firewall when the rulebook loads, problems by line.

Two passes, so that no branch of a template escapes: the template's own words (every
piece of literal text and every string constant, in any branch) are checked where they
are written; then the template is rendered with representative facts (``samples``) and
the rendered text is checked too, which catches what expressions put together. A
problem in a rendered value that is not the template's own (the signature) is reported
where the template uses it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from madoguchi.tasks.firewall import ReplyPolicy, findings
from madoguchi.tasks.reply import TemplateError, render
from madoguchi.tasks.samples import samples

Located = tuple[int, str]  # (line in the template, message)
SNIPPET_PREFIX = 24  # characters of a finding's snippet looked for in the template's lines


def template_problems(
    source: str,
    name: str,
    facts: frozenset[str],
    values: Mapping[str, Any],
    policy: ReplyPolicy,
) -> tuple[Located, ...]:
    """What the firewall finds in template ``source`` of outcome or draft ``name``.

    ``facts`` are the facts the outcome carries; ``values`` the globals every template
    gets (the signature). A template that renders with none of the samples is reported
    too: it could not answer any customer.
    """
    try:
        tree = SandboxedEnvironment().parse(source)
    except TemplateSyntaxError:
        return ()  # the loader reports syntax errors itself
    found = dict.fromkeys(_own_words(tree, policy))
    for problem in _rendered(source, name, facts, values, policy):
        if not any(message == problem[1] for _, message in found):
            found[problem] = None
    return tuple(found)


def _own_words(tree: nodes.Template, policy: ReplyPolicy) -> Iterator[Located]:
    for node in tree.find_all((nodes.TemplateData, nodes.Const)):
        text = node.data if isinstance(node, nodes.TemplateData) else getattr(node, "value", None)
        if isinstance(text, str):
            for finding in findings(text, policy):
                line = _line_of(text, finding.snippet) or 1
                yield node.lineno + line - 1, finding.message


def _rendered(
    source: str,
    name: str,
    facts: frozenset[str],
    values: Mapping[str, Any],
    policy: ReplyPolicy,
) -> Iterator[Located]:
    every = list(samples(name, facts))
    failures: list[str] = []
    for sample in every:
        try:
            text = render(source, {**sample, **values})
        except TemplateError as exc:
            failures.append(str(exc))
            continue
        for finding in findings(text, policy):
            yield _where(source, finding.snippet, values), finding.message
    if len(failures) == len(every):
        yield 1, f"does not render with any sample facts ({failures[0]})"


def _where(source: str, snippet: str, values: Mapping[str, Any]) -> int:
    """The line of ``source`` that wrote ``snippet``, or that inserts the value holding it."""
    found = _line_of(source, snippet)
    if found is not None:
        return found
    for value_name, value in values.items():
        if isinstance(value, str) and _line_of(value, snippet) is not None:
            return _line_of(source, value_name) or 1
    return 1


def _line_of(text: str, snippet: str) -> int | None:
    """The line (from 1) of ``text`` where ``snippet`` (normalised, maybe joined from several
    lines) starts: found by its first characters, else its first words."""
    lines = [unicodedata.normalize("NFKC", line) for line in text.splitlines()]
    words = snippet.split()
    for prefix in (snippet[:SNIPPET_PREFIX], " ".join(words[:2]), " ".join(words[:1])):
        for number, line in enumerate(lines, start=1):
            if prefix and prefix in line:
                return number
    return None
