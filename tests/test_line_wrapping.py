"""A line the fix makes too long is wrapped as ``ruff format`` wraps it, and nothing else is.

The unit tests give ``wrap_long_lines`` a text before and after a change and check the
layout it writes. ``test_fixed_programs_stay_ruff_formatted`` holds the whole fix to ruff
itself: it generates LangChain tools in many shapes and lengths, has ``ruff format`` lay
them out at several line lengths, fixes them, and asks ``ruff format --check`` about the
result.
"""

from __future__ import annotations

import dataclasses
import random
import re
import subprocess
from pathlib import Path
from typing import List

import pytest

from test_formatter_stability import RUFF
from toolcfg.codemods import forward_config
from toolcfg.codemods.ruff_layout import width
from toolcfg.codemods.wrapping import _without_added_parentheses, wrap_long_lines
from toolcfg.runner import Mode, Options, check_source
from toolcfg.settings import Settings


def wrapped(before: str, after: str, line_length: int = 88) -> str:
    return wrap_long_lines(before, after, line_length)


def test_a_call_that_no_longer_fits_gets_its_arguments_on_one_indented_line() -> None:
    before = "async def f(q):\n    reply = await llm.ainvoke(f\"Answer this ticket: {ticket}\")\n"
    after = before.replace('{ticket}")', '{ticket}", config=config)')
    assert wrapped(before, after, 70) == (
        "async def f(q):\n"
        "    reply = await llm.ainvoke(\n"
        '        f"Answer this ticket: {ticket}", config=config\n'
        "    )\n"
    )


def test_arguments_that_do_not_fit_on_one_line_go_one_per_line_with_a_trailing_comma() -> None:
    before = "x = llm.ainvoke({'question': question, 'context': context})\n"
    after = before.replace("})", "}, config=config)")
    assert wrapped(before, after, 60) == (
        "x = llm.ainvoke(\n"
        "    {'question': question, 'context': context},\n"
        "    config=config,\n"
        ")\n"
    )


def test_a_signature_splits_at_its_parameters_not_its_return_annotation() -> None:
    before = "async def node(state: State, llm: BaseChatModel) -> Dict[str, Any]:\n    pass\n"
    after = before.replace("BaseChatModel)", "BaseChatModel, config: RunnableConfig)")
    assert wrapped(before, after) == (
        "async def node(\n"
        "    state: State, llm: BaseChatModel, config: RunnableConfig\n"
        ") -> Dict[str, Any]:\n"
        "    pass\n"
    )


def test_a_lone_parameter_gets_a_trailing_comma() -> None:
    before = "async def a_rather_long_node_name_for_the_summary_step() -> Dict[str, Any]:\n    pass\n"
    after = before.replace("()", "(config: RunnableConfig)")
    assert wrapped(before, after) == (
        "async def a_rather_long_node_name_for_the_summary_step(\n"
        "    config: RunnableConfig,\n"
        ") -> Dict[str, Any]:\n"
        "    pass\n"
    )


def test_an_item_of_an_exploded_list_splits_at_its_own_brackets() -> None:
    before = (
        "found, review = await asyncio.gather(\n"
        "    researcher.ainvoke({'messages': [('user', topic)]}),\n"
        "    critic.ainvoke({'messages': [('user', f'Is this a good question? {topic}')]}),\n"
        ")\n"
    )
    after = before.replace("]}),", "]}, config=config),")
    assert wrapped(before, after) == (
        "found, review = await asyncio.gather(\n"
        "    researcher.ainvoke({'messages': [('user', topic)]}, config=config),\n"
        "    critic.ainvoke(\n"
        "        {'messages': [('user', f'Is this a good question? {topic}')]}, config=config\n"
        "    ),\n"
        ")\n"
    )


def test_the_last_bracket_is_split_first_and_its_contents_stay_whole_when_they_fit() -> None:
    before = "    return {'messages': [await llm.ainvoke(state['messages'])]}\n"
    after = before.replace("])]", "], config=config)]")
    assert wrapped(before, after, 76) == (
        "    return {\n"
        "        'messages': [await llm.ainvoke(state['messages'], config=config)]\n"
        "    }\n"
    )


