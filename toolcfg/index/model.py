"""The summary of one module, as typed data: what the index and the analysis exchange.

``summary.py`` builds a ``Summary`` from a module's ``ast``; ``codec.py`` turns it into JSON
for the cache and back; the project pass (``resolve.py`` and the modules above it) and the
LibCST analysis read it. It depends on nothing but the file: imports are recorded as
written, relative ones unresolved, and expressions as small symbolic trees (``Expr``) that
the project pass evaluates later, across modules.

Everything is a ``NamedTuple``: summaries are built for every candidate file and decoded
from the cache whenever files changed, and a tuple is the cheapest frozen record Python
has. A kind of thing is a type (``Name``, ``ImportBinding``...), never a tag inside it.
Tuples compare by their fields alone, so ``Name("x") == Text("x")``: nothing compares
expressions or bindings, and the project pass's atoms, which sets do hold, carry their kind.

A new fact is a field here, or a new record type (a member of a union needs a tag in
``codec.TAGS``): the codec stores and checks it from its annotation, an index typed
``ScopeIndex``, ``FunctionIndex`` or ``ClassIndex`` included, and summaries cached without
it are made again (their layout differs).

Records refer to one another by position (``ScopeIndex``, ``FunctionIndex``,
``ClassIndex``): a function's ``scope`` is an index into ``Summary.scopes``, a
``FunctionBinding``'s into ``Summary.functions``. A record's ``parent`` always comes
before it, so walking up parents ends.

Functions and classes get a *key*, their dotted path in the module (``build.agent``,
``SearchTool._arun``), with ``@2``, ``@3``... for a name defined again in the same scope.
The analysis computes the same keys from LibCST, so the two tiers name one function alike.
"""

from __future__ import annotations

from enum import Enum
from typing import Mapping, NamedTuple, NewType, Optional, Sequence, Tuple, Union

#: The position of a record in ``Summary.scopes``, ``functions`` or ``classes``: what a
#: field refers to (the codec checks each against the number of records).
ScopeIndex = NewType("ScopeIndex", int)
FunctionIndex = NewType("FunctionIndex", int)
ClassIndex = NewType("ClassIndex", int)
#: A call, by where its called name starts (``f`` in ``f(...)``, ``ainvoke`` in
#: ``x.ainvoke(...)``): a line and a UTF-8 byte column. The analysis finds calls by it.
CallKey = Tuple[int, int]
#: A constant used as a dict key or a subscript: a string, an int (``True`` is one, as in
#: Python), or None for any other.
Key = Union[str, int, bool, None]


class ScopeKind(str, Enum):
    MODULE = "module"
    FUNCTION = "function"
    CLASS = "class"


class ParamKind(str, Enum):
    POSITIONAL_ONLY = "posonly"
    POSITIONAL = "pos"
    #: ``*args``
    STAR = "star"
    KEYWORD_ONLY = "kwonly"
    #: ``**kwargs``
    DOUBLE_STAR = "kwstar"

    @property
    def positional(self) -> bool:
        """Can a call pass it by position?"""
        return self in (ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL)

    @property
    def variadic(self) -> bool:
        return self in (ParamKind.STAR, ParamKind.DOUBLE_STAR)


# -- expressions -------------------------------------------------------------------------------


class Name(NamedTuple):
    name: str


class Attribute(NamedTuple):
    value: Expr
    attr: str


class Call(NamedTuple):
    """``callee(...)``. Of its arguments only the first positional one can matter
    (``partial(fn, ...)``): ``args`` holds it, and ``UNKNOWN`` for any more; keywords are
    named only (``"**"`` for a ``**mapping``), which messages and ``args_schema=`` need."""

    callee: Expr
    args: Tuple[Expr, ...]
    keywords: Tuple[str, ...]


class ListOf(NamedTuple):
    """A list, tuple or set display."""

    items: Tuple[Expr, ...]


class Starred(NamedTuple):
    """``*value`` in a display, or ``**value`` in a dict."""

    value: Expr


class DictOf(NamedTuple):
    """A dict display: ``(key, value)`` pairs, ``(None, Starred(mapping))`` for ``**``."""

    items: Tuple[Tuple[Key, Expr], ...]


class Subscript(NamedTuple):
    value: Expr
    key: Key


class Concat(NamedTuple):
    """``left + right``."""

    left: Expr
    right: Expr


class Either(NamedTuple):
    """``first if test else second``."""

    first: Expr
    second: Expr


class Text(NamedTuple):
    """A string constant (its first 200 characters)."""

    value: str


