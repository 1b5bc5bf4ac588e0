"""Wire-level rules of Magento's REST front controller (reference s.0): URL shape and store codes,
body decoding with its Content-Type errors, and how body, path and query values become the
service method's input (including the PUT rule that copies the last path value into the body).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Request, Response

from .errors import MagentoError
from .routing import Route
from .search import parse_query
from .types import Interface, snake

SYNC, ASYNC, BULK = "sync", "async", "bulk"


@dataclass(frozen=True)
class ApiPath:
    store_code: str | None
    mode: str  # sync, async or bulk
    path: str  # `/V1/...`, still percent-encoded


def raw_path(request: Request) -> str:
    """The request path as sent (percent-encoding kept), so `%2F` inside a SKU stays one segment."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        return str(raw).split("?", 1)[0]
    return quote(request.path)


def parse_api_path(path: str) -> ApiPath | None:
    """`/rest[/<code>][/async[/bulk]]/V1/...`; None when the path is not under `/rest/`."""
    if path.startswith("/index.php/"):
        path = path[len("/index.php") :]
    if not path.startswith("/rest/"):
        return None
    segments = path[len("/rest/") :].split("/")
    store_code = None
    if segments and segments[0] not in {"V1", "async"}:
        store_code = segments.pop(0)
    mode = SYNC
    if segments[:2] == ["async", "bulk"]:
        mode, segments = BULK, segments[2:]
    elif segments[:1] == ["async"]:
        mode, segments = ASYNC, segments[1:]
    if not segments or segments[0] != "V1":
        return None
    return ApiPath(store_code, mode, "/" + "/".join(segments))


def read_body(request: Request) -> Any:
    """The decoded body, or None when there is none. Only JSON is spoken by the sandbox."""
    data = request.get_data(cache=True)
    if not data:
        return None
    content_type = request.headers.get("Content-Type", "")
    if not content_type.strip():
        raise MagentoError(400, "Content-Type header is empty.")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if "/" not in media_type:
        raise MagentoError(400, "Content-Type header is invalid.")
    if media_type not in {"application/json", "text/json"} and not media_type.endswith("+json"):
        raise MagentoError(
            400, "Server cannot understand Content-Type HTTP header media type %1", [media_type]
        )
    try:
        return json.loads(data)
    except ValueError:
        raise MagentoError(400, "Decoding error.") from None


def _declares(route: Route, body_key: str, name: str) -> bool:
    """Whether the data object of body parameter `body_key` has a property `name`."""
    for param in route.params:
        if param.key == snake(body_key) and isinstance(param.type, Interface):
            return snake(name) in param.type.fields
    return False


def method_input(
    route: Route, method: str, path_values: dict[str, str], body: Any, query: list[tuple[str, str]]
) -> dict[str, Any]:
    """The raw input of the service method, before typing (InputParamsResolver + ParamsOverrider)."""
    if method == "GET":
        raw = parse_query(query)
        raw.update(path_values)
        return raw
    raw = dict(body) if isinstance(body, dict) else {}
    if method != "PUT" or not path_values:
        raw.update(path_values)
        return raw
    *leading, last = route.path_params
    value = path_values[last]
    keys = list(raw)  # the body as sent decides where the last path value goes
    if len(keys) == 1 and isinstance(raw[keys[0]], dict) and _declares(route, keys[0], last):
        inner = dict(raw[keys[0]])
        inner.pop(last, None)
        inner[snake(last)] = value
        raw[keys[0]] = inner
    else:
        raw[last] = value
    for name in leading:
        raw[name] = path_values[name]
    return raw


def json_reply(data: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(data, separators=(",", ":"), ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )
