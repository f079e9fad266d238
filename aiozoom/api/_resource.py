"""What the generated resource methods share: request bodies, query values, answers as models.

Every generated method builds a path with :func:`aiozoom.http.path_segment` and its JSON body
with :func:`json_body`, sends them (and its query parameters, encoded by
:func:`aiozoom.http.params.encode_params`) through ``ZoomClient.request``, and turns the
answer into a model with :func:`to_model`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar, overload

import aiohttp

from aiozoom.errors import InvalidResponseError
from aiozoom.http.paths import path_segment
from aiozoom.models._base import ZoomModel

if TYPE_CHECKING:
    from types import ModuleType

    from aiozoom.client import ZoomClient

__all__ = [
    "Namespace",
    "Resource",
    "json_body",
    "json_list",
    "lazy_module",
    "me_on_sub_account",
    "not_for_sub_account",
    "same_account",
    "to_model",
    "to_models",
    "upload",
]

T = TypeVar("T")
R = TypeVar("R", bound="Resource")


class Resource:
    """Base class of the generated namespaces (``zoom.meetings`` is a ``MeetingsResource``)."""

    def __init__(self, client: ZoomClient) -> None:
        self._client = client
        self._account = client._account  # "/accounts/<id>" for zoom.for_account(id), else ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"


def not_for_sub_account(name: str) -> ValueError:
    """The error of an operation without a master-account form called through
    ``zoom.for_account(...)``: it would act on one's own account, not the sub-account."""
    return ValueError(
        f"{name}() has no master-account form: Zoom cannot run it for a sub-account;"
        " call it on the client itself"
    )


def same_account(account: str, account_id: str) -> str:
    """``account_id`` if it names the sub-account a ``zoom.for_account(...)`` client acts for
    (``account`` is its ``/accounts/<id>`` prefix); else ``ValueError``, rather than act on
    another account (``"me"`` is the master account itself)."""
    if account_id != account[len("/accounts/") :] and (
        not isinstance(account_id, str)
        or path_segment(account_id, name="account_id") != account[len("/accounts/") :]
    ):
        raise ValueError(
            "account_id differs from the sub-account this client acts for (zoom.for_account);"
            " call the method on the client itself to act on another account"
        )
    return account_id


def me_on_sub_account(name: str) -> ValueError:
    """The error of ``"me"`` as a user on a ``zoom.for_account(...)`` client: with the master
    account's token it names the master's own user, not one of the sub-account."""
    return ValueError(
        f"{name}='me' names the master account's own user; pass a user of the sub-account"
    )


class Namespace(Generic[R]):
    """A namespace of ``ZoomClient`` (``zoom.phone``), or a part of a product's
    (``zoom.phone.call_logs``): its module is imported and its resource created the first time it
    is read on a client (or on its product's resource), then kept there."""

    def __init__(self, module: str, cls: str) -> None:
        self._module = f"aiozoom.api.{module}"
        self._cls = cls
        self._name = module.rpartition(".")[2]

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> Namespace[R]: ...

    @overload
    def __get__(self, obj: object, owner: type[Any] | None = None) -> R: ...

    def __get__(self, obj: object | None, owner: type[Any] | None = None) -> R | Namespace[R]:
        if obj is None:
            return self
        cls = getattr(importlib.import_module(self._module), self._cls)
        client = obj._client if isinstance(obj, Resource) else obj  # a product's part, or not
        resource: R = cls(client)
        obj.__dict__[self._name] = resource  # the next read finds it without this descriptor
        return resource


class _LazyModule:
    """A module imported on first attribute access (the models load when first needed)."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        value = getattr(module, attr)
        setattr(self, attr, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    """``name``'s module, imported the first time one of its attributes is read."""
    return _LazyModule(name)


