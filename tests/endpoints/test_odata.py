"""The Acumatica $filter builder: OData literals, and or-ed key chunks that keep URLs short."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from endpoints.clients.odata import and_, chunk_keys, encoded_length, eq, gt, literal, modified_between, or_


def test_literals_are_quoted_the_odata_way() -> None:
    assert literal("O'Brien") == "'O''Brien'"
    assert literal(12) == "12" and literal(True) == "true" and literal(None) == "null"
    plus3 = timezone(timedelta(hours=3))
    assert literal(datetime(2024, 7, 15, 10, 31, 28, 402000, tzinfo=plus3)) == (
        "datetimeoffset'2024-07-15T10:31:28.402+03:00'"
    )
    assert literal(uuid.UUID(int=1)) == "guid'00000000-0000-0000-0000-000000000001'"
    with pytest.raises(ValueError, match="aware"):
        literal(datetime(2024, 1, 1))


def test_and_or_group_correctly() -> None:
    status = or_(eq("Status", "Open"), eq("Status", "Shipping"))
    assert (
        and_(eq("OrderType", "SO"), status)
        == "OrderType eq 'SO' and (Status eq 'Open' or Status eq 'Shipping')"
    )
    assert or_(eq("A", 1)) == "A eq 1" and and_("", eq("A", 1)) == "A eq 1"
    since, until = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)
    assert modified_between("LastModifiedDateTime", since, until) == (
        "LastModifiedDateTime gt datetimeoffset'2024-01-01T00:00:00.000+00:00' and "
        "LastModifiedDateTime lt datetimeoffset'2024-01-02T00:00:00.000+00:00'"
    )
    assert gt("Qty", 5) == "Qty gt 5"


def test_key_chunks_cover_every_key_once_within_the_budget() -> None:
    keys = [f"ITEM-{n:05d}" for n in range(400)]

    chunks = list(chunk_keys("InventoryID", keys, budget=600))

    assert [key for chunk, _ in chunks for key in chunk] == keys
    assert len(chunks) > 1
    assert all(encoded_length(expression) <= 600 for _, expression in chunks)
    first_keys, first = chunks[0]
    assert first == "(" + " or ".join(f"InventoryID eq '{key}'" for key in first_keys) + ")"


def test_compound_keys_are_and_ed_inside_the_or_list() -> None:
    [(keys, expression)] = list(chunk_keys(["OrderType", "OrderNbr"], [("SO", "000001"), ("SO", "000002")]))

    assert keys == [("SO", "000001"), ("SO", "000002")]
    assert expression == (
        "((OrderType eq 'SO' and OrderNbr eq '000001') or (OrderType eq 'SO' and OrderNbr eq '000002'))"
    )
    with pytest.raises(ValueError, match="does not match"):
        list(chunk_keys(["OrderType", "OrderNbr"], ["SO"]))
