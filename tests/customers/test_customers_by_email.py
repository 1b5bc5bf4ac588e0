"""The e-mail lookups of a batch of customer pushes: one list call up front, then kept current with
what the batch writes, so each push finds what a lookup of its own would have found."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from sync.flows.customer.to_acumatica import CustomersByEmail


def customer(key: str, email: str) -> dict[str, Any]:
    return {"CustomerID": {"value": key}, "MainContact": {"Email": {"value": email}}}


class FakeAcumatica:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.filters: list[str] = []

    def fetch_list(self, entity: str, **options: Any) -> list[dict[str, Any]]:
        self.filters.append(options["filter"])
        return self.records


def test_a_batch_looks_its_emails_up_in_one_call_and_sees_the_customers_it_writes():
    acumatica = FakeAcumatica([customer("C2", "Jane@Example.com"), customer("C1", "jane@example.com")])
    known = CustomersByEmail(
        cast(Any, SimpleNamespace(acumatica=acumatica)), ["jane@example.com", "new@example.com"]
    )

    assert len(acumatica.filters) == 1
    assert "jane@example.com" in acumatica.filters[0] and "new@example.com" in acumatica.filters[0]
    assert known.find("jane@example.com") == "C1"  # the lowest CustomerID, as a single lookup
    assert known.covers("new@example.com") and known.find("new@example.com") == ""
    assert not known.covers("other@example.com")

    known.saw(customer("C9", "new@example.com"))  # created by an earlier push of the batch
    assert known.find("new@example.com") == "C9"
    known.saw(customer("C1", "moved@example.com"))  # re-addressed by an earlier push
    assert known.find("jane@example.com") == "C2"


def test_no_emails_make_no_call():
    acumatica = FakeAcumatica([])
    CustomersByEmail(cast(Any, SimpleNamespace(acumatica=acumatica)), [])
    assert acumatica.filters == []
