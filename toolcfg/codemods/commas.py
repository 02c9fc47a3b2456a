"""Edit comma-separated lists (parameters, arguments) in the list's own layout.

A one-line list stays on one line. In a list laid out one item per line, a new item gets
its own line and a trailing comma stays trailing. A lone item on a line of its own, without
a trailing comma, is how ruff lays out contents that fit on one line: the new item joins it
there, unless the lone item spans lines, when ruff puts each on its own line with a trailing
comma. Comments stay on the line of the item they follow, and are never copied.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple, TypeVar, Union

import libcst as cst

#: A call's arguments, or a signature's items: parameters mixed with ``*`` and ``/``.
Item = TypeVar("Item", cst.Arg, Union[cst.Param, cst.ParamStar, cst.ParamSlash])


def insert_items(
    items: Sequence[Item],
    index: int,
    new: Sequence[Item],
    opening: cst.BaseParenthesizableWhitespace,
) -> List[Item]:
    """Insert ``new`` at ``index``; ``opening`` is the whitespace after the opening bracket."""
    items = list(items)
    separator = _separator(items, index, opening)
    new = [item.with_changes(comma=separator) for item in new]
    if not items:
        new[-1] = new[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return new
    exploded = _is_lone(items, opening) and _spans_lines(items[0])
    if index < len(items):
        if exploded:  # the lone item, now last of several lines, takes the trailing comma
            lone = items[0]
            closing = getattr(lone, _TRAILING[type(lone)])
            items = [
                lone.with_changes(
                    comma=cst.Comma(whitespace_after=closing),
                    **{_TRAILING[type(lone)]: cst.SimpleWhitespace("")},
                )
            ]
        return items[:index] + new + items[index:]

    # Appending: the new last item takes over the closing layout; the old last item keeps
    # its comments and gets an ordinary separator.
    last = items[-1]
    if isinstance(last.comma, cst.Comma):
        closing = last.comma.whitespace_after
        new[-1] = new[-1].with_changes(
            comma=last.comma.with_changes(whitespace_after=_bare(closing))
        )
    else:
        closing = getattr(last, _TRAILING[type(last)])
        if exploded:  # ruff's one item per line ends with a trailing comma
            new[-1] = new[-1].with_changes(comma=cst.Comma(whitespace_after=_bare(closing)))
        else:
            new[-1] = new[-1].with_changes(
                comma=cst.MaybeSentinel.DEFAULT, **{_TRAILING[type(new[-1])]: _bare(closing)}
            )
        last = last.with_changes(**{_TRAILING[type(last)]: cst.SimpleWhitespace("")})
    kept = separator.with_changes(
        whitespace_after=_keep_comments(closing, separator.whitespace_after)
    )
    items[-1] = last.with_changes(comma=kept)
    return items + new


def remove_item(items: Sequence[Item], index: int) -> List[Item]:
    """Remove one item; if it was last, the new last item takes over the closing layout."""
    rest = list(items)
    removed = rest.pop(index)
    if index < len(rest) or not rest:
        return rest
    last = rest[-1]
    if isinstance(removed.comma, cst.Comma):
        own = (
            last.comma.whitespace_after
            if isinstance(last.comma, cst.Comma)
            else cst.SimpleWhitespace("")
        )
        comma = removed.comma.with_changes(
            whitespace_after=_keep_comments(own, removed.comma.whitespace_after)
        )
        rest[-1] = last.with_changes(comma=comma)
    else:
        rest[-1] = last.with_changes(
            comma=cst.MaybeSentinel.DEFAULT,
            **{_TRAILING[type(last)]: getattr(removed, _TRAILING[type(removed)])},
        )
    return rest


#: The whitespace an item keeps before the closing bracket when it has no comma.
_TRAILING: Dict[type, str] = {
    cst.Param: "whitespace_after_param",
    cst.Arg: "whitespace_after_arg",
    cst.ParamSlash: "whitespace_after",
}


def _separator(
    items: Sequence[Item], index: int, opening: cst.BaseParenthesizableWhitespace
) -> cst.Comma:
    """The comma, with its whitespace but none of its comments, that this list puts between items."""
    inner = [item.comma for item in items[:-1] if isinstance(item.comma, cst.Comma)]
    before = items[index - 1].comma if 0 < index < len(items) else None
    if isinstance(before, cst.Comma):
        comma = before
    elif inner:
        comma = inner[-1]
    elif isinstance(opening, cst.ParenthesizedWhitespace) and not (
        _is_lone(items, opening) and not _spans_lines(items[0])
    ):
        comma = cst.Comma(whitespace_after=opening)
    else:
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return comma.with_changes(whitespace_after=_bare(comma.whitespace_after))


def _is_lone(items: Sequence[Item], opening: cst.BaseParenthesizableWhitespace) -> bool:
    """One item on a line of its own, without a trailing comma."""
    return (
        len(items) == 1
        and isinstance(opening, cst.ParenthesizedWhitespace)
        and not isinstance(items[0].comma, cst.Comma)
    )


def _spans_lines(item: Item) -> bool:
    """Does the item need more than its own line: a value over several lines, or a comment?"""
    trailing = getattr(item, _TRAILING[type(item)], None)
    if isinstance(trailing, cst.ParenthesizedWhitespace) and (
        trailing.first_line.comment is not None or trailing.empty_lines
    ):
        return True
    bare = item.with_changes(**{_TRAILING[type(item)]: cst.SimpleWhitespace("")})
    return "\n" in cst.Module(body=()).code_for_node(bare)


def _bare(whitespace: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """The same line break and indentation, without comments or blank lines."""
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        return whitespace.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return whitespace


def _keep_comments(
    own: cst.BaseParenthesizableWhitespace, layout: cst.BaseParenthesizableWhitespace
) -> cst.BaseParenthesizableWhitespace:
    """``own``'s comment and blank lines, then the line start ``layout`` gives the next item."""
    if not isinstance(own, cst.ParenthesizedWhitespace):
        return layout
    if isinstance(layout, cst.ParenthesizedWhitespace):
        return own.with_changes(indent=layout.indent, last_line=layout.last_line)
    has_comments = own.first_line.comment is not None or bool(own.empty_lines)
    return own if has_comments else layout