def test_a_trailer_after_the_parentheses_stays_on_the_closing_line() -> None:
    before = "draft = (await llm.ainvoke(f'Improve this draft: {draft}')).content\n"
    after = before.replace("}')", "}', config=config)")
    assert wrapped(before, after, 75) == (
        "draft = (\n    await llm.ainvoke(f'Improve this draft: {draft}', config=config)\n).content\n"
    )


def test_a_call_chain_goes_in_parentheses_and_then_one_call_per_line() -> None:
    before = "invoice = await llm.with_structured_output(Invoice).with_retry().ainvoke(text)\n"
    after = before.replace("(text)", "(text, config=config)")
    assert wrapped(before, after) == (
        "invoice = (\n"
        "    await llm.with_structured_output(Invoice).with_retry().ainvoke(text, config=config)\n"
        ")\n"
    )
    indented_before, indented_after = "if x:\n    " + before, "if x:\n    " + after
    assert wrapped(indented_before, indented_after) == (
        "if x:\n"
        "    invoice = (\n"
        "        await llm.with_structured_output(Invoice)\n"
        "        .with_retry()\n"
        "        .ainvoke(text, config=config)\n"
        "    )\n"
    )


def test_a_fluent_chain_already_in_parentheses_keeps_them() -> None:
    before = (
        "invoice = (\n"
        "    await llm.with_structured_output(Invoice).with_retry().ainvoke(the_invoice_text)\n"
        ")\n"
    )
    after = before.replace("(the_invoice_text)", "(the_invoice_text, config=config)")
    assert wrapped(before, after) == (
        "invoice = (\n"
        "    await llm.with_structured_output(Invoice)\n"
        "    .with_retry()\n"
        "    .ainvoke(the_invoice_text, config=config)\n"
        ")\n"
    )


def test_a_line_that_closes_an_earlier_bracket_splits_after_it() -> None:
    before = (
        "x = await llm.with_config(\n"
        "    {'tags': ['nostream', 'internal', 'draft']}\n"
        ").ainvoke([x for x in questions])\n"
    )
    after = before.replace("questions])", "questions], config=config)")
    assert wrapped(before, after, 45) == (
        "x = await llm.with_config(\n"
        "    {'tags': ['nostream', 'internal', 'draft']}\n"
        ").ainvoke(\n"
        "    [x for x in questions], config=config\n"
        ")\n"
    )


def test_a_long_import_is_parenthesised_one_name_per_line() -> None:
    before = "from langchain_core.runnables import RunnableLambda, RunnablePassthrough\n"
    after = "from langchain_core.runnables import RunnableConfig, RunnableLambda, RunnablePassthrough\n"
    assert wrapped(before, after, 80) == (
        "from langchain_core.runnables import (\n"
        "    RunnableConfig,\n"
        "    RunnableLambda,\n"
        "    RunnablePassthrough,\n"
        ")\n"
    )


def test_items_before_a_trailing_comma_get_a_line_each() -> None:
    """LibCST's AddImportsVisitor merges a name into an exploded import on one line."""
    before = "from langchain_core.runnables import (\n    RunnableLambda,\n    RunnablePassthrough,\n)\n"
    after = before.replace("    RunnableLambda,", "    RunnableConfig, RunnableLambda,")
    assert wrapped(before, after) == (
        "from langchain_core.runnables import (\n"
        "    RunnableConfig,\n"
        "    RunnableLambda,\n"
        "    RunnablePassthrough,\n"
        ")\n"
    )


def test_a_trailing_comment_stays_on_the_last_line_and_a_pragma_does_not_count() -> None:
    before = "reply = await llm.ainvoke(f'Answer this ticket: {ticket}')  # keep it short\n"
    after = before.replace("}')", "}', config=config)")
    assert wrapped(before, after, 80) == (
        "reply = await llm.ainvoke(\n    f'Answer this ticket: {ticket}', config=config\n)  # keep it short\n"
    )
    pragma_before = "reply = await llm.ainvoke(f'Answer: {ticket}')  # type: ignore[arg-type]\n"
    pragma_after = pragma_before.replace("}')", "}', config=config)")
    assert wrapped(pragma_before, pragma_after, 62) == pragma_after


