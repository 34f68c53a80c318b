"""`record`: a dataclass whose `__repr__`, `__eq__`, `__hash__` (and frozen, `__setattr__`
and `__delattr__`) are not compiled source.

Python 3.11's `dataclass` writes each method it adds as source text and compiles it
with `exec`: six per frozen class (`__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__`, `__delattr__`), about 70 microseconds each. A build imports ~90
dataclasses before its first story, on one core: ~30 ms of its serial start (docs/
scaling.md, "Round thirteen: the cold build's wall"). `record` lets `dataclass` make the
class and its `__init__` (the one method on a hot path, where a compiled function is
fastest) and gives `__repr__`, `__eq__` and `__hash__` as functions shared by every
record, each reading the class's fields once, when it is decorated; on Python 3.10 to
3.12, a frozen record's `__setattr__` and `__delattr__` too (_frozen_methods: two of
the three texts a frozen record would compile; 49 M instructions of a build's serial
start, docs/scaling.md, "Round seventeen"). Python 3.13's dataclass compiles one text
per class instead; this module can go when the project requires it.

What a record does is what the same `@dataclass(...)` does: the same fields, `__init__`,
`repr`, equality (same class, equal compared fields, in order), hash (of the fields
`dataclass` hashes), frozenness (`FrozenInstanceError` with the same message) and
`dataclasses.fields` / `replace` / `asdict` / pickling (tests/core/test_records.py
compares them). Only the plain options are taken: for `order`, `unsafe_hash`, `slots`
or a method the class writes itself, use `dataclass`.
"""

from __future__ import annotations

import dataclasses
import reprlib
import sys
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

if TYPE_CHECKING or sys.version_info >= (3, 11):
    from typing import dataclass_transform  # type checkers: a record is a dataclass
else:  # Python 3.10: only type checkers read it

    def dataclass_transform(**_: Any) -> Callable[[T], T]:
        return lambda function: function


_MADE_HERE = ("__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")


@dataclass_transform(field_specifiers=())
def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """`@record` or `@record(frozen=True)`: as `@dataclass` or `@dataclass(frozen=True)`."""

    def wrap(cls: type[T]) -> type[T]:
        own = [name for name in _MADE_HERE if name in cls.__dict__]
        if own:
            raise TypeError(f"{cls.__name__} defines {own[0]}: use dataclass")
        made = _dataclass(cls, frozen)
        _add(made, "__repr__", _repr_of(made))
        _add(made, "__eq__", _eq_of(made))
        if frozen:
            _add(made, "__hash__", _hash_of(made))  # (__setattr__, __delattr__: dataclass's)
        else:
            made.__hash__ = None  # type: ignore[assignment]  # as dataclass: eq, not frozen
        return made

    return wrap if cls is None else wrap(cls)


_FROZEN_SOURCE = (
    getattr(dataclasses, "_frozen_get_del_attr", None) if sys.version_info < (3, 13) else None
)
"""Python 3.10 to 3.12's maker of a frozen dataclass's `__setattr__` and `__delattr__`
from source text, `(cls, fields, globals)` -> the two functions (3.13's takes other
arguments and compiles one text per class: left alone there)."""


def _dataclass(cls: type[T], frozen: bool) -> type[T]:
    """`dataclass(cls, frozen=frozen, eq=False, repr=False)`; where frozen (on Python
    3.10 to 3.12), with the `__setattr__` and `__delattr__` of _frozen_methods in place
    of the two texts dataclass would compile for them. dataclass asks its module for
    them while it makes the class, so its maker is swapped for that call only (a
    frozen dataclass another thread made meanwhile would get the same methods)."""
    if not frozen or _FROZEN_SOURCE is None:
        return dataclass(cls, frozen=frozen, eq=False, repr=False)
    dataclasses._frozen_get_del_attr = _frozen_methods  # type: ignore[attr-defined]
    try:
        return dataclass(cls, frozen=True, eq=False, repr=False)
    finally:
        dataclasses._frozen_get_del_attr = _FROZEN_SOURCE  # type: ignore[attr-defined]


def _frozen_methods(
    cls: type, field_list: list[dataclasses.Field], _globals: object
) -> tuple[Callable[..., None], Callable[..., None]]:
    """The `__setattr__` and `__delattr__` of frozen dataclass `cls` whose fields are
    `field_list`: what Python 3.10 to 3.12's dataclass compiles from source for them
    (refused on the class itself, and for a field's name on a subclass; the same
    FrozenInstanceError and message), as closures made without compiling."""
    names = tuple(f.name for f in field_list)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _add(cls: type, name: str, function: Callable[..., Any]) -> None:
    function.__name__ = name
    function.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, function)


def _values_of(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving an object's values of `names` as a tuple (attrgetter gives a
    bare value for one name, and the tuple is what dataclass compares and hashes)."""
    if len(names) == 1:
        (name,) = names
        return lambda self: (getattr(self, name),)
    return attrgetter(*names) if names else lambda self: ()


def _repr_of(cls: type) -> Callable[[Any], str]:
    shown = [f.name for f in fields(cls) if f.repr]

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    return __repr__


def _eq_of(cls: type) -> Callable[[Any, Any], Any]:
    values = _values_of([f.name for f in fields(cls) if f.compare])

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash_of(cls: type) -> Callable[[Any], int]:
    hashed = [f.name for f in fields(cls) if (f.compare if f.hash is None else f.hash)]
    values = _values_of(hashed)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__
