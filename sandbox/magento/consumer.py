"""The asynchronous web API: accepting async/bulk requests and the `async.operations.all` consumers.

Accepting (reference s.14.2): every element is typed like a synchronous call first, so a
deserialisation error in any element fails the whole request with the normal 400 and nothing is
queued; otherwise each element becomes an operation with status 4 (open) and the answer is a 202
with `bulk_uuid` and `request_items`. Business failures show only later, in the operation status.

Consumers are threads that take open operations in FIFO order and run the same service method as
the synchronous route, in the scope of the URL's store code. A success sets status 1 with
`Service execution success <class>::<method>`; a Magento error sets status 3 (not retriable) with
the rendered message. With `consumers` set to 0 (config) nothing runs and operations stay open,
like a store whose cron or supervisor is down. A reset drops whatever is still queued.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import Counter, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import latency
from .errors import MagentoError
from .pipeline import Outcome, run
from .render import timestamp
from .routing import Route, Scope
from .types import convert_params
from .wire import json_reply, method_input

if TYPE_CHECKING:
    from .app import MagentoApp

OPEN, COMPLETE, RETRIABLY_FAILED, NOT_RETRIABLY_FAILED, REJECTED = 4, 1, 2, 3, 5
STATUS_NAMES = {
    COMPLETE: "complete",
    RETRIABLY_FAILED: "failed_retriably",
    NOT_RETRIABLY_FAILED: "failed_not_retriably",
    OPEN: "open",
    REJECTED: "rejected",
}


@dataclass(frozen=True)
class Job:
    operation_id: int
    route: Route
    scope: Scope
    params: dict[str, Any]
    generation: int


class BulkQueue:
    def __init__(self, app: MagentoApp, consumers: int = latency.CONSUMERS) -> None:
        self.app = app
        self.consumers = consumers
        self._cond = threading.Condition()
        self._pending: deque[Job] = deque()
        self._threads: list[threading.Thread] = []
        self._generation = 0
        self.busy = 0

    # ----------------------------------------------------------------- configuration
    def configure(self, consumers: int) -> None:
        with self._cond:
            self.consumers = consumers
            while len(self._threads) < consumers:
                thread = threading.Thread(
                    target=self._work,
                    args=(len(self._threads),),
                    name=f"magento-consumer-{len(self._threads)}",
                    daemon=True,
                )
                self._threads.append(thread)
                thread.start()
            self._cond.notify_all()

    def clear(self) -> None:
        """Forget queued work (called under the app lock by reset_state)."""
        with self._cond:
            self._generation += 1
            self._pending.clear()

    @property
    def queued(self) -> int:
        return len(self._pending)

    # ----------------------------------------------------------------- accepting
    def accept(
        self,
        route: Route,
        scope: Scope,
        path_values: dict[str, str],
        body: Any,
        *,
        bulk: bool,
        user_type: int,
    ) -> Outcome:
        elements = [body]
        if bulk:  # a bulk body is an array of normal bodies (an object is iterated like a PHP array)
            elements = list(body.values()) if isinstance(body, dict) else list(body or [])
        typed = [
            convert_params(
                route.params, method_input(route, route.method, {} if bulk else path_values, element, [])
            )
            for element in elements
        ]
        bulk_uuid = str(uuid.uuid4())
        request_items = []
        jobs = []
        with self.app.lock:
            state = self.app.state
            now = timestamp(self.app.now())
            state.bulks[bulk_uuid] = {
                "bulk_id": bulk_uuid,
                "description": f"Topic {route.topic}",
                "start_time": now,
                "user_id": 1,
                "user_type": user_type,
                "operation_ids": [],
            }
            for index, (element, params) in enumerate(zip(elements, typed, strict=True)):
                meta = json.dumps(element, separators=(",", ":"))
                operation_id = state.next_id("operation")
                state.operations[operation_id] = {
                    "id": operation_id,
                    "bulk_uuid": bulk_uuid,
                    "topic_name": route.topic,
                    "serialized_data": json.dumps(
                        {"entity_id": None, "entity_link": "", "meta_information": meta},
                        separators=(",", ":"),
                    ),
                    "result_serialized_data": None,
                    "status": OPEN,
                    "result_message": None,
                    "error_code": None,
                    "started_at": now,
                }
                state.bulks[bulk_uuid]["operation_ids"].append(operation_id)
                data_hash = hashlib.sha256(meta.encode()).hexdigest()
                request_items.append({"id": index, "data_hash": data_hash, "status": "accepted"})
                jobs.append(Job(operation_id, route, scope, params, self._generation))
            self.app.stats.record_write("bulk_operations", len(jobs))
        with self._cond:
            self._pending.extend(jobs)
            self._cond.notify_all()
        answer = {"bulk_uuid": bulk_uuid, "request_items": request_items, "errors": False}
        return Outcome(json_reply(answer, 202), latency.accept_cost(len(elements)))

    # ----------------------------------------------------------------- consuming
    def _next(self, index: int) -> Job:
        with self._cond:
            while not (self._pending and index < self.consumers):
                self._cond.wait()
            self.busy += 1
            return self._pending.popleft()

    def _work(self, index: int) -> None:
        while True:
            job = self._next(index)
            try:
                self.app.spend(latency.operation_cost(job.route, job.params))
                self._execute(job)
            finally:
                with self._cond:
                    self.busy -= 1

    def _execute(self, job: Job) -> None:
        with self.app.lock:
            if job.generation != self._generation:
                return
            operation = self.app.state.operations.get(job.operation_id)
            if operation is None:
                return
            try:
                result = run(self.app, job.route, job.scope, job.params)
            except MagentoError as exc:
                operation.update(
                    status=NOT_RETRIABLY_FAILED, result_message=exc.rendered(), error_code=exc.code
                )
            else:
                operation.update(
                    status=COMPLETE,
                    result_message=f"Service execution success {job.route.implementation}",
                    result_serialized_data=json.dumps(result, separators=(",", ":")),
                )
            self.app.stats.record_write("bulk_operations", 1)

    # ----------------------------------------------------------------- reporting
    def counts(self) -> dict[str, int]:
        with self.app.lock:
            statuses = Counter(op["status"] for op in self.app.state.operations.values())
        return {name: statuses.get(code, 0) for code, name in STATUS_NAMES.items()}