class Lambda(NamedTuple):
    """``lambda ...: body``, its body read where the lambda is (a node factory behind a
    lambda, ``{"market": lambda: create_market_analyst(llm)}``, returns what it calls)."""

    body: Expr


class Unknown(NamedTuple):
    """Anything else."""


Expr = Union[
    Name, Attribute, Call, ListOf, Starred, DictOf, Subscript, Concat, Either, Text, Lambda, Unknown
]
UNKNOWN = Unknown()


def dotted(expr: Expr) -> Optional[str]:
    """``a.b.c`` for a chain of names, None for anything else."""
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Attribute):
        head = dotted(expr.value)
        return None if head is None else f"{head}.{expr.attr}"
    return None


def describe(expr: Expr) -> str:
    """``llm.bind_tools(...)``: an expression as the user would name it in a message."""
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Attribute):
        return f"{describe(expr.value)}.{expr.attr}"
    if isinstance(expr, Call):
        return f"{describe(expr.callee)}({'...' if expr.args or expr.keywords else ''})"
    if isinstance(expr, Subscript):
        return f"{describe(expr.value)}[...]"
    return "(...)"


# -- what a name is bound to -------------------------------------------------------------------


class FunctionBinding(NamedTuple):
    """``def name``: the function at ``position``."""

    position: FunctionIndex


class ClassBinding(NamedTuple):
    """``class name``: the class at ``position``."""

    position: ClassIndex


class SelfBinding(NamedTuple):
    """The first parameter of a method of the class at ``owner``."""

    owner: ClassIndex


class ParameterBinding(NamedTuple):
    """Any other parameter: whatever the caller passes; and a field a class body annotates
    without a value (a dataclass's or a pydantic model's), which its constructor takes."""

    #: The class its annotation names (``agent: VizAgent``, ``Optional["VizAgent"]``), as
    #: a ``ListOf`` for a union; ``UNKNOWN`` for anything else.
    annotation: Expr


class ValueBinding(NamedTuple):
    """``name = value``, and more values for it: ``name += [...]``, ``name.append(...)``."""

    value: Expr


class ImportBinding(NamedTuple):
    """``import a.b as name``, ``from a import name``: ``qualified`` is ``a.b``, ``a.name``."""

    qualified: str
    #: False under ``if TYPE_CHECKING:``, where it does not exist at run time.
    runtime: bool


class RelativeImportBinding(NamedTuple):
    """``from ..module import name`` (``level`` 2), resolved against the module's package
    only by whoever knows it."""

    level: int
    module: str
    name: str
    runtime: bool


class OpaqueBinding(NamedTuple):
    """Bound to something the summary does not follow: an unpacked target, an ``except``
    name, a ``with`` target."""


Binding = Union[
    FunctionBinding,
    ClassBinding,
    SelfBinding,
    ParameterBinding,
    ValueBinding,
    ImportBinding,
    RelativeImportBinding,
    OpaqueBinding,
]


class StarImport(NamedTuple):
    """``from module import *`` (``level`` dots before ``module``)."""

    level: int
    module: str


class Scope(NamedTuple):
    parent: Optional[ScopeIndex]
    kind: ScopeKind
    #: Every binding of each name in the scope, in the order the code makes them.
    bindings: Mapping[str, Sequence[Binding]]
    stars: Sequence[StarImport]


# -- how a registration's value is run --------------------------------------------------------


class RunMode(str, Enum):
    """How a graph, chain or agent is run, as far as the scope that builds it shows
    (``runs.py``): only with sync methods (or not at all), with an async one, or handed on
    where anything may run it."""

    SYNC = "sync"
    ASYNC = "async"
    ESCAPES = "escapes"


class Run(NamedTuple):
    mode: RunMode
    #: The module-level names the value is bound to: SYNC then holds only for a script, a
    #: module that runs the value itself and that no other module can reach, which the
    #: project pass decides.
    module_names: Tuple[str, ...] = ()
    #: A sync run of the value was seen: a module that never runs what it binds at its top
    #: level builds it for others to import.
    ran: bool = False


#: What the summary records where it cannot judge: the value may be run anywhere.
ESCAPES = Run(RunMode.ESCAPES)


# -- functions, classes, calls -----------------------------------------------------------------


class Param(NamedTuple):
    name: str
    kind: ParamKind
    #: The names the annotation spells, in order (``Optional RunnableConfig``), or None.
    annotation: Optional[str]
    has_default: bool

    @property
    def takes_runnable_config(self) -> bool:
        """Named ``config``, or annotated with a ``RunnableConfig``."""
        return self.name == "config" or (
            self.annotation is not None and "RunnableConfig" in self.annotation
        )


