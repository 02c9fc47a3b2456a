"""What a rule is: its code, name, messages, documentation and the versions where it bites.

A rule is one frozen object, defined in the module of its family, in the way ruff keeps a
rule's documentation, message and fix applicability in one file. The analysis asks a rule
for its message; the reporter and ``toolcfg rule`` ask it for its documentation; the
runner asks its ``Condition`` whether the project's Python and package versions can be
affected at all.
"""

from __future__ import annotations

import enum
import textwrap
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

Release = Tuple[int, ...]


class FixAvailability(enum.Enum):
    """As ruff's rule pages say it."""

    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NONE = "not"


@dataclass(frozen=True)
class Condition:
    """Where a rule bites: on Python from ``python_from`` and older than ``python_below``,
    with each package of ``packages`` older than its bound and each of ``packages_from`` at
    its bound or newer. An empty condition holds everywhere."""

    python_below: Optional[Release] = None
    #: The oldest Python the code can run on at all (LangChain v1 requires 3.10).
    python_from: Optional[Release] = None
    #: ``(package, first release that is not affected)`` pairs.
    packages: Tuple[Tuple[str, Release], ...] = ()
    #: ``(package, first release that is affected)`` pairs.
    packages_from: Tuple[Tuple[str, Release], ...] = ()

    def describe(self) -> str:
        """For the documentation: ``Python < 3.11 with langchain-core < 1.4.8``, ``Python
        3.10``, ``langgraph >= 0.6.0``."""
        parts = []
        if self.python_below is not None and self.python_from is not None:
            parts.append(f"Python {minors(self.python_from, self.python_below)}")
        elif self.python_below is not None:
            parts.append(f"Python < {dotted(self.python_below)}")
        elif self.python_from is not None:
            parts.append(f"Python >= {dotted(self.python_from)}")
        parts.extend(f"{name} < {dotted(bound)}" for name, bound in self.packages)
        parts.extend(f"{name} >= {dotted(bound)}" for name, bound in self.packages_from)
        return " with ".join(parts) if parts else "every version"


#: Holds everywhere: the defect does not depend on versions.
ALWAYS = Condition()


def dotted(release: Release) -> str:
    return ".".join(map(str, release))


def minors(first: Release, below: Release) -> str:
    """``3.10``, ``3.9 and 3.10``, ``3.8 to 3.10``: the minor versions from ``first`` up to
    (not including) ``below``."""
    major = first[0]
    low = first[1] if len(first) > 1 else 0
    high = below[1] - 1 if len(below) > 1 and below[0] == major else low
    if high <= low:
        return f"{major}.{low}"
    if high == low + 1:
        return f"{major}.{low} and {major}.{high}"
    return f"{major}.{low} to {major}.{high}"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    #: Message templates by variant, filled with ``str.format`` fields by the analysis.
    messages: Mapping[str, str]
    what: str
    why: str
    example: str
    use_instead: str
    fix_safety: str
    fix_availability: FixAvailability = FixAvailability.ALWAYS
    #: What ``--show-fixes`` and SARIF call the fix.
    fix_title: Optional[str] = None
    condition: Condition = ALWAYS
    #: Variants whose condition differs from the rule's (``TCF101``'s defaults).
    variant_conditions: Mapping[str, Condition] = field(default_factory=dict)
    #: Functions the rule covers that bite under another condition, whatever the variant,
    #: by the words the documentation names them with ("an async-generator node").
    qualifiers: Mapping[str, Condition] = field(default_factory=dict)

    def message(self, variant: str, **fields: object) -> str:
        return self.messages[variant].format(**fields)

    def condition_of(self, variant: str, qualifier: Optional[str] = None) -> Condition:
        if qualifier is not None:
            return self.qualifiers[qualifier]
        return self.variant_conditions.get(variant, self.condition)

    def variants_by_condition(self) -> List[Tuple[Tuple[str, ...], Condition]]:
        """The message variants grouped by where they bite, in the messages' order."""
        groups: Dict[Condition, List[str]] = {}
        for variant in self.messages:
            groups.setdefault(self.condition_of(variant), []).append(variant)
        return [(tuple(variants), condition) for condition, variants in groups.items()]

    def documentation(self) -> str:
        when = _when(self)
        return "\n".join(
            [
                f"# {self.name} ({self.code})",
                "",
                f"Fix is {self.fix_availability.value} available.",
                "",
                "## What it does",
                self.what.strip(),
                "",
                "## Why is this bad?",
                self.why.strip(),
                "",
                "## When it bites",
                when,
                "",
                "## Example",
                "```python",
                self.example.rstrip(),
                "```",
                "",
                "Use instead:",
                "```python",
                self.use_instead.rstrip(),
                "```",
                "",
                "## Fix safety",
                self.fix_safety.strip(),
                "",
            ]
        )


