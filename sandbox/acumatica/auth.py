"""Cookie sessions of the contract-based API and the "Web Services API Users" seats.

`POST /entity/auth/login` answers 204 with the cookies a real login sets (`ASP.NET_SessionId`,
`.ASPXAUTH`, `UserBranch`, `LegacyUI`, `Locale`, `CompanyID`); every session holds one API seat
until logout or until it has been idle longer than the session time-out, after which its cookies
are dead (401). A login past the seat limit is refused with a 500 PXException whose message is
`API Login Limit` (status configurable). Wrong credentials are the captured 500
`Error: Invalid credentials. Please try again.`
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sandbox.common.catalog import BRANCHES

from .errors import BadRequest, PXError

SESSION_COOKIE = "ASP.NET_SessionId"
AUTH_COOKIE = ".ASPXAUTH"
LOGIN_LIMIT_MESSAGE = "API Login Limit"


@dataclass
class Session:
    session_id: str
    auth_token: str
    user: str
    tenant: str
    branch: str
    last_seen: float
    operation: str | None = None  # the long-running operation this session waits for
    data: dict[str, Any] = field(default_factory=dict)


class LoginLimit(PXError):
    def __init__(self, status: int) -> None:
        super().__init__(LOGIN_LIMIT_MESSAGE, status=status)


class Sessions:
    def __init__(self, *, user: str, password: str, tenant: str) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}
        self.user = user
        self._password = password
        self.tenant = tenant
        self.max_users: int | None = None
        self.idle_timeout = 600.0
        self.login_limit_status = 500
        self.logins = 0
        self.refused_logins = 0
        self.expired = 0

    def reset(self) -> None:
        with self._lock:
            self._sessions = {}
            self.logins = self.refused_logins = self.expired = 0

    def _expire(self, now: float) -> None:
        for key, session in list(self._sessions.items()):
            if now - session.last_seen > self.idle_timeout:
                del self._sessions[key]
                self.expired += 1

    def open_count(self) -> int:
        with self._lock:
            self._expire(time.monotonic())
            return len(self._sessions)

    def login(self, body: Any) -> tuple[Session, int]:
        """Open a session; returns it and the numeric branch id for the `UserBranch` cookie."""
        if not isinstance(body, dict) or not body.get("name") or "password" not in body:
            raise BadRequest(
                "The request is invalid.", {"credentials": ["The name and password fields are required."]}
            )
        tenant = body.get("tenant") or body.get("company") or self.tenant
        name, password = str(body["name"]), str(body["password"])
        if (
            name.lower() != self.user.lower()
            or not secrets.compare_digest(password, self._password)
            or str(tenant).lower() != self.tenant.lower()
        ):
            raise PXError("Error: Invalid credentials. Please try again.")
        branch_id = str(body.get("branch") or BRANCHES[0].branch_id)
        branch = next((b for b in BRANCHES if b.branch_id.lower() == branch_id.lower()), None)
        if branch is None:
            raise PXError(f"You do not have access to the branch '{branch_id}'.")
        with self._lock:
            now = time.monotonic()
            self._expire(now)
            if self.max_users is not None and len(self._sessions) >= self.max_users:
                self.refused_logins += 1
                raise LoginLimit(self.login_limit_status)
            session = Session(
                session_id=secrets.token_hex(12),
                auth_token=secrets.token_hex(64).upper(),
                user=self.user,
                tenant=self.tenant,
                branch=branch.branch_id,
                last_seen=now,
            )
            self._sessions[session.session_id] = session
            self.logins += 1
        return session, branch.numeric_id

    def authenticate(self, cookies: dict[str, str]) -> Session | None:
        """The live session of a request's cookies (touching it), or None."""
        session_id = cookies.get(SESSION_COOKIE)
        token = cookies.get(AUTH_COOKIE)
        if not session_id or not token:
            return None
        with self._lock:
            now = time.monotonic()
            self._expire(now)
            session = self._sessions.get(session_id)
            if session is None or not secrets.compare_digest(session.auth_token, token):
                return None
            session.last_seen = now
            return session

    def expire_all(self) -> int:
        with self._lock:
            ended = len(self._sessions)
            self._sessions = {}
            self.expired += ended
            return ended

    def logout(self, cookies: dict[str, str]) -> None:
        session = self.authenticate(cookies)
        if session is not None:
            with self._lock:
                self._sessions.pop(session.session_id, None)