def one_per_line(
    items: Sequence[Item],
    opening: cst.BaseParenthesizableWhitespace,
    indent: str,
    comments: Dict[int, str],
) -> Tuple[List[Item], cst.BaseParenthesizableWhitespace]:
    """The items one per line, each with a comma (the trailing one keeps ruff and Black from
    joining them again), and the whitespace after the opening bracket. ``comments``: a
    comment for the line of the item at that index. A comment already on an item's line
    stays there."""
    laid: List[Item] = []
    for index, item in enumerate(items):
        last = index == len(items) - 1
        comment = comments.get(index) or _comment_after(item)
        line = cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  " if comment else ""),
                comment=cst.Comment(comment) if comment else None,
            ),
            indent=True,
            last_line=cst.SimpleWhitespace("" if last else indent),
        )
        changes: Dict[str, object] = {"comma": cst.Comma(whitespace_after=line)}
        if type(item) in _TRAILING:
            changes[_TRAILING[type(item)]] = cst.SimpleWhitespace("")
        laid.append(item.with_changes(**changes))
    kept = opening.first_line if isinstance(opening, cst.ParenthesizedWhitespace) else None
    start = cst.ParenthesizedWhitespace(
        first_line=kept or cst.TrailingWhitespace(),
        indent=True,
        last_line=cst.SimpleWhitespace(indent),
    )
    return laid, start


def _comment_after(item: Item) -> Optional[str]:
    """The comment on the line an item ends, after its comma or before the bracket."""
    for whitespace in (
        item.comma.whitespace_after if isinstance(item.comma, cst.Comma) else None,
        getattr(item, _TRAILING.get(type(item), ""), None),
    ):
        if isinstance(whitespace, cst.ParenthesizedWhitespace) and whitespace.first_line.comment:
            return whitespace.first_line.comment.value
    return None
