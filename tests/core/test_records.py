"""A record behaves as the same dataclass does: each test makes a pair of classes, one
with `dataclass` and one with `record`, and compares what they do."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import sys
from dataclasses import FrozenInstanceError, asdict, dataclass, field, fields, replace

import pytest

from site_builder.core import records
from site_builder.core.records import record


def pair(frozen: bool):
    """Two classes of the same fields (defaults, a factory, fields left out of the
    comparison, the hash or the repr), one made by dataclass and one by record."""

    def body(name: str) -> type:
        return type(
            name,
            (),
            {
                "__annotations__": {
                    "a": "int",
                    "b": "str",
                    "c": "tuple",
                    "d": "list",
                    "e": "int",
                    "f": "int",
                },
                "__module__": __name__,
                "__qualname__": name,
                "b": "x",
                "c": (),
                "d": field(default_factory=list, compare=False),
                "e": field(default=0, repr=False),
                "f": field(default=0, hash=False),
            },
        )

    return dataclass(frozen=frozen)(body("Made")), record(frozen=frozen)(body("Made"))


VALUES = [
    dict(a=1),
    dict(a=1, b="y"),
    dict(a=2, b="x", c=(1, 2)),
    dict(a=1, d=[5]),
    dict(a=1, e=3),
    dict(a=1, f=4),
    dict(a=1, b="x", c=("q",), d=[], e=0, f=0),
]


@pytest.mark.parametrize("frozen", [False, True])
def test_a_record_does_what_the_dataclass_does(frozen):
    plain, made = pair(frozen)
    assert [f.name for f in fields(made)] == [f.name for f in fields(plain)]
    for one in VALUES:
        p, r = plain(**one), made(**one)
        assert repr(r) == repr(p)
        assert asdict(r) == asdict(p)
        assert asdict(replace(r, a=9)) == asdict(replace(p, a=9))
        assert copy.deepcopy(r) == r
        assert (r.__eq__(object()), p.__eq__(object())) == (NotImplemented,) * 2
        if frozen:
            assert hash(r) == hash(p)
        else:
            assert made.__hash__ is None and plain.__hash__ is None
        for other in VALUES:
            assert (r == made(**other)) == (p == plain(**other))
            assert (r != made(**other)) == (p != plain(**other))


@record(frozen=True)
class Kept:
    a: int
    b: tuple = ()


@record
class Open:
    a: int
    b: list = field(default_factory=list)


def test_records_pickle_as_dataclasses_do():
    for obj in (Kept(1, (2,)), Open(1, [2])):
        back = pickle.loads(pickle.dumps(obj))
        assert back == obj and type(back) is type(obj) and back is not obj
    assert hash(pickle.loads(pickle.dumps(Kept(1)))) == hash(Kept(1))


def test_a_frozen_record_refuses_changes_as_the_dataclass_does():
    plain, made = pair(frozen=True)
    for obj in (plain(a=1), made(a=1)):
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'a'"):
            obj.a = 2
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'z'"):
            obj.z = 2
        with pytest.raises(FrozenInstanceError, match="cannot delete field 'b'"):
            del obj.b


def test_a_subclass_of_a_frozen_record_keeps_its_fields_frozen():
    @record(frozen=True)
    class Base:
        a: int

    class Child(Base):
        pass

    child = Child(1)
    child.note = "kept"  # not a field, not the record's own class: allowed, as dataclass
    assert child.note == "kept"
    with pytest.raises(FrozenInstanceError):
        child.a = 2
    assert child != Base(1) and Child(1) == child  # equal only within one class


def test_a_record_that_holds_itself_shows_dots():
    @record
    class Node:
        items: list

    node = Node([])
    node.items.append(node)
    assert repr(node) == "test_a_record_that_holds_itself_shows_dots.<locals>.Node(items=[...])"


def test_a_class_writing_its_own_method_is_left_to_dataclass():
    with pytest.raises(TypeError, match="defines __eq__"):

        @record(frozen=True)
        class Own:
            a: int

            def __eq__(self, other):
                return True


def test_a_subclass_of_a_frozen_record_is_refused_what_the_dataclass_subclass_is():
    plain, made = pair(frozen=True)
    for base in (plain, made):
        child = type("Child", (base,), {})(a=1)
        child.note = "kept"  # not a field: allowed on a subclass
        del child.note
        assert not hasattr(child, "note")
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'b'"):
            child.b = "y"
        with pytest.raises(FrozenInstanceError, match="cannot delete field 'a'"):
            del child.a
        with pytest.raises(AttributeError):
            del child.missing  # neither a field nor set: the object's own error


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="3.13's dataclass: left alone")
def test_a_frozen_record_compiles_no_source_for_refusing_changes():
    """The point of records.py's _frozen_methods: each text dataclass compiles costs ~70
    microseconds of a build's serial start, two per frozen record on Python 3.10-3.12;
    and dataclass's own maker of them is back in place after, even when it fails."""
    maker = dataclasses._frozen_get_del_attr
    _, made = pair(frozen=True)
    for name in ("__setattr__", "__delattr__"):
        method = made.__dict__[name]
        assert method.__code__.co_filename == records.__file__
        assert method.__qualname__ == f"Made.{name}"
    assert dataclasses._frozen_get_del_attr is maker

    @dataclass
    class Open:
        a: int

    with pytest.raises(TypeError, match="frozen"):  # frozen on a class that is not

        @record(frozen=True)
        class Shut(Open):
            b: int

    assert dataclasses._frozen_get_del_attr is maker
    with pytest.raises(FrozenInstanceError):  # a plain frozen dataclass: as before
        dataclass(frozen=True)(type("Plain", (), {"__annotations__": {"a": "int"}}))(1).a = 2
