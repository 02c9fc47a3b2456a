"""Carry out a file's edits on its LibCST tree. Nothing here decides anything: each edit
names the node it changes by a position the analysis computed. A text's edits are carried
out on the pieces of it they change, each parsed alone (``pieces.py``), and spliced back.

Parameters and comma lists are edited in the list's own layout (``commas.py``), and new
imports go where the project's isort settings put them (``imports.py``). Lines a fix makes
too long are left to the user's formatter (``toolcfg.formatting``).
"""

from __future__ import annotations

import bisect
from typing import Dict, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from toolcfg.codemods import pieces
from toolcfg.codemods.commas import insert_items
from toolcfg.codemods.imports import add_imports
from toolcfg.codemods.pieces import Span
from toolcfg.codemods.signatures import add_parameter, change_parameter
from toolcfg.importstyle import ImportStyle
from toolcfg.interpreter import collector_held
from toolcfg.linter import sources
from toolcfg.linter.findings import (
    AddImport,
    AddParameter,
    ChangeParameter,
    Edit,
    ForwardConfig,
    Position,
    Rename,
    ReplaceConfig,
)
from toolcfg.linter.sources import Source
from toolcfg.textedits import split_lines

Signature = Union[AddParameter, ChangeParameter]


#: Where in the original text an edit changes something: (start, end) positions.
Regions = Dict[Edit, List[Tuple[Position, Position]]]


def apply_edits(
    module: cst.Module,
    edits: Sequence[Edit],
    style: Optional[ImportStyle] = None,
    regions: Optional[Regions] = None,
    later: Sequence[cst.Module] = (),
) -> cst.Module:
    """The module with ``edits`` carried out; an edit repeated is carried out once. With
    ``regions``, records the span of the original text each edit changes (imports have
    none: they go where the import style says). ``later``: as ``add_imports`` takes it."""
    unique = list(dict.fromkeys(edits))
    module = _carried_out(sources.whole(module), unique, regions)
    wanted = [(edit.module, edit.name) for edit in unique if isinstance(edit, AddImport)]
    if wanted:
        module = add_imports(module, wanted, style or ImportStyle(), later)
    return module


def _carried_out(source: Source, edits: Sequence[Edit], regions: Optional[Regions]) -> cst.Module:
    """``source``'s module with the edits that name a node in it carried out."""
    # One level of indentation: the module's, or a function piece's, whose body sets it.
    transformer = _Apply(edits, source, regions, source.module.default_indent)
    if not transformer.has_work:
        return source.module
    # Positions are worked out before the walk, as ``MetadataWrapper.visit`` does: started
    # deep in the walk of a deeply nested module, it would run out of recursion.
    source.start(source.module)
    return source.module.visit(transformer)


