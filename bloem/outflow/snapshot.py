"""The handover package as JSON and back: the snapshot kept (encrypted) with a shared
handover, from which its PDF and FHIR Bundle are produced again exactly as shared.

Generic over the dataclasses of `bloem.outflow.package`, led by their type hints: dates as
ISO strings, decimals as strings (no float rounding), tuples and frozensets as lists (a
frozenset sorted, so equal packages give equal JSON). A round trip gives an equal package."""

import dataclasses
import datetime
import json
import types
import typing
from decimal import Decimal
from functools import cache

from .package import HandoverPackage

FORMAT = 1  # bump when the package's shape changes incompatibly


def _dump(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset):
        return sorted(_dump(v) for v in value)
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _load(kind, value):
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        return _load(next(a for a in args if a is not type(None)), value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], v) for v in value)
        return tuple(_load(a, v) for a, v in zip(args, value, strict=True))
    if origin is frozenset:
        return frozenset(_load(args[0], v) for v in value)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{name: _load(hints[name], v) for name, v in value.items()})
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    if kind is Decimal:
        return Decimal(value)
    return value


def package_to_json(package: HandoverPackage) -> str:
    return json.dumps({"format": FORMAT, "package": _dump(package)}, ensure_ascii=False,
                      sort_keys=True)


def package_from_json(text: str) -> HandoverPackage:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"Unknown handover snapshot format {data.get('format')!r}.")
    return _load(HandoverPackage, data["package"])
