"""`AcumaticaClient`: the contract-based REST API (`/entity/{endpoint}/{version}/...`).

A client is one API session: it logs in with tenant and branch on first use (cookie session),
logs in once more when the server answers 401 (an expired session), and logs out on `close()` /
leaving its `with` block, also when the block raised. A session that is not logged out keeps an
API user seat for 10 minutes and, on a small license, locks every other integration out, so
use it as a context manager:

    with AcumaticaClient(url, username=..., password=..., tenant=...) as acumatica:
        for page in acumatica.iter_pages("StockItem", filter=..., expand=["Attributes"]):
            ...

All clients of a site in this process share a `Governor` that keeps them within the license's
concurrency, per-minute and API-user limits (with `REDIS_URL`, together with every other process).
One client may be shared by threads; note that while an action runs in a session, Acumatica fails
other requests of that session, so run long actions on a client of their own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin

from ..defaults import (
    ACUMATICA_ROUTES,
    DEFAULT_ACUMATICA_ENDPOINT,
    DEFAULT_ACUMATICA_VERSION,
)
from ..exceptions import (
    ApiLoginLimitError,
    EndpointError,
    FieldError,
    LoginError,
    NotFoundError,
    OperationPendingError,
    ValidationError,
)
from ..governor import AcumaticaLimits, Governor, governor_for
from ..redaction import get_logger, is_session_cookie, register_secret
from .acumatica_records import last_modified_field, record_field_errors
from .base import HttpClient
from .routing import snake_case

logger = get_logger(__name__)

LOGIN = "acumatica.auth.login"
LOGOUT = "acumatica.auth.logout"
DEFAULT_PAGE_SIZE = 100
FieldList = str | Sequence[str] | None


@dataclass(frozen=True)
class ActionResult:
    """How an action ended: `status` 204 (done at once, or after polling) and the status URL."""

    status: int
    location: str | None = None
    polls: int = 0


def _joined(fields: FieldList) -> str | None:
    if fields is None:
        return None
    return fields if isinstance(fields, str) else ",".join(fields)


class AcumaticaClient(HttpClient):
    system = "Acumatica"
    default_routes = ACUMATICA_ROUTES

    def __init__(
        self,
        base_url: str,
        *,
        username: str,
        password: str,
        tenant: str | None = None,
        branch: str | None = None,
        locale: str | None = None,
        endpoint: str = DEFAULT_ACUMATICA_ENDPOINT,
        version: str = DEFAULT_ACUMATICA_VERSION,
        limits: AcumaticaLimits | None = None,
        governor: Governor | None = None,
        session_wait: float | None = None,
        poll_interval: float = 1.0,
        action_timeout: float = 600.0,
        **http_options: Any,
    ) -> None:
        super().__init__(base_url, **http_options)
        register_secret(password)
        self.username = username
        self._password = password
        self.tenant = tenant
        self.branch = branch
        self.locale = locale
        self.endpoint = endpoint
        self.version = version
        self.governor = governor or governor_for(self.base_url, limits)
        self.session_wait = self.settings.read_timeout if session_wait is None else session_wait
        self.poll_interval = poll_interval
        self.action_timeout = action_timeout
        self._auth_lock = threading.RLock()
        self._logged_in = False
        self._holds_seat = False

    def __repr__(self) -> str:
        return f"<AcumaticaClient {self.base_url} tenant={self.tenant!r} {self.endpoint}/{self.version}>"

    # ------------------------------------------------------------------ session
    @property
    def logged_in(self) -> bool:
        return self._logged_in

    def login(self) -> None:
        """Open an API session (takes a seat from the governor until `logout`)."""
        with self._auth_lock:
            if self._logged_in:
                return
            if not self._holds_seat:
                self.governor.acquire_session(self.session_wait)
                self._holds_seat = True
            try:
                self._send_login()
            except BaseException:
                self._release_seat()
                raise

    def _send_login(self) -> None:
        body = {
            "name": self.username,
            "password": self._password,
            "tenant": self.tenant,
            "branch": self.branch,
            "locale": self.locale,
        }
        self._session.cookies.clear()
        self.call(LOGIN, json={k: v for k, v in body.items() if v}, authenticated=False)
        for cookie in self._session.cookies:
            if is_session_cookie(cookie.name):
                register_secret(cookie.value)
        self._logged_in = True
        self._auth_generation += 1
        logger.info(
            "Logged in to Acumatica %s as %s (tenant %s)",
            self.base_url,
            self.username,
            self.tenant or "-",
            extra={"system": self.system},
        )

    def logout(self) -> None:
        """End the API session; the seat is released even when the logout call fails (the
        server then frees it after its idle time-out)."""
        with self._auth_lock:
            try:
                if self._logged_in:
                    self.call(LOGOUT, authenticated=False, max_retries=1)
            except EndpointError as exc:
                logger.warning("Acumatica logout failed: %s", exc.summary, extra={"system": self.system})
            finally:
                self._logged_in = False
                self._session.cookies.clear()
                self._release_seat()

    def _release_seat(self) -> None:
        if self._holds_seat:
            self._holds_seat = False
            self.governor.release_session()

    def close(self) -> None:
        if self.closed:
            return
        try:
            self.logout()
        finally:
            super().close()

    def _ensure_authenticated(self) -> None:
        if not self._logged_in:
            self.login()

    def _reauthenticate(self, failed_generation: int) -> bool:
        with self._auth_lock:
            if self._auth_generation != failed_generation and self._logged_in:
                return True  # another thread already logged in again
            self._logged_in = False
            self.login()
            return True

    def _admission(self, key: str) -> AbstractContextManager[None]:
        return self.governor.request()

    def _url_values(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "version": self.version}

    # ------------------------------------------------------------------ errors
    def _parse_error(self, status: int, data: Any) -> tuple[str, list[FieldError]]:
        if not isinstance(data, Mapping):
            return super()._parse_error(status, data)
        if "exceptionMessage" in data or ("message" in data and "id" not in data):
            messages: list[str] = []
            current: Any = data
            while isinstance(current, Mapping):
                text = str(current.get("exceptionMessage") or current.get("message") or "")
                if text and text not in messages:
                    messages.append(text)
                current = current.get("innerException")
            field_errors = [
                FieldError(
                    str(name), "; ".join(map(str, problems)) if isinstance(problems, list) else str(problems)
                )
                for name, problems in (data.get("modelState") or {}).items()
            ]
            return " / ".join(messages), field_errors
        field_errors = record_field_errors(data)
        record_errors = [error.message for error in field_errors if not error.field]
        message = record_errors[0] if record_errors else "; ".join(str(error) for error in field_errors[:3])
        return message, [error for error in field_errors if error.field]

    def _classify(self, status: int, key: str, data: Any, message: str) -> type[EndpointError]:
        exception_type = str(data.get("exceptionType", "")) if isinstance(data, Mapping) else ""
        if "API Login Limit" in message:
            return ApiLoginLimitError
        if key == LOGIN and (
            status in (400, 401, 403) or (status == 500 and exception_type.startswith("PX."))
        ):
            return LoginError
        if status == 500 and "NoEntitySatisfiesTheCondition" in exception_type:
            return NotFoundError
        if status == 500 and ("PXOuterException" in exception_type or "PXSetupNotEntered" in exception_type):
            return ValidationError
        return super()._classify(status, key, data, message)

    # ------------------------------------------------------------------ routes
    def _key(self, entity: str, op: str) -> str:
        """The entity's own row if the table has one, else the generic row for any entity."""
        specific = f"acumatica.{snake_case(entity)}.{op}"
        return specific if specific in self.resolver else f"acumatica.entity.{op}"

    def last_modified_field(self, entity: str) -> str | None:
        """`LastModified` or `LastModifiedDateTime` for this client's endpoint version (None when
        the entity has no such field); unknown versions use the closest older known one."""
        return last_modified_field(self.version, entity)

    # ------------------------------------------------------------------ reads
    def fetch_endpoints(self) -> dict[str, Any]:
        """`GET /entity`: build version and the endpoints (name, version) the site offers."""
        return self.call("acumatica.endpoints", authenticated=False).data or {}

    def fetch_swagger(self) -> dict[str, Any]:
        return self.call("acumatica.swagger").data or {}

    def fetch_record(
        self,
        entity: str,
        *keys: Any,
        select: FieldList = None,
        expand: FieldList = None,
        custom: FieldList = None,
    ) -> dict[str, Any]:
        """GET by key (keys in screen order, e.g. `("SO", "000123")`); `NotFoundError` if missing."""
        params = self._query(select=select, expand=expand, custom=custom)
        response = self.call(self._key(entity, "get"), path={"entity": entity, "keys": keys}, params=params)
        return response.data

    def fetch_list(
        self,
        entity: str,
        *,
        filter: str | None = None,
        select: FieldList = None,
        expand: FieldList = None,
        custom: FieldList = None,
        top: int | None = None,
        skip: int | None = None,
    ) -> list[dict[str, Any]]:
        """One list GET; `$filter/$select/$expand/$custom/$top/$skip` sent only when given."""
        params = self._query(filter=filter, select=select, expand=expand, custom=custom, top=top, skip=skip)
        data = self.call(self._key(entity, "list"), path={"entity": entity}, params=params).data
        return data if isinstance(data, list) else []

    def iter_pages(
        self,
        entity: str,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        filter: str | None = None,
        select: FieldList = None,
        expand: FieldList = None,
        custom: FieldList = None,
    ) -> Iterator[list[dict[str, Any]]]:
        """Pages of `page_size` records (`$top`/`$skip`) until a short page: the list API has no
        total count."""
        skip = 0
        while True:
            page = self.fetch_list(
                entity, filter=filter, select=select, expand=expand, custom=custom, top=page_size, skip=skip
            )
            if page:
                yield page
            if len(page) < page_size:
                return
            skip += page_size

    def iter_records(self, entity: str, **options: Any) -> Iterator[dict[str, Any]]:
        for page in self.iter_pages(entity, **options):
            yield from page

    def fetch_ad_hoc_schema(self, entity: str) -> dict[str, Any]:
        """The entity skeleton with a `custom` block listing every non-contract field."""
        return self.call(self._key(entity, "ad_hoc_schema"), path={"entity": entity}).data or {}

    def run_inquiry(
        self, inquiry: str, filters: Mapping[str, Any] | None = None, *, expand: FieldList = "Results"
    ) -> dict[str, Any]:
        """PUT an inquiry entity with its filter fields (wire format) and `$expand` its results."""
        params = self._query(expand=expand)
        response = self.call(
            self._key(inquiry, "inquire"), path={"entity": inquiry}, params=params, json=dict(filters or {})
        )
        return response.data or {}

    # ------------------------------------------------------------------ writes
    def push_record(
        self,
        entity: str,
        record: Mapping[str, Any],
        *,
        select: FieldList = None,
        expand: FieldList = None,
        custom: FieldList = None,
        only: Literal["insert", "update"] | None = None,
    ) -> dict[str, Any]:
        """PUT (upsert by key fields or `id`); `only="insert"`/`"update"` sends
        `If-None-Match: *`/`If-Match: *` so the server refuses the other case (412)."""
        headers = {"insert": {"If-None-Match": "*"}, "update": {"If-Match": "*"}}.get(only or "", {})
        response = self.call(
            self._key(entity, "put"),
            path={"entity": entity},
            params=self._query(select=select, expand=expand, custom=custom),
            json=dict(record),
            headers=headers,
        )
        return response.data or {}

    def delete_record(self, entity: str, *keys: Any) -> None:
        self.call(self._key(entity, "delete"), path={"entity": entity, "keys": keys})

    def invoke_action(
        self,
        entity: str,
        action: str,
        record: Mapping[str, Any],
        parameters: Mapping[str, Any] | None = None,
        *,
        wait: bool = True,
    ) -> ActionResult:
        """POST `{entity}/{action}` with `{"entity": record keys or id, "parameters": ...}`.

        A 202 is polled at its `Location` every `poll_interval` seconds until 204; after
        `action_timeout` seconds `OperationPendingError` carries the status URL.
        """
        response = self.call(
            self._key(entity, snake_case(action)),
            path={"entity": entity, "action": action},
            json={"entity": dict(record), "parameters": dict(parameters or {})},
        )
        location = response.headers.get("Location")
        if response.status != 202 or not location or not wait:
            return ActionResult(response.status, location)
        return self.wait_for_action(location)

    def wait_for_action(self, location: str) -> ActionResult:
        status_url = urljoin(self.base_url + "/", location)
        deadline = self._clock() + self.action_timeout
        polls = 0
        while True:
            self._sleep(self.poll_interval)
            polls += 1
            status = self.call(
                "acumatica.entity.action_status", path={"location": status_url}, idempotent=True
            ).status
            if status != 202:
                return ActionResult(status, location, polls)
            if self._clock() >= deadline:
                raise OperationPendingError(
                    f"Acumatica action still running after {self.action_timeout:g} s ({polls} polls)",
                    system=self.system,
                    method="GET",
                    url=status_url,
                    status=202,
                    location=status_url,
                )

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _query(
        *,
        filter: str | None = None,
        select: FieldList = None,
        expand: FieldList = None,
        custom: FieldList = None,
        top: int | None = None,
        skip: int | None = None,
    ) -> list[tuple[str, Any]]:
        pairs = [
            ("$filter", filter),
            ("$select", _joined(select)),
            ("$expand", _joined(expand)),
            ("$custom", _joined(custom)),
            ("$top", top),
            ("$skip", skip),
        ]
        return [(name, value) for name, value in pairs if value not in (None, "")]