class _Apply(cst.CSTTransformer):
    """Finds each edit's node by its position in the file, which ``source`` works out."""

    def __init__(
        self,
        edits: Sequence[Edit],
        source: Source,
        regions: Optional[Regions] = None,
        indent: str = "    ",
    ) -> None:
        super().__init__()
        self.source = source
        self.regions = regions
        #: One level of the module's indentation, for a signature laid out one per line.
        self.indent = indent
        self.signatures: Dict[Position, List[Signature]] = {}
        self.forwards: Dict[Position, List[ForwardConfig]] = {}
        self.replaces: Dict[Position, ReplaceConfig] = {}
        self.renames: Dict[Position, str] = {}
        self.rename_edits: Dict[Position, Rename] = {}
        for edit in edits:
            if isinstance(edit, (AddParameter, ChangeParameter)):
                self.signatures.setdefault(edit.function, []).append(edit)
            elif isinstance(edit, ForwardConfig):
                self.forwards.setdefault(edit.call, []).append(edit)
            elif isinstance(edit, ReplaceConfig):
                self.replaces[edit.call] = edit
            elif isinstance(edit, Rename):
                self.renames.update(dict.fromkeys(edit.references, edit.new))
                self.rename_edits.update(dict.fromkeys(edit.references, edit))
        self.has_work = bool(self.signatures or self.forwards or self.replaces or self.renames)

    def _position(self, node: cst.CSTNode) -> Position:
        return self.source.start(node)

    def _end(self, node: cst.CSTNode) -> Position:
        return self.source.end(node)

    def _region(self, edit: Edit, start: cst.CSTNode, end: cst.CSTNode) -> None:
        if self.regions is not None:
            self.regions.setdefault(edit, []).append((self._position(start), self._end(end)))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if self.renames:
            where = self._position(original_node)
            new = self.renames.get(where)
            if new is not None:
                self._region(self.rename_edits[where], original_node, original_node)
                return updated_node.with_changes(value=new)
        return updated_node

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        edits = self.signatures.get(self._position(original_node.name), [])
        # A renamed parameter is found under its new name.
        renamed = {
            param.name.value: self.renames[where]
            for param in _params(original_node.params)
            if (where := self._position(param.name)) in self.renames
        }
        for edit in edits:
            self._region(edit, original_node.name, original_node.params)
            if isinstance(edit, AddParameter):
                updated_node = add_parameter(updated_node, edit, self.indent)
            else:
                updated_node = change_parameter(
                    updated_node, edit, renamed.get(edit.name), self.indent
                )
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = original_node.func
        name = func.attr if isinstance(func, cst.Attribute) else func
        if not (self.forwards or self.replaces):
            return updated_node
        where = self._position(name)
        replace = self.replaces.get(where)
        for edit in [replace, *self.forwards.get(where, ())]:
            if edit is not None:
                self._region(edit, name, original_node)
        if replace is not None:
            updated_node = updated_node.with_changes(
                args=replace_config_argument(updated_node, replace)
            )
        for forward in self.forwards.get(where, ()):
            updated_node = updated_node.with_changes(
                args=add_keyword_argument(updated_node, forward.keyword, forward.value)
            )
        return updated_node


def apply_text(
    text: str,
    edits: Sequence[Edit],
    style: Optional[ImportStyle] = None,
    regions: Optional[Regions] = None,
) -> str:
    """``apply_edits`` on a text, parsing only what the edits change: each function's edits
    are carried out on that function parsed alone, as the analysis parses it, and new imports
    on the module's first statements parsed alone (``pieces.py``); the pieces are spliced
    back into the text. A text that cannot be cut so is parsed whole. LibCST drops a last
    lone ``\\r`` line ending when it writes a module back; it is kept here, and any other
    difference is an error."""
    unique = list(dict.fromkeys(edits))
    with collector_held():
        found: Regions = {}
        spliced = _in_pieces(text, unique, style, found)
        if spliced is None:
            found = {}
            module = cst.parse_module(text)
            tail = lost_tail(module.code, text)
            spliced = apply_edits(module, unique, style, found).code + tail
    if regions is not None:
        for edit, spans in found.items():
            regions.setdefault(edit, []).extend(spans)
    return spliced


