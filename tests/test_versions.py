"""``toolcfg.versions``: release numbers, ranges, PEP 440 and Poetry constraints, targets."""

from __future__ import annotations

import pytest

from toolcfg.versions import (
    ANY,
    PYTHON_TARGETS,
    Range,
    Version,
    hull,
    parse_poetry,
    parse_specifiers,
    parse_target,
    python_target,
    target_name,
)


def v(text: str) -> Version:
    return Version.parse(text)


# --- Version -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "smaller, larger",
    [("3.9", "3.10"), ("1.4.7", "1.4.8"), ("1.4.8", "1.5"), ("0.3.86", "1.0"), ("1.7", "1.7.1")],
)
def test_versions_are_ordered_by_release_number(smaller: str, larger: str) -> None:
    assert v(smaller) < v(larger)
    assert not v(larger) < v(smaller)


def test_trailing_zeros_do_not_make_another_version() -> None:
    assert v("1.4") == v("1.4.0") == v("1.4.0.0")
    assert hash(v("1.4")) == hash(v("1.4.0"))
    assert str(v("1.4.0")) == "1.4.0"


@pytest.mark.parametrize(
    "text", ["1.5.0rc1", "1.5.0.post2", "1.5.0.dev3", "1.5.0+local.7", "v1.5.0", "1.5.0-1", "0!1.5"]
)
def test_suffixes_are_ignored(text: str) -> None:
    assert v(text) == v("1.5.0")


@pytest.mark.parametrize("text", ["", "abc", "1..2", "1.x", "=1.0", "1.0 2"])
def test_a_malformed_version_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        v(text)


def test_an_epoch_is_above_every_release_of_an_earlier_one() -> None:
    assert v("1!2.0") > v("3.0") > v("0!2.0")
    assert v("1!2.0") == v("1!2") != v("2.0")
    assert str(v("1!2.0")) == "1!2.0" and str(v("1!2.0").bump(0)) == "1!3"
    assert v("1!2.0") < v("1!2.0").above() < v("1!2.0.1")
    # A project that requires an epoch-1 release cannot run a release below 1.4.8.
    assert not parse_specifiers(">=1!2.0").admits_below(v("1.4.8"))
    assert parse_specifiers("<1!1.0").admits_at_least(v("99.0"))
    assert str(parse_specifiers("==1!2.0.*")) == ">=1!2.0,<1!2.1"


def test_just_above_a_version_is_below_every_later_release() -> None:
    above = v("1.7.2").above()
    assert v("1.7.2") < above < v("1.7.2.1") < v("1.7.3")


# --- Range -------------------------------------------------------------------------------


def test_intersection_and_hull() -> None:
    a, b = parse_specifiers(">=1.4,<2"), parse_specifiers(">=1.6,<3")
    assert a.intersect(b) == Range(v("1.6"), v("2"))
    assert a.hull(b) == Range(v("1.4"), v("3"))
    assert a.hull(ANY) == ANY
    assert hull([a, b, parse_specifiers("==0.3.86")]) == Range(v("0.3.86"), v("3"))


def test_emptiness() -> None:
    assert parse_specifiers(">=2,<1").is_empty()
    assert parse_specifiers(">=1.5,<1.5").is_empty()
    assert parse_specifiers(">1.5,<=1.5").is_empty()
    assert not parse_specifiers("==1.5").is_empty()
    assert not ANY.is_empty()


@pytest.mark.parametrize(
    "specifiers, bound, below, at_least",
    [
        (">=1.4.8", "1.4.8", False, True),
        (">=1.4", "1.4.8", True, True),
        ("==1.7.2", "1.7.2", False, True),
        ("==1.7.2", "1.7.3", True, False),
        ("<1.4.8", "1.4.8", True, False),
        ("<=1.4.8", "1.4.8", True, True),
        (">1.4.7", "1.4.8", True, True),
        ("", "1.4.8", True, True),
        (">=2,<1", "1.4.8", False, False),
    ],
)
def test_admits_below_and_at_least(
    specifiers: str, bound: str, below: bool, at_least: bool
) -> None:
    admitted = parse_specifiers(specifiers)
    assert admitted.admits_below(v(bound)) is below
    assert admitted.admits_at_least(v(bound)) is at_least


@pytest.mark.parametrize(
    "specifiers, text",
    [
        (">=3.10", ">=3.10"),
        ("==1.7.2", "==1.7.2"),
        (">=1.5,<2", ">=1.5,<2"),
        (">3.9", ">3.9"),
        ("<=2.1", "<=2.1"),
        ("", "*"),
    ],
)
def test_short_text(specifiers: str, text: str) -> None:
    assert str(parse_specifiers(specifiers)) == text


