"""One process of `test_governor_redis_sandbox`: 4 threads making Acumatica calls through
`AcumaticaClient`, two threads per client (so the process wants 2 API seats and 4 request slots);
a client logs out when its two threads are done.

    python -m tests.endpoints.governor_redis_worker <acumatica url> <calls>

The license governor comes from the settings like in a worker of the queue: shared through Redis
when `REDIS_URL` is set (namespaced by `SYNC_CLUSTER_NAME`), this process's own counts when not.
Prints `ready`, waits for one JSON line on stdin with the sandbox's `user`, `password` and
`tenant` (the start signal, so the test starts every process at once), then prints one JSON line:
the calls that succeeded and the errors, by class and summary.
"""

from __future__ import annotations

import json
import sys
import threading

from endpoints.clients.acumatica import AcumaticaClient
from endpoints.clients.base import RetryPolicy
from endpoints.exceptions import EndpointError
from endpoints.governor import AcumaticaLimits

LIMITS = AcumaticaLimits(max_concurrent_requests=2, max_requests_per_minute=1000, max_api_users=2)
THREADS = 4


def main(url: str, calls: int, login: dict[str, str]) -> dict[str, object]:
    clients = [
        AcumaticaClient(
            url,
            username=login["user"],
            password=login["password"],
            tenant=login["tenant"],
            limits=LIMITS,
            retry_policy=RetryPolicy(max_retries=4, base_delay=0.01, max_delay=0.05),
            read_timeout=10,
            session_wait=20,
        )
        for _ in range(THREADS // 2)
    ]
    done: list[int] = []
    errors: list[str] = []
    users = [THREADS // len(clients)] * len(clients)  # threads still using each client
    lock = threading.Lock()

    def work(number: int) -> None:
        index = number // 2
        client = clients[index]
        try:
            for call in range(number, calls, THREADS):
                if call % 2:
                    client.fetch_list("Warehouse", select="WarehouseID")
                else:
                    client.fetch_list("Customer", top=5, select="CustomerID")
                done.append(call)
        except EndpointError as exc:  # a thread stops at its first failure and reports it
            errors.append(f"{type(exc).__name__}: {exc.summary}")
        finally:
            with lock:
                users[index] -= 1
                last = users[index] == 0
            if last:  # like a flow that is done: log out, so the seat serves another client
                client.close()

    threads = [threading.Thread(target=work, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    governor = clients[0].governor
    return {"calls": len(done), "errors": errors, "shared": governor.shared}


if __name__ == "__main__":
    print("ready", flush=True)
    start = json.loads(sys.stdin.readline())
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), start)), flush=True)