def test_the_file_keeps_its_line_endings_and_indentation() -> None:
    before = "def f():\r\n\tx = await llm.ainvoke(f'Answer this ticket: {ticket}')\r\n"
    after = before.replace("}')", "}', config=config)")
    assert wrapped(before, after, 60) == (
        "def f():\r\n\tx = await llm.ainvoke(\r\n\t\tf'Answer this ticket: {ticket}', config=config\r\n\t)\r\n"
    )


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param(
            "x = await llm.ainvoke(question_with_a_long_name, another_argument_name, third_arg)\n",
            "x = await llm.ainvoke(question_with_a_long_name, another_argument_name, third_arg, config=c)\n",
            id="a line that was already too long and splittable: not formatted, so not ours",
        ),
        pytest.param(
            "x = await llm.ainvoke('''a\nb''')\n",
            "x = await llm.ainvoke('''a\nb''', config=config_with_a_long_name_to_pass_the_limit_xxxxxxxxxxx)\n",
            id="a string across lines",
        ),
        pytest.param(
            "x = await llm.ainvoke('''a\nb''', k=1)\n",
            "x = await llm.ainvoke('''a\nb''', k=1, config=config_with_a_long_name_to_pass_the_limit_xxxxxxxxxxxxxxxxxxxxxxxxxxx)\n",
            id="a string across lines, and a long line after it",
        ),
        pytest.param(
            "x = await llm.ainvoke(q) + \\\n    1\n",
            "x = await llm.ainvoke(q, config=config_with_a_long_name_to_pass_the_limit_xxxxxxxxxxxxxxx) + \\\n    1\n",
            id="a backslash continuation",
        ),
    ],
)
def test_lines_it_does_not_understand_are_left_alone(before: str, after: str) -> None:
    assert wrapped(before, after, 80) == after


def test_items_the_user_put_on_one_line_before_a_trailing_comma_stay_there() -> None:
    before = "results = await asyncio.gather(\n    llm.ainvoke(a), llm.ainvoke(b),\n)\n"
    after = before.replace("(a), llm.ainvoke(b)", "(a, config=config), llm.ainvoke(b, config=config)")
    assert wrapped(before, after) == after


def test_a_lambdas_parameters_are_not_items() -> None:
    before = "r = await g(*map(lambda q, k: llm.ainvoke(q), questions, keys, extra))\n"
    after = before.replace("ainvoke(q)", "ainvoke(q, config=config)")
    assert wrapped(before, after, 80) == (
        "r = await g(\n    *map(lambda q, k: llm.ainvoke(q, config=config), questions, keys, extra)\n)\n"
    )
    assert wrapped(before, after, 72) == (
        "r = await g(\n"
        "    *map(\n"
        "        lambda q, k: llm.ainvoke(q, config=config),\n"
        "        questions,\n"
        "        keys,\n"
        "        extra,\n"
        "    )\n"
        ")\n"
    )


def test_a_conditional_value_goes_in_parentheses_a_line_per_branch() -> None:
    before = "    return await llm.ainvoke({'www': question_text_aaaaaaa}) if ok else None\n"
    after = before.replace("aaaa})", "aaaa}, config=config)")
    assert wrapped(before, after, 80) == (
        "    return (\n"
        "        await llm.ainvoke({'www': question_text_aaaaaaa}, config=config)\n"
        "        if ok\n"
        "        else None\n"
        "    )\n"
    )


def test_a_branch_of_a_split_conditional_splits_at_its_call() -> None:
    before = "    x = (\n        xi\n        if xbdh_e\n        else await llm.ainvoke('wwwwwwwwwwwwwww')\n    )\n"
    after = before.replace("w')", "w', config=config)")
    assert wrapped(before, after, 50) == (
        "    x = (\n"
        "        xi\n"
        "        if xbdh_e\n"
        "        else await llm.ainvoke(\n"
        "            'wwwwwwwwwwwwwww', config=config\n"
        "        )\n"
        "    )\n"
    )