def _in_pieces(
    text: str, edits: Sequence[Edit], style: Optional[ImportStyle], regions: Regions
) -> Optional[str]:
    """The text with ``edits`` carried out piece by piece; None if it cannot be cut so."""
    outline = pieces.outline(text)
    if outline is None:
        return None
    imports = [edit for edit in edits if isinstance(edit, AddImport)]
    block: Optional[Span] = None
    if imports:
        if outline.imports.last is None:
            return None
        block = Span(1, outline.imports.last)
    chosen: Set[Span] = {block} if block is not None else set()
    located: List[Tuple[Edit, List[int]]] = []
    for edit in edits:
        at = _lines_of(edit)
        if not at:
            continue
        for line in at:
            span = block if block is not None and line <= block.last else None
            span = span or outline.function_at(line, line)
            if span is None:
                return None  # an edit outside any function
            chosen.add(span)
        located.append((edit, at))
    roots = _roots(chosen)
    firsts = [root.first for root in roots]
    by_root: Dict[Span, Dict[Edit, None]] = {root: {} for root in roots}
    for edit, at in located:
        for line in at:
            by_root[roots[bisect.bisect_right(firsts, line) - 1]][edit] = None
    lines = split_lines(text, keepends=True)
    newline = pieces.default_newline(text)
    replaced: List[Tuple[Span, str]] = []
    for root in roots:
        if root == block:
            edits_there = [*by_root[root], *imports]
            new = _imports_added(lines, root, edits_there, style, outline.imports, regions)
        else:
            new = _function_edited(lines, root, list(by_root[root]), newline, regions)
        if new is None:
            return None
        replaced.append((root, new))
    spliced, written = _spliced(lines, replaced, block)
    pieces.remember(spliced, written)
    return spliced


def _lines_of(edit: Edit) -> List[int]:
    """The lines of the nodes an edit names."""
    if isinstance(edit, (AddParameter, ChangeParameter)):
        return [edit.function.line]
    if isinstance(edit, (ForwardConfig, ReplaceConfig)):
        return [edit.call.line]
    if isinstance(edit, Rename):
        return sorted({position.line for position in edit.references})
    return []


def _roots(spans: Set[Span]) -> List[Span]:
    """The spans not inside another, in order: functions nest, and a function in the
    import block is inside it."""
    found: List[Span] = []
    for span in sorted(spans, key=lambda span: (span.first, -span.last)):
        if not found or span.first > found[-1].last:
            found.append(span)
    return found


def _function_edited(
    lines: Sequence[str],
    span: Span,
    edits: Sequence[Edit],
    newline: str,
    regions: Regions,
) -> Optional[str]:
    """The text of the function at ``span`` with ``edits`` carried out on it alone."""
    source = sources.piece(lines, span.first, span.last, span.indent, span.headers)
    if source is None or source.module.default_newline != newline:
        return None  # new line breaks would be the piece's, not the file's
    return _written(lines, span, source, _carried_out(source, edits, regions))


def _imports_added(
    lines: Sequence[str],
    span: Span,
    edits: Sequence[Edit],
    style: Optional[ImportStyle],
    block: pieces.ImportBlock,
    regions: Regions,
) -> Optional[str]:
    """The module's first statements with ``edits`` carried out, new imports among them."""
    source = _statements(lines, span)
    if source is None or (block.indented and not _has_indented_block(source.module)):
        return None  # new lines would be indented as the piece is, not as the module is
    later = []
    for late in block.late:
        parsed = _statements(lines, late)
        if parsed is None:
            return None
        later.append(parsed.module)
    return _written(lines, span, source, apply_edits(source.module, edits, style, regions, later))


def _statements(lines: Sequence[str], span: Span) -> Optional[Source]:
    """Whole top-level statements parsed alone."""
    text = sources.piece_text(lines, span.first, span.last, 0, frozenset())
    if text is None:
        return None
    try:
        return sources.whole(cst.parse_module(text))
    except (cst.ParserSyntaxError, SyntaxError, RecursionError):
        return None


class _IndentedBlocks(cst.CSTVisitor):
    found = False

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> bool:
        self.found = True
        return False


def _has_indented_block(module: cst.Module) -> bool:
    """LibCST indents new lines as the module's first indented block is indented."""
    visitor = _IndentedBlocks()
    module.visit(visitor)
    return visitor.found


