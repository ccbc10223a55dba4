"""A faster drop-in for the ASK SDK's DefaultSerializer.

The stock serializer re-reads each model class's type strings for every value, builds objects through
their keyword `__init__`s and parses timestamps with dateutil; that dominated request time in profiles.
Here each ask_sdk_model class gets, once, a function generated from its `deserialized_types` and
`attribute_map`: a field costs a dict lookup and an attribute store, and a value that already has its
primitive type is not converted. Responses are written by functions generated the same way. The objects
are the SDK's (same classes, same `__dict__`, so `==` holds): handlers cannot tell the difference.
"""
from __future__ import annotations

import importlib
import re
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any, Callable, Dict, List, Tuple

import orjson
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope, ResponseEnvelope

Converter = Callable[[Any], Any]

_LIST = re.compile(r"list\[(.*)\]$")
_DICT = re.compile(r"dict\(([^,]*), (.*)\)$")
_PRIMITIVES = {"str": str, "int": int, "float": float, "bool": bool}
_PLAIN = frozenset({str, int, float, bool, type(None)})    # what JSON takes as it is


def _parse_datetime(value: Any) -> Any:
    if not isinstance(value, str):
        raise SerializationException(f"expected an ISO-8601 string, got {type(value).__name__}")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise SerializationException(f"not an ISO-8601 timestamp: {value[:40]!r}") from None


def _primitive(kind: type) -> Converter:
    def convert(value: Any) -> Any:
        if value is None or isinstance(value, kind):
            return value
        if kind is str and isinstance(value, (int, float, bool)):
            return str(value)
        if kind in (int, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
            return kind(value)
        raise SerializationException(f"expected {kind.__name__}, got {type(value).__name__}")
    return convert


@lru_cache(maxsize=None)
def _load_class(name: str) -> type:
    module_name, _, class_name = name.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError, ValueError):
        raise SerializationException(f"unknown model class {name}") from None


def _enum_converter(enum_cls: type) -> Converter:
    by_value = {member.value: member for member in enum_cls}

    def convert(value: Any) -> Any:
        try:    # a value Amazon adds later is kept as a plain string instead of failing the request
            return by_value.get(value, value)
        except TypeError:                   # a list or an object where a value belongs
            raise SerializationException(f"expected a {enum_cls.__name__} value") from None
    return convert


# -- JSON → model objects, one generated function per class --------------------------------------
def _add_undeclared(instance: Any, payload: Dict[str, Any], declared: frozenset) -> None:
    """The SDK keeps JSON keys a model does not declare (a slot's "source", a LaunchRequest's
    "shouldLinkResultBeReturned") as attributes named as in JSON; so must we, or `==` fails."""
    try:
        for key in payload.keys() - declared:
            setattr(instance, key, payload[key])
    except (TypeError, AttributeError) as failure:
        raise SerializationException(f"unusable key in {type(instance).__name__}: {failure}") from None


def _on_first_use(namespace: Dict[str, Any], name: str, type_name: str) -> Converter:
    """Stands in for a nested type's converter until its first call, then puts the real one in its
    place: models refer to each other (APL commands even to themselves), so building eagerly recurses."""
    def first_call(value: Any) -> Any:
        namespace[name] = convert = converter_for(type_name)
        return convert(value)
    return first_call


def _field_expression(type_name: str, n: int, namespace: Dict[str, Any]) -> str:
    """Python expression for field n's value from `v`, its JSON value (None when absent)."""
    if type_name == "object":
        return "v"
    if type_name in _PRIMITIVES:            # already of the right type: no call
        namespace[f"t{n}"], namespace[f"c{n}"] = _PRIMITIVES[type_name], converter_for(type_name)
        return f"v if v is None or v.__class__ is t{n} else c{n}(v)"
    namespace[f"c{n}"] = _on_first_use(namespace, f"c{n}", type_name)
    return f"v if v is None else c{n}(v)"


@lru_cache(maxsize=None)
def _builder(cls: type) -> Converter:
    """JSON object → exactly `cls` (no discriminator), generated once. For Intent, in short:

        o = new(Intent); o._Intent__discriminator_value = d0
        v = get('name'); o.name = v if v is None or v.__class__ is t1 else c1(v)
        v = get('slots'); o.slots = v if v is None else c2(v)    # ...and so on, then undeclared keys

    It skips `cls.__init__` and its chain of keyword defaults: model `__init__`s only store
    attributes (the fields, plus the discriminator value each class records under a private name),
    so the generated code makes the same stores, in the same order, as a default instance shows."""
    names = getattr(cls, "attribute_map", {}) or {}
    default = vars(cls())
    stores = list(default) + [attr for attr in cls.deserialized_types if attr not in default]
    namespace: Dict[str, Any] = {
        "cls": cls, "new": object.__new__, "add_undeclared": _add_undeclared, "error": SerializationException,
        "declared": frozenset(names.get(attr, attr) for attr in cls.deserialized_types)}
    lines = ["def build(p):",
             "    if p.__class__ is not dict and not isinstance(p, dict):",
             "        if p is None: return None",
             f"        raise error('expected an object for {cls.__name__}')",
             "    get = p.get",
             "    o = new(cls)"]
    for n, attr in enumerate(stores):
        if attr in cls.deserialized_types:
            lines.append(f"    v = get({names.get(attr, attr)!r})")
            lines.append(f"    o.{attr} = {_field_expression(cls.deserialized_types[attr], n, namespace)}")
        else:                               # the discriminator value
            namespace[f"d{n}"] = default[attr]
            lines.append(f"    o.{attr} = d{n}")
    lines += ["    if not declared.issuperset(p):", "        add_undeclared(o, p, declared)", "    return o"]
    exec("\n".join(lines), namespace)       # noqa: S102 - source made above from the SDK's type tables
    return namespace["build"]


