"""``@frozen`` behaves as ``@dataclass(frozen=True)``: each class here is made twice, once by each."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinship_evidence.frozen import frozen


def _point(decorate):
    @decorate
    class Point:
        x: int
        label: str = "a"
        tags: tuple[str, ...] = ()

    return Point


def _with_hidden(decorate):
    @decorate
    class Hidden:
        shown: int
        cached: int = field(default=0, repr=False, compare=False)
        kept_out: list[int] = field(default_factory=list, compare=True, repr=True, hash=False)
        derived: int = field(init=False, repr=False, compare=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "derived", self.shown * 2)

    return Hidden


def _single(decorate):
    @decorate
    class Single:
        only: str

    return Single


def _empty(decorate):
    @decorate
    class Empty:
        pass

    return Empty


def _child(decorate):
    @decorate
    class Parent:
        a: int

    @decorate
    class Child(Parent):
        b: str = "b"

    return Child


STDLIB = dataclass(frozen=True)
STDLIB_SLOTS = dataclass(frozen=True, slots=True)
OURS = frozen
OURS_SLOTS = frozen(slots=True)
PAIRS = [(STDLIB, OURS), (STDLIB_SLOTS, OURS_SLOTS)]


def _instances(make, decorate, values):
    cls = make(decorate)
    return cls, [cls(*args) for args in values]


POINT_ARGS = st.lists(
    st.tuples(st.integers(-3, 3), st.sampled_from(["a", "b", "it's"]), st.tuples(st.sampled_from(["t", "u"]))),
    min_size=1, max_size=6,
)


@pytest.mark.parametrize(("theirs", "ours"), PAIRS, ids=["plain", "slots"])
@given(values=POINT_ARGS)
def test_repr_eq_and_hash_are_the_dataclass_ones(theirs, ours, values):
    _, expected = _instances(_point, theirs, values)
    _, got = _instances(_point, ours, values)
    assert [repr(item) for item in got] == [repr(item) for item in expected]
    for i, left in enumerate(got):
        assert hash(left) == hash(expected[i])
        for j, right in enumerate(got):
            assert (left == right) is (expected[i] == expected[j])
            assert (left != right) is (expected[i] != expected[j])


@pytest.mark.parametrize(("theirs", "ours"), PAIRS, ids=["plain", "slots"])
def test_field_options_are_honoured(theirs, ours):
    expected_cls, got_cls = _with_hidden(theirs), _with_hidden(ours)
    expected, got = expected_cls(1, cached=5, kept_out=[1]), got_cls(1, cached=5, kept_out=[1])
    assert repr(got) == repr(expected) == "_with_hidden.<locals>.Hidden(shown=1, kept_out=[1])"
    assert got == got_cls(1, cached=9, kept_out=[1])  # cached is not compared
    assert got != got_cls(1, kept_out=[2])  # kept_out is compared
    assert got.derived == 2
    assert hash(got) == hash(expected)  # a list, yet hashable: kept_out (hash=False) and cached (compare=False) left out


@pytest.mark.parametrize(("theirs", "ours"), PAIRS, ids=["plain", "slots"])
@pytest.mark.parametrize("make", [_single, _empty, _child], ids=["one field", "no field", "subclass"])
def test_one_field_no_field_and_subclasses(theirs, ours, make):
    expected_cls, got_cls = make(theirs), make(ours)
    count = len(dataclasses.fields(expected_cls))
    args = [("x",), (), (1,)][[_single, _empty, _child].index(make)]
    assert count == len(dataclasses.fields(got_cls))
    expected, got = expected_cls(*args), got_cls(*args)
    assert repr(got) == repr(expected)
    assert hash(got) == hash(expected)
    assert got == got_cls(*args)
    assert got_cls.__match_args__ == expected_cls.__match_args__


def test_another_class_is_not_equal_even_with_the_same_fields():
    first, second = _point(frozen), _point(frozen)
    assert first(1) != second(1)
    assert first(1).__eq__(second(1)) is NotImplemented
    assert first(1).__eq__((1, "a", ())) is NotImplemented
    assert first(1) != (1, "a", ())


@pytest.mark.parametrize("ours", [OURS, OURS_SLOTS], ids=["plain", "slots"])
def test_instances_are_frozen(ours):
    point = _point(ours)(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x
    assert dataclasses.replace(point, x=2) == type(point)(2)


@pytest.mark.parametrize(("theirs", "ours"), PAIRS, ids=["plain", "slots"])
def test_a_value_holding_the_instance_shows_as_dots(theirs, ours):
    def make(decorate):
        @decorate
        class Node:
            children: list[object]

        return Node

    expected, got = make(theirs)([]), make(ours)([])
    expected.children.append(expected)
    got.children.append(got)
    assert repr(got) == repr(expected) == "test_a_value_holding_the_instance_shows_as_dots.<locals>.make.<locals>.Node(children=[...])"


def test_a_method_the_class_writes_is_kept():
    @frozen
    class Own:
        x: int

        def __repr__(self) -> str:
            return "own"

    assert repr(Own(1)) == "own"
    assert Own(1) == Own(1)


def test_slots_and_pickling_as_the_dataclass_gives_them():
    cls = _point(OURS_SLOTS)
    assert cls.__slots__ == ("x", "label", "tags")
    assert not hasattr(cls(1), "__dict__")
    restored = pickle.loads(pickle.dumps(PICKLED(3, "z")))
    assert restored == PICKLED(3, "z")
    assert repr(restored) == "_Pickled(x=3, label='z')"


@frozen(slots=True)
class _Pickled:
    x: int
    label: str


PICKLED = _Pickled
