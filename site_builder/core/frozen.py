"""`frozen`: @dataclass(frozen=True), made cheaper to define.

For each class, @dataclass(frozen=True) writes the source of six methods and compiles
each with exec: __init__, __setattr__, __delattr__, __repr__, __eq__ and __hash__,
~0.5 ms a class, ~30 ms for the 50-odd classes a rebuild imports before its first page
(the model and the renderer's views, on a rebuild's critical path). `frozen` lets
dataclass make the first three (the constructor's signature and the refusal to change a
field are its own) and gives the class __repr__, __eq__ and __hash__ as closures over
its field names, which need no compiling and behave as the generated ones do: the same
text, equal when of the same class with equal fields (compare=True ones), the hash of
those fields' tuple (hash=... as dataclass reads it).
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")

_OWN = ("__repr__", "__eq__", "__hash__")


def frozen(cls: type[T] | None = None, /, *, slots: bool = False) -> Any:
    """A frozen dataclass of `cls` (slots as dataclass's `slots`), as
    @dataclass(frozen=True) makes it; used as @frozen or @frozen(slots=True)."""

    def wrap(cls: type[T]) -> type[T]:
        if any(name in cls.__dict__ for name in _OWN):  # its own: dataclass's rules
            return dataclass(cls, frozen=True, slots=slots)
        made = dataclass(cls, frozen=True, repr=False, eq=False, slots=slots)
        every = fields(made)
        _set(made, "__repr__", _repr(tuple(f.name for f in every if f.repr)))
        compared = tuple(f.name for f in every if f.compare)
        _set(made, "__eq__", _eq(compared))
        hashed = tuple(f.name for f in every if (f.compare if f.hash is None else f.hash))
        _set(made, "__hash__", _hash(hashed))
        return made

    return wrap if cls is None else wrap(cls)


def _set(cls: type, name: str, function: Callable) -> None:
    function.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, function)


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """A function giving an object's values of `names` as a tuple (C's attrgetter where
    it gives one: objects are compared and hashed in the aligner's inner loops)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda self: (get(self),)
    return lambda self: ()


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join([f"{name}={getattr(self, name)!r}" for name in names])
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _eq(names: tuple[str, ...]) -> Callable[[Any, Any], Any]:
    values = _values(names)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(names: tuple[str, ...]) -> Callable[[Any], int]:
    values = _values(names)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__
