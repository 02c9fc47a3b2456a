"""What a name of the project may be: the *atoms* that ``resolve.py`` evaluates expressions to.

- ``FunctionAtom``: a function of the project; ``ClassAtom``: a class; ``InstanceAtom``: an
  instance of that class;
- ``ModuleAtom``: a project module (a file, or a directory of a namespace package);
- ``External("a.b.c")``: a name as the module imports it, which is how registrations are
  recognised: through the module's own imports, so a CrewAI or FastMCP ``tool`` is never
  LangChain's;
- ``ImportAtom``, ``RelativeImportAtom``: an import of the project, not followed yet;
- ``LambdaAtom``: a lambda, which gives what its body does when called.

Plain tuples, each ending with its ``kind``, since the index makes tens of thousands of
them and keeps them in sets. Apart from the evaluation so that the modules that read what
a name means (registrations, helpers, arguments) take these types without the resolver.
"""

from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple, Union

from toolcfg.index.model import Expr
from toolcfg.index.modules import FunctionRef


class FunctionAtom(NamedTuple):
    """A function of the project.

    Every atom ends with its ``kind``: NamedTuples compare as plain tuples, so without it
    ``FunctionAtom(p, 1)`` would equal ``ClassAtom(p, 1)`` in a set. It is a string, not an
    enum, so that the garbage collector stops tracking an atom (a tuple of strings and
    numbers) as it does a plain tuple: the index makes tens of thousands."""

    path: str
    position: int
    kind: str = "function"

    @property
    def ref(self) -> FunctionRef:
        return FunctionRef(self.path, self.position)


class ClassAtom(NamedTuple):
    path: str
    position: int
    kind: str = "class"


class InstanceAtom(NamedTuple):
    """An instance of the class at ``position``."""

    path: str
    position: int
    kind: str = "instance"


class ModuleAtom(NamedTuple):
    """A file, or the directory of a namespace package."""

    path: str
    kind: str = "module"


class External(NamedTuple):
    """A name as the module imports it (``langchain_core.tools.tool``)."""

    name: str
    kind: str = "external"


class LambdaAtom(NamedTuple):
    """``lambda ...: body`` read in ``scope`` of the module at ``path``: calling it gives
    what its body does (``factories[key]()`` with ``lambda: create_analyst(llm)``)."""

    path: str
    scope: int
    body: Expr
    kind: str = "lambda"


class ImportAtom(NamedTuple):
    """``import qualified`` in the module at ``importer``, not followed yet."""

    qualified: str
    importer: str
    kind: str = "import"


class RelativeImportAtom(NamedTuple):
    """``from ..module import name`` in the module at ``importer``, not followed yet."""

    importer: str
    level: int
    module: str
    name: str
    kind: str = "relative import"


Atom = Union[
    FunctionAtom,
    ClassAtom,
    InstanceAtom,
    ModuleAtom,
    External,
    LambdaAtom,
    ImportAtom,
    RelativeImportAtom,
]


#: Atoms with the project's imports followed: no ``ImportAtom`` or ``RelativeImportAtom``.
Concrete = Union[FunctionAtom, ClassAtom, InstanceAtom, ModuleAtom, External, LambdaAtom]


def in_project(atoms: Iterable[Atom]) -> Iterator[Atom]:
    """The atoms that are not library names."""
    return (atom for atom in atoms if not isinstance(atom, External))
