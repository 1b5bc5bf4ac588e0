"""Long-running operations: an action answers 202 with a status URL polled until 204.

On a profile with latency the work runs on its own thread after the action's duration, so polls
see 202 until it is done; on `instant` it completes before the 202 is sent, so the first poll
answers 204. A failed operation answers its poll with the standard 500 error body. While an
operation of a session runs, that session's other requests are refused (except the poll).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import ApiError, PXError
from .values import new_guid


@dataclass
class Operation:
    operation_id: str
    entity: str
    action: str
    session_id: str
    record_id: str = ""  # the record the action ran on (its URL is the `Location` of the final 204)
    state: str = "running"  # running | done | failed
    error: ApiError | None = None


class Operations:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._operations: dict[str, Operation] = {}

    def reset(self) -> None:
        with self._lock:
            self._operations = {}

    def get(self, operation_id: str) -> Operation | None:
        with self._lock:
            return self._operations.get(operation_id.lower())

    def running_for(self, session_id: str) -> Operation | None:
        with self._lock:
            return next(
                (o for o in self._operations.values() if o.session_id == session_id and o.state == "running"),
                None,
            )

    def start(
        self,
        entity: str,
        action: str,
        session_id: str,
        record_id: str,
        work: Callable[[], None],
        duration: float,
    ) -> Operation:
        operation = Operation(new_guid(), entity, action, session_id, record_id)
        with self._lock:
            self._operations[operation.operation_id] = operation
        if duration <= 0:
            self._run(operation, work)
        else:
            thread = threading.Thread(
                target=self._run_later,
                args=(operation, work, duration),
                name=f"acumatica-{action}",
                daemon=True,
            )
            thread.start()
        return operation

    def _run_later(self, operation: Operation, work: Callable[[], None], duration: float) -> None:
        time.sleep(duration)
        self._run(operation, work)

    def _run(self, operation: Operation, work: Callable[[], None]) -> None:
        try:
            work()
        except ApiError as exc:
            operation.error = exc
            operation.state = "failed"
            return
        except Exception as exc:  # a bug in an action must still end the operation for the poller
            operation.error = PXError(f"The operation failed: {exc}")
            operation.state = "failed"
            return
        operation.state = "done"