def _dispatcher(cls: type) -> Converter:
    """Polymorphic models (Request, Directive, ...): the JSON type picks the subclass through the
    SDK's own get_real_child_model; an unknown type keeps the base class, as before."""
    child_of, base = cls.get_real_child_model, _builder(cls)
    builders: Dict[Any, Converter] = {}

    def convert(payload: Any) -> Any:
        if payload.__class__ is not dict and not isinstance(payload, dict):
            return base(payload)            # None, or the error
        try:
            name = child_of(payload)
        except (KeyError, TypeError):
            raise SerializationException(f"{cls.__name__} without a usable type") from None
        build = builders.get(name)
        if build is None:
            build = builders[name] = _builder(_load_class(name)) if name else base
        return build(payload)
    return convert


@lru_cache(maxsize=None)
def converter_for(type_name: str) -> Converter:
    """A function turning JSON data into the named ask_sdk_model type."""
    match = _LIST.match(type_name)
    if match:
        item = converter_for(match.group(1).strip())
        return lambda values: [item(value) for value in values] if isinstance(values, list) else None
    match = _DICT.match(type_name)
    if match:
        if match.group(2).strip() == "object":     # session attributes: a copy, as before
            return lambda values: dict(values) if isinstance(values, dict) else None
        item = converter_for(match.group(2).strip())
        return lambda values: ({key: item(value) for key, value in values.items()}
                               if isinstance(values, dict) else None)
    if type_name in _PRIMITIVES:
        return _primitive(_PRIMITIVES[type_name])
    if type_name == "object":
        return lambda value: value
    if type_name in ("datetime", "date"):
        return _parse_datetime
    cls = _load_class(type_name)
    if issubclass(cls, Enum):
        return _enum_converter(cls)
    if getattr(cls, "get_real_child_model", None) and getattr(cls, "discriminator_value_class_map", None):
        return _dispatcher(cls)
    return _builder(cls)


# -- model objects → JSON --------------------------------------------------------------------------
def _model_writer(cls: type) -> Converter:
    """Model object → dict under attribute_map names, None fields dropped; generated once per class."""
    names = getattr(cls, "attribute_map", {}) or {}
    plan = [(attr, names.get(attr, attr)) for attr in cls.deserialized_types]
    namespace = {"plain": _PLAIN, "to_json": to_json_data, "plan": plan, "slowly": _write_fields}
    lines = ["def write(o):", "    out = {}", "    try:"]
    for attr, key in plan:
        lines += [f"        v = o.{attr}",
                  f"        if v is not None: out[{key!r}] = v if v.__class__ in plain else to_json(v)"]
    lines += ["    except AttributeError:    # a field deleted from the object: written as if None",
              "        return slowly(o, plan)",
              "    return out"]
    exec("\n".join(lines), namespace)       # noqa: S102 - source made above from the SDK's type tables
    return namespace["write"]


def _write_fields(obj: Any, plan: List[Tuple[str, str]]) -> Dict[str, Any]:
    values = ((key, getattr(obj, attr, None)) for attr, key in plan)
    return {key: to_json_data(value) for key, value in values if value is not None}


def _writer_for(cls: type) -> Converter:
    """How to write instances of cls; checked in the order that decides for subclasses."""
    if issubclass(cls, (str, int, float, bool)):
        return lambda obj: obj
    if issubclass(cls, Enum):
        return lambda obj: obj.value
    if issubclass(cls, (list, tuple)):
        return lambda obj: [to_json_data(item) for item in obj]
    if issubclass(cls, dict):
        return lambda obj: {key: to_json_data(value) for key, value in obj.items()}
    if issubclass(cls, (datetime, date)):
        return lambda obj: obj.isoformat()
    if hasattr(cls, "deserialized_types"):
        return _model_writer(cls)
    raise SerializationException(f"cannot serialize {cls.__name__}")


_WRITERS: Dict[type, Converter] = {}


def to_json_data(obj: Any) -> Any:
    """ask_sdk_model objects (and plain data) → JSON-ready data, dropping None fields."""
    if obj.__class__ in _PLAIN:
        return obj
    write = _WRITERS.get(obj.__class__)
    if write is None:
        write = _WRITERS[obj.__class__] = _writer_for(obj.__class__)
    return write(obj)


class FastSerializer(DefaultSerializer):
    """DefaultSerializer's contract with generated converters; also used by service clients."""

    def serialize(self, obj: Any) -> Any:  # type: ignore[override]
        return to_json_data(obj)

    def deserialize(self, payload: Any, obj_type: Any) -> Any:  # type: ignore[override]
        if payload is None:
            return None
        try:
            data = orjson.loads(payload) if isinstance(payload, (str, bytes)) else payload
        except ValueError:
            raise SerializationException("payload is not valid JSON") from None
        if isinstance(obj_type, str):
            return converter_for(obj_type)(data)
        return converter_for(f"{obj_type.__module__}.{obj_type.__name__}")(data)

    def deserialize_request(self, envelope_json: Dict[str, Any]) -> RequestEnvelope:
        return converter_for("ask_sdk_model.request_envelope.RequestEnvelope")(envelope_json)

    def serialize_response(self, envelope: ResponseEnvelope) -> bytes:
        return orjson.dumps(to_json_data(envelope))