# cattrs and the converter load with the first model, not with aiozoom
_converter = lazy_module("aiozoom.models._converter")


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def json_body(
    body: Any, fields: Mapping[str, Any], *, required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The JSON body: ``body`` (a model or a mapping) with the non-``None`` ``fields`` over it.

    Models, dates and date-times anywhere inside are unstructured; ``None`` values are not sent.
    Raises ``ValueError`` when a field Zoom requires is missing from both.
    """
    if body is None:
        data: dict[str, Any] = {}
    elif isinstance(body, ZoomModel | Mapping):
        data = _drop_none(_converter.unstructure(body))
    else:
        raise TypeError(f"body must be a model or a mapping, not {type(body).__name__}")
    for key, value in fields.items():
        if value is not None:
            data[key] = _drop_none(_converter.unstructure(value))
    missing = [key for key in required if key not in data]
    if missing:
        raise ValueError(f"missing required body field(s): {', '.join(missing)}")
    return data


def json_list(body: Any) -> list[Any]:
    """A JSON list body: each item (a model, a mapping, a value) unstructured, ``None`` dropped
    from mappings inside. Raises ``TypeError`` for anything but a list or tuple."""
    if not isinstance(body, list | tuple):
        raise TypeError(f"body must be a list, not {type(body).__name__}")
    return [_drop_none(_converter.unstructure(item)) for item in body]


# each model's structure function, looked up once (cattrs' dispatch costs on every call)
_hooks: dict[type[Any], Any] = {}
# the response models that keep their JSON and read fields on first use (most of them)
_keeping: set[type[Any]] = set()
_new = object.__new__
_set = object.__setattr__


def _hook(cls: type[Any]) -> Any:
    hook = _hooks[cls] = _converter.converter.get_structure_hook(cls)
    if "__zoom_plan__" in vars(cls):  # set by the converter's hook for such models
        _keeping.add(cls)
    return hook


def to_model(data: Any, cls: type[T], method: str, path: str) -> T:
    """Zoom's answer as a ``cls`` model; ``InvalidResponseError`` if it is not a JSON object."""
    if cls in _keeping and data.__class__ is dict:
        # what the converter's hook does for such a model, without calling it: this is the
        # hot path of every typed call
        model: T = _new(cls)
        _set(model, "_raw", data)
        _set(model, "_reads", 0)
        return model
    if not isinstance(data, Mapping):
        raise InvalidResponseError(
            f"{method} {path}: expected a JSON object, got {type(data).__name__}",
            method=method,
            path=path,
        )
    hook = _hooks.get(cls) or _hook(cls)
    return hook(data, cls)  # type: ignore[no-any-return]


def to_models(data: Any, cls: type[T], method: str, path: str) -> tuple[T, ...]:
    """Zoom's answer (a JSON list) as a tuple of ``cls`` models."""
    if not isinstance(data, list):
        raise InvalidResponseError(
            f"{method} {path}: expected a JSON list, got {type(data).__name__}",
            method=method,
            path=path,
        )
    hook = _hooks.get(cls) or _hook(cls)
    return tuple([hook(item, cls) for item in data])


async def _multipart(
    files: Mapping[str, tuple[str, bytes | IO[bytes]]], fields: Mapping[str, Any]
) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body in memory (so it can be replayed), and its content type."""
    writer = aiohttp.MultipartWriter("form-data")
    for name, value in fields.items():
        if value is None:
            continue
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        writer.append(text).set_content_disposition("form-data", name=name)
    for name, (filename, content) in files.items():
        payload = content if isinstance(content, bytes) else content.read()
        part = writer.append(payload, {"Content-Type": "application/octet-stream"})
        part.set_content_disposition("form-data", name=name, filename=filename)
    return await writer.as_bytes(), writer.content_type


async def upload(
    client: ZoomClient,
    method: str,
    path: str,
    *,
    files: Mapping[str, tuple[str, bytes | IO[bytes]]],
    fields: Mapping[str, Any],
) -> Any:
    """Send a ``multipart/form-data`` body (Zoom's file uploads) through ``ZoomClient.request``."""
    body, content_type = await _multipart(files, fields)
    return await client.request(method, path, data=body, content_type=content_type)