# --- PEP 440 specifier sets --------------------------------------------------------------


@pytest.mark.parametrize(
    "specifiers, expected",
    [
        (">=3.9,<4", Range(v("3.9"), v("4"))),
        (">= 3.9 , < 4", Range(v("3.9"), v("4"))),
        ("~=3.10", Range(v("3.10"), v("4"))),
        ("~=1.4.8", Range(v("1.4.8"), v("1.5"))),
        ("==3.11.*", Range(v("3.11"), v("3.12"))),
        (">3.9", Range(lower=v("3.9").above())),
        ("<=3.12", Range(upper=v("3.12").above())),
        ("==1.7.2", Range(v("1.7.2"), v("1.7.2").above())),
        ("===1.7.2", Range(v("1.7.2"), v("1.7.2").above())),
        ("==1.5.0rc1", Range(v("1.5"), v("1.5").above())),
        ("!=3.9.1", ANY),
        (">=3.9,!=3.9.1", Range(lower=v("3.9"))),
        ("!=3.10.*", ANY),
        ("", ANY),
    ],
)
def test_pep440_specifiers(specifiers: str, expected: Range) -> None:
    assert parse_specifiers(specifiers) == expected


@pytest.mark.parametrize("specifiers", ["3.9", ">=", "~=3", ">=3.*", "^3.9", ">=3.9,", "=>3.9"])
def test_malformed_pep440_specifiers_raise_value_error(specifiers: str) -> None:
    with pytest.raises(ValueError):
        parse_specifiers(specifiers)


# --- Poetry constraints ------------------------------------------------------------------


@pytest.mark.parametrize(
    "constraint, expected",
    [
        ("^3.12", Range(v("3.12"), v("4"))),
        ("^1.2.3", Range(v("1.2.3"), v("2"))),
        ("^0.3", Range(v("0.3"), v("0.4"))),
        ("^0.0.3", Range(v("0.0.3"), v("0.0.4"))),
        ("^0", Range(v("0"), v("1"))),
        ("~3.11", Range(v("3.11"), v("3.12"))),
        ("~1.2.3", Range(v("1.2.3"), v("1.3"))),
        ("~3", Range(v("3"), v("4"))),
        ("~=3.10", Range(v("3.10"), v("4"))),
        ("3.11.*", Range(v("3.11"), v("3.12"))),
        ("*", ANY),
        ("3.11", Range(v("3.11"), v("3.11").above())),
        (">=3.10,<4", Range(v("3.10"), v("4"))),
        (">=3.10 <4", Range(v("3.10"), v("4"))),
        (">= 3.10, < 4", Range(v("3.10"), v("4"))),
        (">=3.9,<3.10 || >=3.11", Range(lower=v("3.9"))),
        ("~3.9 || ^3.11", Range(v("3.9"), v("4"))),
    ],
)
def test_poetry_constraints(constraint: str, expected: Range) -> None:
    assert parse_poetry(constraint) == expected


@pytest.mark.parametrize("constraint", ["", "^", "foo", ">=3.*", "^3.9 ||", "3.9,,<4x"])
def test_malformed_poetry_constraints_raise_value_error(constraint: str) -> None:
    with pytest.raises(ValueError):
        parse_poetry(constraint)


# --- Python targets ----------------------------------------------------------------------


def test_python_targets_round_trip() -> None:
    assert PYTHON_TARGETS == ("py39", "py310", "py311", "py312", "py313", "py314")
    for name in PYTHON_TARGETS:
        assert target_name(parse_target(name)) == name
    assert parse_target("py310") == v("3.10")
    assert parse_target("py37") == v("3.7")


@pytest.mark.parametrize("name", ["py2", "3.10", "python3.10", "py4", ""])
def test_a_malformed_target_raises_value_error(name: str) -> None:
    with pytest.raises(ValueError):
        parse_target(name)


@pytest.mark.parametrize(
    "lower, target",
    [("3.9", "py39"), ("3.9.7", "py39"), ("3.10", "py310"), ("3", "py30"), ("3.11.0", "py311")],
)
def test_a_lower_bound_falls_in_its_minor_release(lower: str, target: str) -> None:
    assert target_name(python_target(v(lower))) == target
    assert python_target(v(lower).above()) == python_target(v(lower))
