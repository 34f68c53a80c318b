"""`record`: a dataclass whose `__repr__`, `__eq__` and `__hash__` are not compiled source.

Python 3.11's `dataclass` writes each method it adds as source text and compiles it
with `exec`: six per frozen class (`__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__`, `__delattr__`), about 70 microseconds each. A build imports ~90
dataclasses before its first story, on one core: ~30 ms of its serial start (docs/
scaling.md, "Round thirteen: the cold build's wall"). `record` lets `dataclass` make the
class and its `__init__` (the one method on a hot path, where a compiled function is
fastest; and a frozen class's `__setattr__` and `__delattr__`) and gives `__repr__`,
`__eq__` and `__hash__` as functions shared by every record, each reading the
class's fields once, when it is decorated. Python 3.13's dataclass compiles one text per
class instead; this module can go when the project requires it.

What a record does is what the same `@dataclass(...)` does: the same fields, `__init__`,
`repr`, equality (same class, equal compared fields, in order), hash (of the fields
`dataclass` hashes), frozenness (`FrozenInstanceError` with the same message) and
`dataclasses.fields` / `replace` / `asdict` / pickling (tests/core/test_records.py
compares them). Only the plain options are taken: for `order`, `unsafe_hash`, `slots`
or a method the class writes itself, use `dataclass`.
"""

from __future__ import annotations

import reprlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

if TYPE_CHECKING or sys.version_info >= (3, 11):
    from typing import dataclass_transform  # type checkers: a record is a dataclass
else:  # Python 3.10: only type checkers read it

    def dataclass_transform(**_: Any) -> Callable[[T], T]:
        """A decorator that changes nothing: Python 3.10 has no typing.dataclass_transform."""
        return lambda function: function


_MADE_HERE = ("__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")


@dataclass_transform(field_specifiers=())
def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """`@record` or `@record(frozen=True)`: as `@dataclass` or `@dataclass(frozen=True)`."""

    def wrap(cls: type[T]) -> type[T]:
        own = [name for name in _MADE_HERE if name in cls.__dict__]
        if own:
            raise TypeError(f"{cls.__name__} defines {own[0]}: use dataclass")
        made = dataclass(cls, frozen=frozen, eq=False, repr=False)
        _add(made, "__repr__", _repr_of(made))
        _add(made, "__eq__", _eq_of(made))
        if frozen:
            _add(made, "__hash__", _hash_of(made))  # (__setattr__, __delattr__: dataclass's)
        else:
            made.__hash__ = None  # type: ignore[assignment]  # as dataclass: eq, not frozen
        return made

    return wrap if cls is None else wrap(cls)


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
