"""How ruff lays out one ``from`` import: on one line while it fits, else one name per line.

An added name makes a one-line import longer, and ruff's isort (I001) reports one that no
longer fits; ``imports.py`` asks here whether it fits and, if not, for ruff's multi-line
layout. A name added to a statement goes into the statement's own layout, with its
comments kept where ruff keeps them.
"""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node

from toolcfg.codemods.commas import insert_items
from toolcfg.codemods.importorder import alias_asname, alias_name, display_width, trailing_comment
from toolcfg.importstyle import ImportStyle


def fits_one_line(line: cst.SimpleStatementLine, style: ImportStyle) -> bool:
    """Would ruff keep this ``from`` import on one line?

    Its one-line form, with the comment after it unless that is a pragma (``# noqa``,
    ``# type:``...), must fit the line length, and ``force-wrap-aliases`` wraps a
    statement of several names with an alias among them.
    """
    statement = line.body[0]
    assert isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar)
    aliases = statement.names
    if (
        style.force_wrap_aliases
        and len(aliases) > 1
        and any(alias.asname is not None for alias in aliases)
    ):
        return False
    width = display_width(f"from {_dots(statement)} import ") + sum(
        display_width(_alias_text(alias)) + 2 for alias in aliases
    )
    width -= 2
    comment = trailing_comment(line)
    if comment is not None and not _is_pragma(comment):
        width += 2 + display_width(comment)
    return width <= style.line_length


def multi_line(module: cst.Module, line: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
    """ruff's layout of an import too long for one line: a name per line, trailing commas.

    A comment after the statement moves after the opening parenthesis, as ruff moves it.
    """
    statement = line.body[0]
    assert isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar)
    newline, indent = module.default_newline, module.default_indent
    comment = trailing_comment(line)
    text = f"from {_dots(statement)} import ({'  ' + comment if comment else ''}{newline}"
    text += "".join(f"{indent}{_alias_text(alias)},{newline}" for alias in statement.names)
    text += f"){newline}"
    wrapped = cst.parse_statement(text, config=module.config_for_parsing)
    assert isinstance(wrapped, cst.SimpleStatementLine)
    return wrapped.with_changes(leading_lines=line.leading_lines)


def insert_alias(statement: cst.ImportFrom, index: int, alias: cst.ImportAlias) -> cst.ImportFrom:
    """Insert ``alias`` at ``index`` in the statement's own layout, as ``insert_items`` does.

    ``insert_items`` edits arguments; each alias stands in as an argument named after its
    position, whose trailing whitespace is the closing parenthesis's, then takes its place
    again with the comma the edit gave it. Comments on lines of their own above the name
    that was at ``index`` stay above it, as ruff keeps them.
    """
    aliases = statement.names
    assert not isinstance(aliases, cst.ImportStar)
    closing = statement.rpar.whitespace_before if statement.rpar else cst.SimpleWhitespace("")
    stand_ins = [
        cst.Arg(
            value=cst.Name(f"_{i}"),
            comma=old.comma,
            whitespace_after_arg=closing if i == len(aliases) - 1 else cst.SimpleWhitespace(""),
        )
        for i, old in enumerate(aliases)
    ]
    opening = statement.lpar.whitespace_after if statement.lpar else cst.SimpleWhitespace("")
    edited = insert_items(stand_ins, index, [cst.Arg(cst.Name(f"_{len(aliases)}"))], opening)
    originals = [*aliases, alias]
    names = []
    for arg in edited:
        assert isinstance(arg.value, cst.Name)
        names.append(originals[int(arg.value.value[1:])].with_changes(comma=arg.comma))
    lpar, rpar = statement.lpar, statement.rpar
    if rpar is not None:
        rpar = rpar.with_changes(whitespace_before=edited[-1].whitespace_after_arg)
    above = lpar.whitespace_after if lpar and index == 0 else None
    before = names[index - 1].comma if index > 0 else None
    if isinstance(before, cst.Comma):
        above = before.whitespace_after
    own = names[index].comma
    if (
        index < len(aliases)
        and isinstance(above, cst.ParenthesizedWhitespace)
        and above.empty_lines
        and isinstance(own, cst.Comma)
        and isinstance(own.whitespace_after, cst.ParenthesizedWhitespace)
    ):
        moved = own.whitespace_after.with_changes(empty_lines=above.empty_lines)
        names[index] = names[index].with_changes(comma=own.with_changes(whitespace_after=moved))
        cleared = above.with_changes(empty_lines=())
        if index == 0:
            assert lpar is not None
            lpar = lpar.with_changes(whitespace_after=cleared)
        else:
            previous = names[index - 1].comma
            assert isinstance(previous, cst.Comma)
            names[index - 1] = names[index - 1].with_changes(
                comma=previous.with_changes(whitespace_after=cleared)
            )
    return statement.with_changes(names=names, lpar=lpar, rpar=rpar)


def _dots(statement: cst.ImportFrom) -> str:
    """The module as ruff writes it: ``..package.module``."""
    module = get_full_name_for_node(statement.module) if statement.module else ""
    return "." * len(statement.relative) + (module or "")


def _alias_text(alias: cst.ImportAlias) -> str:
    asname = alias_asname(alias)
    return alias_name(alias) + (f" as {asname}" if asname else "")


def _is_pragma(comment: str) -> bool:
    """Does ruff leave this comment out of an import's width (``# noqa``, ``# type: ...``)?"""
    text = comment[1:].lstrip()
    if text[:4].lower() == "noqa" or text.startswith("nosec"):
        return True
    prefix, colon, _ = text.partition(":")
    return bool(colon) and prefix in ("isort", "type", "pyright", "pylint", "flake8", "ruff")
