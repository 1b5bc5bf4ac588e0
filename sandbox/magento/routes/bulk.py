"""Bulk operation status routes (reference s.14.3). Operation statuses: 1 complete, 2 failed
retriably, 3 failed not retriably, 4 open (not processed yet), 5 rejected."""

from __future__ import annotations

from typing import Any

from ..errors import MagentoError
from ..routing import Call, Route
from ..search import SEARCH_PARAM, search
from ..state import MagentoState, Record
from ..types import INT, STR, Param

ACL = "Magento_AsynchronousOperations::system_magento_logging_bulk_operations"
_SUMMARY = ("id", "status", "result_message", "error_code")
_DETAIL = ("id", "bulk_uuid", "topic_name", "serialized_data", "result_serialized_data", *_SUMMARY[1:])


def _bulk(state: MagentoState, bulk_uuid: str) -> Record:
    bulk = state.bulks.get(bulk_uuid)
    if bulk is None:
        raise MagentoError(404, "Bulk uuid %bulkUuid not exist", {"bulkUuid": bulk_uuid})
    return bulk


def _operations(state: MagentoState, bulk: Record) -> list[Record]:
    return [state.operations[i] for i in bulk["operation_ids"] if i in state.operations]


def _status(call: Call, fields: tuple[str, ...]) -> dict[str, Any]:
    bulk = _bulk(call.state, call.params["bulk_uuid"])
    operations = _operations(call.state, bulk)
    return {
        "operations_list": [{field: op.get(field) for field in fields} for op in operations],
        "user_type": bulk["user_type"],
        "bulk_id": bulk["bulk_id"],
        "description": bulk["description"],
        "start_time": bulk["start_time"],
        "user_id": bulk["user_id"],
        "operation_count": len(operations),
    }


def bulk_status(call: Call) -> dict[str, Any]:
    return _status(call, _SUMMARY)


def detailed_status(call: Call) -> dict[str, Any]:
    return _status(call, _DETAIL)


def count_by_status(call: Call) -> int:
    bulk = _bulk(call.state, call.params["bulk_uuid"])
    return sum(1 for op in _operations(call.state, bulk) if op["status"] == call.params["status"])


def search_operations(call: Call) -> dict[str, Any]:
    state = call.state
    records = []
    for _, op in sorted(state.operations.items()):
        record = {field: op.get(field) for field in _DETAIL}
        record["start_time"] = (
            state.bulks[op["bulk_uuid"]]["start_time"] if op["bulk_uuid"] in state.bulks else None
        )
        records.append(record)
    envelope = search(call.params["search_criteria"], records)
    for item in envelope["items"]:
        item["extension_attributes"] = {"start_time": item.pop("start_time")}
    return envelope


_UUID = Param("bulkUuid", STR)
ROUTES = [
    Route("GET", "/V1/bulk", search_operations, ACL, (SEARCH_PARAM,)),
    Route("GET", "/V1/bulk/{bulkUuid}/status", bulk_status, ACL, (_UUID,)),
    Route("GET", "/V1/bulk/{bulkUuid}/detailed-status", detailed_status, ACL, (_UUID,)),
    Route(
        "GET",
        "/V1/bulk/{bulkUuid}/operation-status/{status}",
        count_by_status,
        ACL,
        (_UUID, Param("status", INT)),
    ),
]