class NamedCall(NamedTuple):
    """A call of a dotted name (``helper(...)``, ``mod.make(...)``): the project pass tells
    which project function, if any, it calls, and what it passes that function's
    parameters (``build_graph(node_functions={...})``)."""

    line: int
    column: int
    callee: Expr
    #: The scope the callee and the arguments are read in.
    scope: ScopeIndex
    #: The positional arguments (``Starred`` for ``*args``), and the keyword ones by name
    #: (``"**"`` for a ``**mapping``).
    args: Tuple[Expr, ...]
    keywords: Mapping[str, Expr]

    @property
    def key(self) -> CallKey:
        return self.line, self.column


class RunnableCall(NamedTuple):
    """``receiver.ainvoke(input, ...)`` and the other methods of ``registry.RUNNABLE_METHODS``."""

    line: int
    column: int
    method: str
    receiver: Expr
    scope: ScopeIndex
    #: The name a ``**name`` argument spreads: a function that passes its own ``**kwargs``
    #: on passes on a ``config=`` its caller gives it.
    spreads: Optional[str] = None

    @property
    def key(self) -> CallKey:
        return self.line, self.column

    @property
    def text(self) -> str:
        """``model.ainvoke()``, as a message names it."""
        return f"{describe(self.receiver)}.{self.method}()"


class Function(NamedTuple):
    key: str
    name: str
    #: Its body's scope, and the scope its ``def`` is in.
    scope: ScopeIndex
    outer: ScopeIndex
    #: The class it is a method of.
    owner: Optional[ClassIndex]
    is_async: bool
    #: Its first line (its first decorator's), its ``def``'s, and its last.
    first: int
    line: int
    last: int
    #: The lines a statement at the def's indentation starts on, and that indentation.
    headers: Tuple[int, ...]
    indent: int
    params: Tuple[Param, ...]
    decorators: Tuple[Expr, ...]
    calls: Sequence[NamedCall]
    #: Sorted by position.
    runnable: Sequence[RunnableCall]
    returns: Sequence[Expr]
    #: The function it is defined in.
    parent: Optional[FunctionIndex]
    #: It uses ``locals()``, ``eval``, ``exec`` or ``vars``: its names cannot be followed.
    dynamic: bool
    #: Its ``config`` parameter is the application's settings (``config["model"]``), not a
    #: RunnableConfig.
    settings_config: bool
    #: A decorated function: how the value its name is bound to is run (``@chain``,
    #: ``@entrypoint`` make a runnable of it); ``ESCAPES`` for any other.
    run: Run = ESCAPES


class Assigned(NamedTuple):
    """``self.attr = value`` in a method, or ``attr=value`` passed to ``super().__init__``
    in ``__init__``; ``value`` read in ``scope``."""

    value: Expr
    scope: ScopeIndex


class Class(NamedTuple):
    key: str
    name: str
    scope: ScopeIndex
    outer: ScopeIndex
    bases: Tuple[Expr, ...]
    #: The first method of each name.
    methods: Mapping[str, FunctionIndex]
    attributes: Mapping[str, Sequence[Assigned]]
    line: int


class Span(NamedTuple):
    line: int
    column: int
    end_line: int
    end_column: int


class Site(NamedTuple):
    """A call that may register something (its callee spells a word of the registry):
    its arguments are recorded in full."""

    scope: ScopeIndex
    span: Span
    callee: Expr
    args: Tuple[Expr, ...]
    #: ``"**"`` keys a ``**mapping``.
    keywords: Mapping[str, Expr]
    #: The function it is in.
    function: Optional[FunctionIndex]
    #: How what it registers into is run: the receiver of a method (``builder`` of
    #: ``builder.add_node(...)``), and the call's own value (``RunnableLambda(fn)``,
    #: ``create_agent(...)``).
    receiver_run: Run = ESCAPES
    value_run: Run = ESCAPES


class Summary(NamedTuple):
    future_annotations: bool
    #: The top-level names of the absolute imports, sorted.
    libraries: Tuple[str, ...]
    #: The module's scope first.
    scopes: Sequence[Scope]
    functions: Sequence[Function]
    classes: Sequence[Class]
    sites: Sequence[Site]
    #: Calls at module level (and in class bodies).
    calls: Sequence[NamedCall]
    #: The oldest Python the module can be imported on, when its top level imports a name
    #: older ones lack (``from typing import NotRequired``: 3.11), and that import.
    needs: Optional[Tuple[int, int]] = None
    needs_reason: str = ""
