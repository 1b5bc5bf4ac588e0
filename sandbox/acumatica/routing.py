"""Which contract-based API operation a request path names (reference s.2).

`/entity`, `/entity/auth/login|logout`, and under `/entity/{endpoint}/{version}/`:
`swagger.json`, `files/{id}`, `files/{graph}/{view}/{id}/{filename}`, `{Entity}`,
`{Entity}/$adHocSchema`, `{Entity}/{Action}/status/{id}`, `{Entity}/{Action}` (POST),
`{Entity}/{key}/{key}...` or `{Entity}/{id}` (keys may also be separated by `|`), and
`{Entity}/{keys...}/files/{filename}`. The route label (a pattern) is what statistics count.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Route:
    kind: str  # root | login | logout | swagger | file_get | file_put_link | list | put | adhoc |
    # action | action_status | by_key | file_put | entity_unknown | unknown
    endpoint: str = ""
    version: str = ""
    entity: str = ""
    action: str = ""
    operation_id: str = ""
    keys: list[str] = field(default_factory=list)
    filename: str = ""
    link: list[str] = field(default_factory=list)  # graph, view, id of a files:put link

    def label(self, method: str) -> str:
        base = "/entity/{endpoint}/{version}"
        patterns = {
            "root": "/entity",
            "login": "/entity/auth/login",
            "logout": "/entity/auth/logout",
            "swagger": f"{base}/swagger.json",
            "file_get": f"{base}/files/{{id}}",
            "file_put_link": f"{base}/files/{{graph}}/{{view}}/{{id}}/{{filename}}",
            "list": f"{base}/{self.entity}",
            "put": f"{base}/{self.entity}",
            "adhoc": f"{base}/{self.entity}/$adHocSchema",
            "action": f"{base}/{self.entity}/{self.action}",
            "action_status": f"{base}/{self.entity}/{self.action}/status/{{id}}",
            "by_key": f"{base}/{self.entity}/{{keys}}",
            "file_put": f"{base}/{self.entity}/{{keys}}/files/{{filename}}",
        }
        return patterns.get(self.kind, "(unknown)")


def parse_route(method: str, path: str) -> Route:
    parts = [p for p in path.split("/") if p != ""]
    if not parts or parts[0].lower() != "entity":
        return Route("unknown")
    if len(parts) == 1:
        return Route("root")
    if parts[1].lower() == "auth" and len(parts) == 3:
        if parts[2].lower() == "login":
            return Route("login")
        if parts[2].lower() == "logout":
            return Route("logout")
        return Route("unknown")
    if len(parts) < 4:
        return Route("unknown", endpoint=parts[1], version=parts[2] if len(parts) > 2 else "")
    endpoint, version, rest = parts[1], parts[2], parts[3:]
    route = Route("unknown", endpoint=endpoint, version=version)
    head = rest[0]
    if head.lower() == "swagger.json" and len(rest) == 1:
        route.kind = "swagger"
        return route
    if head.lower() == "files":
        if len(rest) == 2:
            route.kind, route.keys = "file_get", [rest[1]]
        elif len(rest) == 5:
            route.kind, route.link, route.filename = "file_put_link", rest[1:4], rest[4]
        return route
    route.entity = head
    tail = rest[1:]
    if not tail:
        route.kind = "list" if method == "GET" else "put"
        return route
    if len(tail) == 1 and tail[0] == "$adHocSchema":
        route.kind = "adhoc"
        return route
    if len(tail) == 3 and tail[1].lower() == "status":
        route.kind, route.action, route.operation_id = "action_status", tail[0], tail[2]
        return route
    if method == "POST" and len(tail) == 1:
        route.kind, route.action = "action", tail[0]
        return route
    if len(tail) >= 3 and tail[-2].lower() == "files":
        route.kind, route.keys, route.filename = "file_put", _keys(tail[:-2]), tail[-1]
        return route
    route.kind, route.keys = "by_key", _keys(tail)
    return route


def _keys(segments: list[str]) -> list[str]:
    keys: list[str] = []
    for segment in segments:
        keys.extend(segment.split("|"))
    return keys