def test_a_returned_tuple_goes_in_parentheses_an_item_per_line() -> None:
    before = "    return await chain.ainvoke(xiaccfbc), xaaja\n"
    after = before.replace("(xiaccfbc)", "(xiaccfbc, config=config)")
    assert wrapped(before, after, 60) == (
        "    return (\n"
        "        await chain.ainvoke(xiaccfbc, config=config),\n"
        "        xaaja,\n"
        "    )\n"
    )


def test_an_assert_message_goes_in_parentheses_before_the_test_splits() -> None:
    before = "    assert await llm.ainvoke(xdibc_eeg), 'wwwwwwwwwwwwwwwwwwwwwwww'\n"
    after = before.replace("(xdibc_eeg)", "(xdibc_eeg, config=config)")
    assert wrapped(before, after, 70) == (
        "    assert await llm.ainvoke(xdibc_eeg, config=config), (\n"
        "        'wwwwwwwwwwwwwwwwwwwwwwww'\n"
        "    )\n"
    )
    long_before = "    assert await llm.ainvoke(xdibc_eeg_long_argument_name), 'www'\n"
    long_after = long_before.replace("name)", "name, config=config)")
    assert wrapped(long_before, long_after, 70) == (
        "    assert await llm.ainvoke(\n"
        "        xdibc_eeg_long_argument_name, config=config\n"
        "    ), 'www'\n"
    )


def test_the_first_of_two_calls_splits_when_the_rest_fits_after_it() -> None:
    before = "    return await first.ainvoke(question) + await second_with_a_long_name.ainvoke(q)\n"
    after = before.replace("(question)", "(question, config=config)").replace(
        "(q)", "(q, config=config)"
    )
    assert wrapped(before, after, 95) == (
        "    return await first.ainvoke(\n"
        "        question, config=config\n"
        "    ) + await second_with_a_long_name.ainvoke(q, config=config)\n"
    )


def test_a_sum_goes_in_parentheses_a_line_per_operand() -> None:
    before = "    return prefix_text + await llm.ainvoke(question_text_aaaaaaaaaaa) + suffix\n"
    after = before.replace("aaaa)", "aaaa, config=config)")
    assert wrapped(before, after, 80) == (
        "    return (\n"
        "        prefix_text\n"
        "        + await llm.ainvoke(question_text_aaaaaaaaaaa, config=config)\n"
        "        + suffix\n"
        "    )\n"
    )


def test_a_comprehension_splits_before_its_for() -> None:
    before = "    return [await llm.ainvoke(xjgeae) for x in xhcjecfdjbhj]\n"
    after = before.replace("(xjgeae)", "(xjgeae, config=config)")
    assert wrapped(before, after, 60) == (
        "    return [\n"
        "        await llm.ainvoke(xjgeae, config=config)\n"
        "        for x in xhcjecfdjbhj\n"
        "    ]\n"
    )


def test_a_collection_literal_that_splits_gets_a_line_per_item() -> None:
    before = '    return [*xfib_ejheh, await xiee.ainvoke("wwwwwwwwwwwwwwwwwww")]\n'
    after = before.replace('w")', 'w", config=config)')
    assert wrapped(before, after, 79) == (
        "    return [\n"
        "        *xfib_ejheh,\n"
        '        await xiee.ainvoke("wwwwwwwwwwwwwwwwwww", config=config),\n'
        "    ]\n"
    )


def test_a_signature_splits_even_when_the_name_alone_is_too_long() -> None:
    before = "async def xijjfbaggidaiaieceegefag_bdidj():\n    pass\n"
    after = before.replace("()", "(config: RunnableConfig)")
    assert wrapped(before, after, 40) == (
        "async def xijjfbaggidaiaieceegefag_bdidj(\n    config: RunnableConfig,\n):\n    pass\n"
    )


def test_lines_ruff_does_not_format_are_left_alone() -> None:
    before = "# fmt: off\nx = await llm.ainvoke({'question': question, 'context': ctx})\n# fmt: on\n"
    after = before.replace("ctx})", "ctx}, config=config)")
    assert wrapped(before, after, 70) == after
    skipped_before = "x = await llm.ainvoke({'question': question, 'context': ctx})  # fmt: skip\n"
    skipped_after = skipped_before.replace("ctx})", "ctx}, config=config)")
    assert wrapped(skipped_before, skipped_after, 70) == skipped_after


def test_widths_are_counted_as_ruff_counts_them() -> None:
    """Combining marks take no column, a tab four, an East Asian wide character two."""
    assert width("e\u0301" * 3) == 3
    assert width("a\tb") == 6
    assert width("\u4e2d\u6587") == 4


def test_a_statement_ruff_had_split_is_laid_out_again_as_a_whole() -> None:
    before = '    return (await chain.ainvoke("wwwwwwwwwwwww"))[\n        "wwwwwww"\n    ]\n'
    after = before.replace('w")', 'w", config=config)')
    assert wrapped(before, after, 60) == (
        "    return (\n"
        '        await chain.ainvoke("wwwwwwwwwwwww", config=config)\n'
        '    )["wwwwwww"]\n'
    )


def test_the_parentheses_ruff_added_to_split_go_when_it_splits_elsewhere() -> None:
    before = "async def a_node_with_a_rather_long_name_indeed() -> (\n    Dict[str, Any]\n):\n    pass\n"
    after = before.replace("()", "(config: RunnableConfig)")
    assert wrapped(before, after, 56) == (
        "async def a_node_with_a_rather_long_name_indeed(\n"
        "    config: RunnableConfig,\n"
        ") -> Dict[str, Any]:\n"
        "    pass\n"
    )
    assert_before = '    assert await llm.ainvoke(xhghc_h), (\n        "wwwwwwww"\n    )\n'
    assert_after = assert_before.replace("(xhghc_h)", "(xhghc_h, config=config)")
    assert wrapped(assert_before, assert_after, 40) == (
        "    assert await llm.ainvoke(\n"
        "        xhghc_h, config=config\n"
        '    ), "wwwwwwww"\n'
    )


def test_a_split_statement_with_a_comment_inside_is_left_alone() -> None:
    before = '    return (await chain.ainvoke("wwwwwwwwwwwww"))[  # the key\n        "wwwwwww"\n    ]\n'
    after = before.replace('w")', 'w", config=config)')
    assert wrapped(before, after, 60) == after


def test_a_last_line_without_a_line_ending_breaks_with_the_files_own() -> None:
    before = "y = 1\r\nx = await llm.ainvoke(f'Answer this ticket: {ticket}')"
    after = before.replace("}')", "}', config=config)")
    assert wrapped(before, after, 60) == (
        "y = 1\r\nx = await llm.ainvoke(\r\n    f'Answer this ticket: {ticket}', config=config\r\n)"
    )


def test_a_line_that_continues_a_call_chain_is_laid_out_without_crashing() -> None:
    before = "x = (\n    llm.bind_tools(tools)\n    .ainvoke(messages).with_x(aaaa)\n)\n"
    after = before.replace("(aaaa)", "(aaaa, config=config)")
    assert wrapped(before, after, 40) == (
        "x = (\n    llm.bind_tools(tools)\n    .ainvoke(messages)\n    .with_x(aaaa, config=config)\n)\n"
    )


def test_a_lone_carriage_return_is_a_line_ending() -> None:
    before = "a = 1\rx = foo(aaaaaaaaaa)\ny = 2\n"
    after = before.replace("(aaaaaaaaaa)", "(aaaaaaaaaa, bbbbbbbbbbbb, cccccccccccc, config=config)")
    assert wrapped(before, after, 40) == (
        "a = 1\rx = foo(\n"
        "    aaaaaaaaaa,\n"
        "    bbbbbbbbbbbb,\n"
        "    cccccccccccc,\n"
        "    config=config,\n"
        ")\n"
        "y = 2\n"
    )


