"""The shared frame of both simulators: a WSGI app with latency, a worker pool, fault injection,
request statistics and the inspection API under `/__sandbox__/`.

A system subclasses `SandboxApp` and supplies its API (`dispatch`), its state (the `state_*`
hooks) and, where it has them, extra admission rules (`admit`, Acumatica's license governor) and
extra inspection routes. Everything that is the same for both systems lives here once.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .faults import FaultConfigError, FaultInjector, FaultRule
from .gate import Gate
from .profiles import Profile, get_profile
from .stats import Stats

WSGIEnviron = dict[str, Any]
StartResponse = Callable[..., Any]

HTML_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>{status} Bad Gateway</title></head>"
    "<body><center><h1>{status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)


class InspectionError(Exception):
    """A refused inspection request: answered with `status` and `{"error": message}`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(data, default=str),
        status=status,
        mimetype="application/json",
        headers=headers,
    )


class _Dropped(Exception):
    """Raised inside request handling to close the connection without an answer."""


class SandboxApp(ABC):
    """Base WSGI application of a simulated system."""

    system = "sandbox"
    default_workers = 8

    def __init__(self, *, profile: str = "instant", seed: int = 1, items: int = 200) -> None:
        self.lock = threading.RLock()  # guards the simulated system's state
        self.profile: Profile = get_profile(profile)
        self.seed = seed
        self.items = items
        self.workers = self.default_workers
        self.hang_seconds = 300.0
        self.faults = FaultInjector()
        self.stats = Stats()
        self.pool = Gate(self.workers if self.profile.limits else None)
        self._initial_profile = self.profile
        self._release = threading.Event()
        self._inspection_map = Map(
            [
                Rule("/__sandbox__/state", endpoint="state_index", methods=["GET"]),
                Rule("/__sandbox__/state/<collection>", endpoint="state_list", methods=["GET"]),
                Rule(
                    "/__sandbox__/state/<collection>/<path:key>",
                    endpoint="state_item",
                    methods=["GET", "PUT", "DELETE"],
                ),
                Rule("/__sandbox__/reset", endpoint="reset", methods=["POST"]),
                Rule("/__sandbox__/faults", endpoint="faults", methods=["GET", "PUT"]),
                Rule("/__sandbox__/config", endpoint="config", methods=["GET", "PUT"]),
                Rule("/__sandbox__/stats", endpoint="stats", methods=["GET"]),
                Rule("/__sandbox__/stats/reset", endpoint="stats_reset", methods=["POST"]),
                Rule("/__sandbox__/requests", endpoint="requests", methods=["GET"]),
                *self.extra_inspection_rules(),
            ],
            strict_slashes=False,
        )
        self.reset_state()

    # ----------------------------------------------------------------- hooks for a system
    @abstractmethod
    def reset_state(self) -> None:
        """Build the demo data from `self.seed` and `self.items`, and restore system-specific
        config (limits) to the values the app was created with."""

    @abstractmethod
    def dispatch(self, request: Request) -> Response:
        """Serve one API request (latency included, via `self.spend`)."""

    def route_label(self, request: Request) -> str:
        """The route a request counts under in the statistics (a pattern, not the concrete path)."""
        return request.path

    @contextmanager
    def admit(self, request: Request) -> Iterator[None]:
        """Extra admission before the work (license governor); may raise to refuse the request."""
        yield

    def admission_response(self, exc: Exception) -> Response | None:
        """The answer for an exception raised by `admit`, or None to let it propagate."""
        return None

    @abstractmethod
    def state_collections(self) -> dict[str, int]:
        """Collection name -> record count."""

    @abstractmethod
    def state_list(self, collection: str) -> list[Any]:
        """Every record of a collection, in the system's own representation."""

    @abstractmethod
    def state_get(self, collection: str, key: str) -> Any:
        """One record by key, or None."""

    @abstractmethod
    def state_put(self, collection: str, key: str, body: Any) -> Any:
        """Change or create a record as a user of the system would; returns it."""

    @abstractmethod
    def state_delete(self, collection: str, key: str) -> None:
        """Delete a record as a user would; raise InspectionError(404) if missing."""

    def configure_extra(self, body: dict[str, Any]) -> None:
        """Apply system-specific config keys; raise InspectionError(400) for unknown ones."""
        if body:
            raise InspectionError(400, f"unknown config keys: {', '.join(sorted(body))}")

    def config_extra(self) -> dict[str, Any]:
        return {}

    def stats_extra(self) -> dict[str, Any]:
        return {}

    def reset_stats_extra(self) -> None:
        """Reset system-specific counters (called by stats reset and full reset)."""
        return

    def extra_inspection_rules(self) -> Iterable[Rule]:
        """Additional `/__sandbox__/...` rules; their endpoint names are methods `inspect_<name>`."""
        return ()

    # ----------------------------------------------------------------- helpers for a system
    def spend(self, realistic_seconds: float) -> None:
        """Simulated work on the profile's clock."""
        self.profile.sleep(realistic_seconds)

    def release_hangs(self) -> None:
        """Let every hanging request go (they then drop their connection)."""
        old, self._release = self._release, threading.Event()
        old.set()

    # ----------------------------------------------------------------- WSGI
    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        if request.path == "/__sandbox__" or request.path.startswith("/__sandbox__/"):
            return self._inspect(request)(environ, start_response)
        return self._serve_api(request, environ, start_response)

    def _serve_api(
        self, request: Request, environ: WSGIEnviron, start_response: StartResponse
    ) -> Iterable[bytes]:
        started = time.monotonic()
        body = request.get_data(cache=True)
        fault = self.faults.pick(request.method, request.path)
        route = self.route_label(request)
        status = 0
        try:
            response = self._respond(request, fault)
            status = response.status_code
            return response(environ, start_response)
        except _Dropped:
            status = 0
            return self._drop(environ, start_response)
        finally:
            self.stats.record_request(
                method=request.method,
                path=request.path,
                query=request.query_string.decode("latin-1"),
                route=route,
                status=status,
                duration=time.monotonic() - started,
                fault=fault.kind if fault else None,
                body=body if request.method != "GET" else None,
            )

    def _respond(self, request: Request, fault: FaultRule | None) -> Response:
        if fault is not None and not fault.after_commit:
            return self._fault_before_work(fault)
        try:
            with self.admit(request), self.pool.hold():
                self.stats.enter()
                try:
                    response = self.dispatch(request)
                finally:
                    self.stats.leave()
        except Exception as exc:
            refused = self.admission_response(exc)
            if refused is None:
                raise
            return refused
        if fault is not None:
            return self._fault_after_work(fault, response)
        return response

    def _fault_before_work(self, fault: FaultRule) -> Response:
        if fault.kind == "status":
            return json_response(
                {"message": f"Injected fault: HTTP {fault.status}"}, status=fault.status or 503
            )
        if fault.kind == "html":
            status = fault.status or 502
            return Response(HTML_ERROR_PAGE.format(status=status), status=status, mimetype="text/html")
        if fault.kind == "hang":
            self._release.wait(self.hang_seconds)
        raise _Dropped  # drop, or a hang that ended

    def _fault_after_work(self, fault: FaultRule, response: Response) -> Response:
        if fault.kind == "after_commit_status":
            return json_response(
                {"message": f"Injected fault: HTTP {fault.status}"}, status=fault.status or 500
            )
        if fault.kind == "truncate":
            data = response.get_data()
            response.set_data(data[: max(1, len(data) // 2)])
            return response
        if fault.kind == "hang_after_commit":
            self._release.wait(self.hang_seconds)
        raise _Dropped  # drop_after_commit, or a hang that ended

    @staticmethod
    def _drop(environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        """Close the connection without an answer (the client sees a dropped connection)."""
        sock = environ.get("werkzeug.socket")
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        start_response("500 Dropped", [("Content-Length", "0")])
        return [b""]

    # ----------------------------------------------------------------- inspection API
    def _inspect(self, request: Request) -> Response:
        remote = request.remote_addr or "127.0.0.1"
        try:
            if not ipaddress.ip_address(remote).is_loopback:
                return json_response({"error": "the inspection API answers loopback clients only"}, 403)
        except ValueError:
            pass
        adapter = self._inspection_map.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
            handler = getattr(self, f"inspect_{endpoint}")
            return handler(request, **args)
        except InspectionError as exc:
            return json_response({"error": exc.message}, exc.status)
        except FaultConfigError as exc:
            return json_response({"error": str(exc)}, 400)
        except MethodNotAllowed:
            return json_response({"error": f"{request.method} is not allowed on {request.path}"}, 405)
        except NotFound:
            return json_response({"error": f"no inspection route {request.path}"}, 404)
        except HTTPException as exc:
            return json_response({"error": exc.description}, exc.code or 400)

    @staticmethod
    def json_body(request: Request) -> Any:
        data = request.get_data(cache=True)
        if not data:
            return {}
        try:
            return json.loads(data)
        except ValueError:
            raise InspectionError(400, "the body is not valid JSON") from None

    def inspect_state_index(self, request: Request) -> Response:
        with self.lock:
            return json_response(self.state_collections())

    def _known_collection(self, collection: str) -> None:
        if collection not in self.state_collections():
            known = ", ".join(sorted(self.state_collections()))
            raise InspectionError(404, f"unknown collection {collection!r}; known: {known}")

    def inspect_state_list(self, request: Request, collection: str) -> Response:
        with self.lock:
            self._known_collection(collection)
            return json_response(self.state_list(collection))

    def inspect_state_item(self, request: Request, collection: str, key: str) -> Response:
        with self.lock:
            self._known_collection(collection)
            if request.method == "GET":
                record = self.state_get(collection, key)
                if record is None:
                    raise InspectionError(404, f"{collection} {key!r} does not exist")
                return json_response(record)
            if request.method == "PUT":
                body = self.json_body(request)
                if not isinstance(body, dict):
                    raise InspectionError(400, "the body must be a JSON object")
                return json_response(self.state_put(collection, key, body))
            self.state_delete(collection, key)
            return Response(status=204)

    def inspect_reset(self, request: Request) -> Response:
        self.release_hangs()
        with self.lock:
            self.faults.clear()
            self.profile = self._initial_profile
            self.workers = self.default_workers
            self.hang_seconds = 300.0
            self.pool.configure(self.workers if self.profile.limits else None)
            self.reset_state()
            self.stats.reset()
            self.pool.reset_stats()
            self.reset_stats_extra()
        return Response(status=204)

    def inspect_faults(self, request: Request) -> Response:
        if request.method == "PUT":
            body = self.json_body(request)
            if not isinstance(body, dict):
                raise InspectionError(400, "the body must be a JSON object")
            self.faults.configure(body)
            if not self.faults.as_dict()["rules"]:
                self.release_hangs()
        return json_response(self.faults.as_dict())

    def current_config(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "profile": self.profile.name,
            "seed": self.seed,
            "items": self.items,
            "workers": self.workers,
            "hang_seconds": self.hang_seconds,
            **self.config_extra(),
        }

    def inspect_config(self, request: Request) -> Response:
        if request.method == "PUT":
            body = self.json_body(request)
            if not isinstance(body, dict):
                raise InspectionError(400, "the body must be a JSON object")
            body = dict(body)
            with self.lock:
                if "profile" in body:
                    try:
                        self.profile = get_profile(str(body.pop("profile")))
                    except ValueError as exc:
                        raise InspectionError(400, str(exc)) from None
                if "workers" in body:
                    workers = body.pop("workers")
                    if not isinstance(workers, int) or workers < 1:
                        raise InspectionError(400, "workers must be a positive integer")
                    self.workers = workers
                if "hang_seconds" in body:
                    hang = body.pop("hang_seconds")
                    if not isinstance(hang, int | float) or hang <= 0:
                        raise InspectionError(400, "hang_seconds must be a positive number")
                    self.hang_seconds = float(hang)
                self.pool.configure(self.workers if self.profile.limits else None)
                self.configure_extra(body)
        return json_response(self.current_config())

    def inspect_stats(self, request: Request) -> Response:
        data = self.stats.snapshot()
        data.update(
            {
                "worker_pool": {
                    "size": self.pool.capacity,
                    "busy_seconds": round(self.pool.busy_seconds, 4),
                    "active": self.pool.active,
                    "queued": self.pool.queued,
                    "peak_active": self.pool.peak_active,
                    "peak_queued": self.pool.peak_queued,
                    "queued_total": self.pool.queued_total,
                },
                "peak_concurrency": self.stats.peak_in_flight,
                **self.stats_extra(),
            }
        )
        return json_response(data)

    def inspect_stats_reset(self, request: Request) -> Response:
        self.stats.reset()
        self.pool.reset_stats()
        self.reset_stats_extra()
        return Response(status=204)

    def inspect_requests(self, request: Request) -> Response:
        try:
            since = int(request.args.get("since", "0"))
        except ValueError:
            raise InspectionError(400, "since must be an integer") from None
        return json_response(
            self.stats.requests_matching(
                method=request.args.get("method"), path_regex=request.args.get("path"), since_seq=since
            )
        )