def _when(rule: Rule) -> str:
    conditions = {rule.condition, *rule.variant_conditions.values()}
    qualified = "".join(
        f" For {qualifier}: on {condition.describe()}."
        for qualifier, condition in rule.qualifiers.items()
    )
    if conditions == {ALWAYS}:
        text = (
            "On every Python and package version: the defect does not depend on versions, so "
            "the rule is reported whatever the project's `target-version`."
        )
    elif len(conditions) == 1:
        text = (
            f"On {rule.condition.describe()}. toolcfg reports it only where the project can "
            "run there: see `target-version` and the declared package versions in the README, "
            "and `toolcfg check --show-settings FILE`."
        )
    else:
        variants = "; ".join(
            f"{', '.join(variants)}: {condition.describe()}"
            for variants, condition in rule.variants_by_condition()
        )
        text = (
            f"It depends on the declaration ({variants}). toolcfg reports each only where "
            "the project can run there (`toolcfg check --show-settings FILE`)."
        )
    return wrap(text + qualified)


def wrap(paragraph: str) -> str:
    return textwrap.fill(
        " ".join(paragraph.split()), width=88, break_on_hyphens=False, break_long_words=False
    )


def bullets(items: Sequence[str]) -> str:
    """A Markdown list, each item wrapped as ``wrap`` wraps a paragraph."""
    return "\n".join(
        textwrap.fill(
            " ".join(item.split()),
            width=88,
            initial_indent="- ",
            subsequent_indent="  ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        for item in items
    )


def paragraphs(*texts: str) -> str:
    return "\n\n".join(text.strip() for text in texts if text.strip())


# -- text the families share -------------------------------------------------------------

HOW_LOST = """\
LangChain runs these functions with a `RunnableConfig` that carries the caller's
callbacks, tags and metadata. On Python 3.9 and 3.10, `asyncio.create_task()` takes no
`context=` argument, so LangChain cannot run the function inside the context that holds
that config. Unless the function takes the config and passes it on, the runnables it
calls are invisible to the caller: no `on_chat_model_*` events in `astream_events()`, no
tokens in LangGraph's `stream_mode="messages"`, no inner runs in a trace. The call still
returns the right answer, so nobody notices. An explicit config that is not built from
the received one, such as `config={"run_name": "inner"}`, loses the events the same way,
and so does a project function the callable calls that makes the runnable call without a
config (a helper)."""

FORWARDING = """\
A call forwards the config when it passes, as `config=` or as the second positional
argument, a config built from the received one: the config itself, `{**config, ...}`,
`patch_config(config, ...)`, `merge_configs(config, ...)`, `ensure_config(config)`,
`runtime.config`, or a variable assigned from one of these; or when its receiver is
built with `.with_config(...)` from it. A config whose `callbacks` are the received
config's (`{"callbacks": config["callbacks"]}`,
`.with_config(callbacks=config.get("callbacks"))`) or the run's child
(`RunnableConfig(callbacks=run_manager.get_child())`, a tool's `callbacks` parameter)
carries the events too. Mentioning the config somewhere inside another value, as in
`config={"tags": [config["x"]]}` or `.with_config({"api_key": key(config)})`, does not
forward it; neither does `None` or an empty `RunnableConfig()`. Calls with `*args` or
`**kwargs` are not judged, but for the function's own `**kwargs` where it takes a
`config` parameter: they cannot hold that config. A call of a project function (a
helper) that makes runnable calls counts like a runnable call: it must be passed the
config, and the helper must pass it on."""

HELPERS = """\
A call of a helper that drops the config is reported at the call. The fix gives the
helper a `config` parameter that defaults to `None` (`config: RunnableConfig | None =
None`, or `Optional[RunnableConfig]` where the project's Python needs it; README,
"Fixes"), so that its other callers keep working, forwards it at the helper's own calls,
and passes the config at the reported call; the helper is fixed in its own file. A helper
that spreads its own `**kwargs` into every runnable call it makes
(`ainvoke_with_retry(llm, messages, **kwargs)`) already passes on a `config=` it is
given: it is left alone, and only the call passes one."""

FOREIGN = """\
A call that passes a config of its own (`llm.ainvoke(x, {"tags": ["nostream"]})`) keeps
it: the fix merges it with the received one, `merge_configs(config, {...})`, so the
author's tags or run name stay and the caller's callbacks are added. `None` and an empty
`RunnableConfig()` are replaced by the received config."""

SIGNATURE = """\
The parameter is appended when the signature allows it, and otherwise added keyword-only
(after `*args` or a new `*`); it always goes before `**kwargs`."""

NO_FIX_REBOUND = """\
A call in a nested function, lambda or comprehension that binds the config's name again
has no fix: there, the name is something else."""