@pytest.mark.parametrize(
    "before",
    [
        pytest.param("x = 1; y = await llm.ainvoke(f'Answer this ticket: {ticket}')\n", id="semicolon"),
        pytest.param("if ok: y = await llm.ainvoke(f'Answer this ticket: {ticket}')\n", id="one-line if"),
        pytest.param(
            "if ok: y = await llm.ainvoke(\n    f'Answer this ticket, please: {ticket}'\n)\n",
            id="split one-line if",
        ),
    ],
)
def test_a_line_ruff_would_first_break_into_statements_is_left_alone(before: str) -> None:
    after = before.replace("}')", "}', config=config)").replace("}'\n", "}', config=config\n")
    assert wrapped(before, after, 60) == after


@pytest.mark.parametrize(
    "joined, without",
    [
        ("return (a + b)", "return a + b"),
        ("x += (await f(x))", "x += await f(x)"),
        ('assert ok, ("message")', 'assert ok, "message"'),
        ("def f(a) -> (Dict[str, Any]):", "def f(a) -> Dict[str, Any]:"),
        ("while (a and b):", "while a and b:"),
        ("for x in (a + b):", "for x in a + b:"),
        ("if x in (a + b):", "if x in (a + b):"),
        ("return (a, b)", "return (a, b)"),
        ("x = (y for y in z)", "x = (y for y in z)"),
        ("return (x := 3)", "return (x := 3)"),
        ("x = (yield)", "x = (yield)"),
        ('return (await x)["k"]', 'return (await x)["k"]'),
        ('x = (f"({a}")', 'x = f"({a}"'),
    ],
)
def test_only_the_parentheses_ruff_adds_to_split_are_dropped(joined: str, without: str) -> None:
    """When a split statement is joined again; ``if x in (...)`` is the user's comparison."""
    assert _without_added_parentheses(joined) == without


def test_unchanged_long_lines_are_left_alone() -> None:
    long_line = "x = some_function_with_a_long_name(argument_one, argument_two, argument_three, four)\n"
    before = long_line + "y = await llm.ainvoke(q)\n"
    after = long_line + "y = await llm.ainvoke(q, config=config)\n"
    assert wrapped(before, after, 60) == after


# ----- the fix, held to ruff ------------------------------------------------------------


def _name(rng: random.Random, low: int, high: int) -> str:
    return "x" + "".join(rng.choice("abcdefghij_") for _ in range(rng.randint(low, high) - 1))


