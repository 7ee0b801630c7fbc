"""``@frozen``: a frozen dataclass whose ``repr``, ``==`` and ``hash`` are shared, not generated.

``dataclasses.dataclass`` writes the source of each method it adds and compiles it, one
``exec`` per method; on Python 3.11 a frozen class with ``repr``, ``eq`` and ``hash`` costs six.
The toolkit defines about a hundred such classes, and ``rate`` imports about fifty of them before
it reads a file: making them took about 20 ms of its 165 ms start-up, and sharing three of the six
methods saves about 10 ms of it (bench/README.md, "Start-up").
``@frozen`` lets the standard decorator generate what must be per class (``__init__``, and
``__setattr__``/``__delattr__``, which refuse assignment) and gives every class the same three
functions below, which read the fields from the class. They behave as the generated ones do
(checked against them in ``tests/test_frozen.py``):

* ``repr``: ``Name(a=1, b='x')``, the qualified name and each field with ``repr=True``, in order;
  a value that contains the instance itself shows as ``...``;
* ``==``: instances of the very same class compare their ``compare=True`` fields as a tuple;
  anything else is ``NotImplemented``;
* ``hash``: the hash of the tuple of the fields that take part (``hash=True``, or ``compare=True``
  when ``hash`` is not given), so equal records hash equally.

A method the class defines itself is kept, as ``dataclass`` keeps it. Imports nothing of ours.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

C = TypeVar("C")


def _values(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """A function that returns the attributes ``names`` of an object, as a tuple (even of one or none)."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda instance: (one(instance),)
    return operator.attrgetter(*names)  # two or more names: a tuple


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = type(self).__frozen_shown__
    return f"{type(self).__qualname__}({', '.join(f'{name}={value!r}' for name, value in zip(shown[0], shown[1](self)))})"


def _eq(self: Any, other: Any) -> Any:  # bool, or NotImplemented for another class
    if other.__class__ is self.__class__:
        compared = type(self).__frozen_compared__
        return compared(self) == compared(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(type(self).__frozen_hashed__(self))


def _finish(cls: type[C]) -> type[C]:
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # a dataclass by now
    shown = tuple(f.name for f in fields if f.repr)
    cls.__frozen_shown__ = (shown, _values(shown))  # type: ignore[attr-defined]
    cls.__frozen_compared__ = _values(tuple(f.name for f in fields if f.compare))  # type: ignore[attr-defined]
    cls.__frozen_hashed__ = _values(  # type: ignore[attr-defined]
        tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    )
    own = vars(cls)
    for name, method in (("__repr__", _repr), ("__eq__", _eq)):
        if name not in own:
            setattr(cls, name, method)
    # as dataclass decides for a frozen class with eq: a hash unless the class wrote its own
    # (the None that Python puts beside a class's own __eq__ is not one)
    if "__hash__" not in own or (own["__hash__"] is None and "__eq__" in own):
        cls.__hash__ = _hash  # type: ignore[method-assign]
    return cls


@overload
def frozen(cls: type[C], /) -> type[C]: ...
@overload
def frozen(*, slots: bool = False) -> Callable[[type[C]], type[C]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[C] | None = None, /, *, slots: bool = False) -> type[C] | Callable[[type[C]], type[C]]:
    """``@frozen`` or ``@frozen(slots=True)``: ``@dataclass(frozen=True[, slots=True])`` as above."""

    def wrap(target: type[C]) -> type[C]:
        make: Callable[[type[C]], type[C]] = dataclasses.dataclass(frozen=True, repr=False, eq=False, slots=slots)
        return _finish(make(target))

    return wrap if cls is None else wrap(cls)