def _written(lines: Sequence[str], span: Span, source: Source, module: cst.Module) -> Optional[str]:
    """The piece's new text as the file's lines: the indentation taken off its first lines
    put back, and no line ending where the file's last line had none."""
    original = "".join(lines[span.first - 1 : span.last])
    parsed = sources.piece_text(lines, span.first, span.last, span.indent, span.headers)
    assert parsed is not None
    try:
        tail = lost_tail(source.module.code, parsed)
    except ValueError:
        return None
    new = module.code + tail
    if not original.endswith(("\n", "\r")):
        if not new.endswith("\n"):
            return None
        new = new[:-1]
    if not span.headers:
        return new
    new_lines = split_lines(new, keepends=True)
    old_lines = split_lines(parsed, keepends=True)
    start = max(span.headers) - span.first  # the ``def`` line: only it, and what follows, change
    if len(new_lines) <= start or new_lines[:start] != old_lines[:start]:
        return None
    for header in span.headers:
        row = header - span.first
        new_lines[row] = lines[header - 1][: span.indent] + new_lines[row]
    return "".join(new_lines)


def _spliced(
    lines: Sequence[str], replaced: Sequence[Tuple[Span, str]], block: Optional[Span]
) -> Tuple[str, pieces.Written]:
    """The text of ``lines`` with each span's lines replaced; and where the new pieces are
    in it (``block``: the span of the first statements, where imports went)."""
    parts: List[str] = []
    functions: List[Span] = []
    imports: Optional[Span] = None
    cursor = 0
    shift = 0  # lines the pieces before added, less those they took out
    for span, new in replaced:
        parts.extend(lines[cursor : span.first - 1])
        parts.append(new)
        cursor = span.last
        first = span.first + shift
        last = first + len(split_lines(new)) - 1
        shift = last - span.last
        if span == block:
            imports = Span(first, last)
        else:
            headers = frozenset(header + first - span.first for header in span.headers)
            functions.append(Span(first, last, span.indent, headers))
    parts.extend(lines[cursor:])
    return "".join(parts), pieces.Written(tuple(functions), imports)


def lost_tail(produced: str, original: str) -> str:
    if produced == original:
        return ""
    if original == produced + "\r":
        return "\r"
    raise ValueError("LibCST does not write this file back as it was")


def _params(params: cst.Parameters) -> List[cst.Param]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    for extra in (params.star_arg, params.star_kwarg):
        if isinstance(extra, cst.Param):
            found.append(extra)
    return found


def add_keyword_argument(call: cst.Call, keyword: str, value: str) -> List[cst.Arg]:
    """The call's arguments with ``keyword=<value>`` added last, but before any ``**kwargs``."""
    arg = cst.Arg(
        keyword=cst.Name(keyword),
        value=cst.parse_expression(value),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    args = list(call.args)
    index = next((i for i, existing in enumerate(args) if existing.star == "**"), len(args))
    return insert_items(args, index, [arg], call.whitespace_before_args)


def replace_config_argument(call: cst.Call, edit: ReplaceConfig) -> Tuple[cst.Arg, ...]:
    """The call's arguments with the config it passes replaced, passed the same way."""
    args = list(call.args)
    keyword = [
        i
        for i, arg in enumerate(args)
        if arg.keyword is not None and arg.keyword.value == edit.keyword
    ]
    positional = [i for i, arg in enumerate(args) if arg.keyword is None and not arg.star]
    index: Optional[int] = (
        keyword[0]
        if keyword
        else positional[edit.index]
        if edit.index is not None and edit.index < len(positional)
        else None
    )
    if index is None:
        return tuple(args)
    args[index] = args[index].with_changes(value=cst.parse_expression(edit.value))
    return tuple(args)


def changed_lines(edits: Sequence[Edit]) -> Set[int]:
    """The lines the edits name: where the formatter may have to lay out again."""
    lines: Set[int] = set()
    for edit in edits:
        if isinstance(edit, (AddParameter, ChangeParameter)):
            lines.add(edit.function.line)
        elif isinstance(edit, (ForwardConfig, ReplaceConfig)):
            lines.add(edit.call.line)
        elif isinstance(edit, Rename):
            lines.update(position.line for position in edit.references)
    return lines