def _program(rng: random.Random) -> str:
    """A module with one async ``@tool`` whose runnable call drops the config."""
    params: List[str] = []
    defaulted = False
    for index in range(rng.randint(0, 4)):
        param = f"{_name(rng, 1, 12)}{index}"
        if rng.random() < 0.6:
            param += ": " + rng.choice(["str", "int", "Dict[str, Any]", "List[str]", "Optional[str]"])
        if defaulted or rng.random() < 0.3:
            defaulted = True
            param += (" = " if ":" in param else "=") + rng.choice(["None", '"en"', "3"])
        params.append(param)
    if rng.random() < 0.2:
        params.append("**kwargs")
    returns = rng.choice(["", " -> str", " -> Dict[str, Any]", " -> dict"])
    receiver = rng.choice(["llm", "self_llm", "chain", _name(rng, 3, 25)])

    def text() -> str:
        return '"' + "w" * rng.randint(1, 40) + '"'

    argument = rng.choice(
        [
            text(),
            f"{{{text()}: {text()}}}",
            f"[x for x in {_name(rng, 1, 20)}]",
            f'f"Answer {{{_name(rng, 1, 10)}}}"',
            _name(rng, 1, 20),
        ]
    )
    arguments = argument + (f", {text()}" if rng.random() < 0.3 else "")
    call = f"{receiver}.ainvoke({arguments})"
    statement = rng.choice(
        [
            f"x = await {call}",
            f"return await {call}",
            f"return (await {call}).content",
            f'return {{"messages": [await {call}]}}',
            f"a, b = await asyncio.gather({call}, {receiver}.ainvoke({text()}))",
            f'x = await {receiver}.with_config({{"tags": [{text()}]}}).ainvoke({arguments})',
            f"x = await {receiver}.with_structured_output(Foo).with_retry().ainvoke({arguments})",
            f"return await {receiver}.with_structured_output(Foo).with_retry().ainvoke({arguments})",
            f"x = {_name(rng, 1, 30)} + await {call}",
            f"await {call}",
            f"return await {call} if {_name(rng, 1, 12)} else None",
            f"x = {_name(rng, 1, 12)} if {_name(rng, 1, 12)} else await {call}",
            f"return {_name(rng, 1, 12)} + await {call} + {_name(rng, 1, 12)}",
            f"return [await {receiver}.ainvoke(q) for q in {_name(rng, 1, 20)}]",
            f"return {{q: await {receiver}.ainvoke(q) for q in {_name(rng, 1, 20)}}}",
            f"return [*{_name(rng, 1, 15)}, await {call}]",
            f"return await asyncio.gather(*map(lambda q: {receiver}.ainvoke(q), {_name(rng, 1, 25)}))",
            f"return await {call}, {_name(rng, 1, 12)}",
            f"return (await {call})[{text()}]",
        ]
    )
    comment = rng.choice(["", "", "  # note " + "n" * rng.randint(0, 20), "  # noqa: E501", "  # type: ignore"])
    function = (
        f"@tool\nasync def {_name(rng, 3, 40)}({', '.join(params)}){returns}:\n"
        f'    """Doc."""\n    {statement}{comment}\n    return x\n'
    )
    shape = rng.choice(["module", "class", "factory"])
    if shape != "module":
        prefix = "    " if shape == "factory" else "        "
        opening = "def factory():\n" if shape == "factory" else "class Holder:\n    def make(self):\n"
        function = opening + "".join(prefix + line + "\n" for line in function.splitlines()) + prefix + "return x\n"
    imports = rng.choice(
        [
            "from langchain_core.tools import tool\n",
            "from langchain_core.runnables import RunnableLambda, RunnablePassthrough, RunnableParallel\n"
            "from langchain_core.tools import tool\n",
        ]
    )
    return f"import asyncio\nfrom typing import Any, Dict, List, Optional\n\n{imports}\n\n{function}"


def _ruff_diff(directory: Path, line_length: int) -> str:
    assert RUFF is not None, "ruff is a test dependency: pip install -e '.[test]'"
    command = [RUFF, "format", "--isolated", "--line-length", str(line_length), "--diff", str(directory)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120).stdout


@pytest.mark.parametrize("line_length", [88, 60, 100])
def test_fixed_programs_stay_ruff_formatted(
    line_length: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The codemod keeps the unwrapped fix if a wrap does not parse; here, every wrap must.
    wrapped_texts: List[str] = []

    def wrap_and_keep(before: str, after: str, length: int) -> str:
        wrapped_texts.append(wrap_long_lines(before, after, length))
        return wrapped_texts[-1]

    monkeypatch.setattr(forward_config, "wrap_long_lines", wrap_and_keep)
    rng = random.Random(line_length)
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    for number in range(120):
        (before / f"p{number}.py").write_text(_program(rng))
    assert RUFF is not None
    subprocess.run([RUFF, "format", "--isolated", "--quiet", "--line-length", str(line_length), str(before)], check=True)
    settings = dataclasses.replace(Settings(), line_length=line_length)
    fixed = 0
    for path in sorted(before.iterdir()):
        result = check_source(path.read_bytes(), path, Options(mode=Mode.DIFF), settings)
        assert result.error is None, (path.read_text(), result.error)
        (after / path.name).write_bytes(result.fixed_source or path.read_bytes())
        fixed += result.fixed_source is not None
    assert fixed >= 80  # the generator reaches the fix
    assert len(wrapped_texts) >= fixed
    for text in wrapped_texts:
        compile(text, "wrapped.py", "exec")

    diff = _ruff_diff(after, line_length)
    unformatted = sorted(set(re.findall(r"^--- .*?(p\d+\.py)$", diff, re.MULTILINE)))
    assert unformatted == [], diff
