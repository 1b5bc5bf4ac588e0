"""Attribute sets and attribute groups (reference s.7.1)."""

from __future__ import annotations

import re
from typing import Any

from ..errors import bad_request, no_such_entity, required
from ..interfaces import ATTRIBUTE_GROUP, ATTRIBUTE_SET
from ..routing import Call, Route
from ..search import SEARCH_PARAM, search
from ..state import MagentoState, Record
from ..types import INT, STR, Param
from .attributes import find_attribute, render_attribute

SETS_ACL = "Magento_Catalog::sets"
SET_REPOSITORY = "Magento\\Catalog\\Api\\AttributeSetRepositoryInterface"


def render_set(record: Record) -> dict[str, Any]:
    return dict(record)


def _set(state: MagentoState, set_id: int) -> Record:
    record = state.attribute_sets.get(set_id)
    if record is None:
        raise no_such_entity("id", set_id)
    return record


def _name_taken(state: MagentoState, name: str, entity_type_id: int, except_id: int | None = None) -> bool:
    return any(
        s["attribute_set_name"].lower() == name.lower()
        and s["entity_type_id"] == entity_type_id
        and s["attribute_set_id"] != except_id
        for s in state.attribute_sets.values()
    )


def create_set(call: Call) -> dict[str, Any]:
    state, data, skeleton_id = call.state, call.params["attribute_set"], call.params["skeleton_id"]
    if data.get("attribute_set_id") is not None:
        raise bad_request(
            'Invalid value of "%value" provided for the %fieldName field.',
            {"fieldName": "id", "value": data["attribute_set_id"]},
        )
    if skeleton_id is None or skeleton_id <= 0:
        raise bad_request(
            'Invalid value of "%value" provided for the %fieldName field.',
            {"fieldName": "skeletonId", "value": skeleton_id},
        )
    name = str(data.get("attribute_set_name") or "").strip()
    if not name:
        raise bad_request("The attribute set name is empty. Enter the name and try again.")
    skeleton = state.attribute_sets.get(skeleton_id)
    if skeleton is None:
        raise bad_request(
            "The attribute set couldn't be created because it's based on a non-existing attribute set."
        )
    if skeleton["entity_type_id"] != 4:
        raise bad_request(
            "The attribute set couldn't be created because it's based on a non-product attribute set."
        )
    if _name_taken(state, name, 4):
        raise bad_request(
            'A "%1" attribute set name already exists. Create a new name and try again.', [name]
        )
    set_id = state.next_id("attribute_set")
    record = {
        "attribute_set_id": set_id,
        "attribute_set_name": name,
        "sort_order": int(data.get("sort_order") or 0),
    }
    record["entity_type_id"] = 4
    state.attribute_sets[set_id] = record
    group_map = {}
    for group in [g for g in state.attribute_groups.values() if g["attribute_set_id"] == skeleton_id]:
        group_id = state.next_id("attribute_group")
        group_map[group["attribute_group_id"]] = group_id
        state.attribute_groups[group_id] = {
            **group,
            "attribute_group_id": group_id,
            "attribute_set_id": set_id,
        }
    state.set_attributes[set_id] = {
        code: (group_map.get(group, group), sort)
        for code, (group, sort) in state.set_attributes[skeleton_id].items()
    }
    call.write("attribute_sets")
    return render_set(record)


def update_set(call: Call) -> dict[str, Any]:
    state, data = call.state, call.params["attribute_set"]
    record = _set(state, int(data.get("attribute_set_id") or 0))
    name = data.get("attribute_set_name")
    if name is not None:
        if not str(name).strip():
            raise bad_request("The attribute set name is empty. Enter the name and try again.")
        if _name_taken(state, str(name), record["entity_type_id"], record["attribute_set_id"]):
            raise bad_request(
                'A "%1" attribute set name already exists. Create a new name and try again.', [name]
            )
        record["attribute_set_name"] = str(name).strip()
    if data.get("sort_order") is not None:
        record["sort_order"] = data["sort_order"]
    call.write("attribute_sets")
    return render_set(record)


def get_set(call: Call) -> dict[str, Any]:
    return render_set(_set(call.state, call.params["attribute_set_id"]))


def delete_set(call: Call) -> bool:
    state = call.state
    record = _set(state, call.params["attribute_set_id"])
    if record["attribute_set_id"] == 4:
        raise bad_request("The default attribute set can't be deleted.")
    del state.attribute_sets[record["attribute_set_id"]]
    state.set_attributes.pop(record["attribute_set_id"], None)
    for group_id in [
        g for g, v in state.attribute_groups.items() if v["attribute_set_id"] == record["attribute_set_id"]
    ]:
        del state.attribute_groups[group_id]
    call.write("attribute_sets")
    return True


def list_product_sets(call: Call) -> dict[str, Any]:
    records = [
        render_set(s) for _, s in sorted(call.state.attribute_sets.items()) if s["entity_type_id"] == 4
    ]
    return search(call.params["search_criteria"], records)


def list_all_sets(call: Call) -> dict[str, Any]:
    records = [render_set(s) for _, s in sorted(call.state.attribute_sets.items())]
    return search(call.params["search_criteria"], records)


def set_attributes(call: Call) -> list[dict[str, Any]]:
    state = call.state
    _set(state, call.params["attribute_set_id"])
    members = state.set_attributes.get(call.params["attribute_set_id"], {})
    return [render_attribute(state.attributes[code]) for code in members if code in state.attributes]


def assign_attribute(call: Call) -> int:
    state, params = call.state, call.params
    set_id, group_id, code = (
        params["attribute_set_id"],
        params["attribute_group_id"],
        params["attribute_code"],
    )
    _set(state, set_id)
    group = state.attribute_groups.get(group_id)
    if group is None or group["attribute_set_id"] != set_id:
        raise bad_request("The attribute group doesn't belong to the attribute set.")
    find_attribute(state, code)
    state.set_attributes[set_id][code] = (group_id, params.get("sort_order") or 0)
    call.write("attribute_sets")
    return state.next_id("entity_attribute")


def unassign_attribute(call: Call) -> bool:
    state = call.state
    set_id, code = call.params["attribute_set_id"], call.params["attribute_code"]
    _set(state, set_id)
    attribute = find_attribute(state, code)
    if not attribute["is_user_defined"]:
        raise bad_request("The system attribute can't be deleted.")
    if state.set_attributes[set_id].pop(code, None) is None:
        raise no_such_entity("attributeCode", code)
    call.write("attribute_sets")
    return True


def render_group(record: Record) -> dict[str, Any]:
    return {
        "attribute_group_id": str(record["attribute_group_id"]),
        "attribute_group_name": record["attribute_group_name"],
        "attribute_set_id": record["attribute_set_id"],
        "extension_attributes": {
            "attribute_group_code": record["attribute_group_code"],
            "sort_order": str(record["sort_order"]),
        },
    }


def create_group(call: Call) -> dict[str, Any]:
    state, data = call.state, call.params["group"]
    set_id = data.get("attribute_set_id")
    if set_id is None:
        raise required("attribute_set_id")
    _set(state, set_id)
    name = str(data.get("attribute_group_name") or "").strip()
    taken = any(
        g["attribute_set_id"] == set_id and g["attribute_group_name"].lower() == name.lower()
        for g in state.attribute_groups.values()
    )
    if not name or taken:
        raise bad_request("The attributeGroup can't be saved.")
    group_id = state.next_id("attribute_group")
    sort = max(
        [g["sort_order"] for g in state.attribute_groups.values() if g["attribute_set_id"] == set_id] or [0]
    )
    state.attribute_groups[group_id] = {
        "attribute_group_id": group_id,
        "attribute_group_name": name,
        "attribute_set_id": set_id,
        "attribute_group_code": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
        "sort_order": sort + 1,
    }
    call.write("attribute_sets")
    return render_group(state.attribute_groups[group_id])


def list_groups(call: Call) -> dict[str, Any]:
    records = [render_group(g) for _, g in sorted(call.state.attribute_groups.items())]
    return search(call.params["search_criteria"], records)


_SET_ID = Param("attributeSetId", INT)
_SEARCH = (SEARCH_PARAM,)
ROUTES = [
    Route("GET", "/V1/products/attribute-sets/sets/list", list_product_sets, SETS_ACL, _SEARCH),
    Route("GET", "/V1/eav/attribute-sets/list", list_all_sets, SETS_ACL, _SEARCH),
    Route("GET", "/V1/products/attribute-sets/groups/list", list_groups, SETS_ACL, _SEARCH),
    Route("GET", "/V1/products/attribute-sets/{attributeSetId}", get_set, SETS_ACL, (_SET_ID,)),
    Route(
        "GET", "/V1/products/attribute-sets/{attributeSetId}/attributes", set_attributes, SETS_ACL, (_SET_ID,)
    ),
    Route(
        "POST",
        "/V1/products/attribute-sets",
        create_set,
        SETS_ACL,
        (Param("attributeSet", ATTRIBUTE_SET), Param("skeletonId", INT)),
        cost="entity",
        service="Magento\\Catalog\\Api\\AttributeSetManagementInterface::create",
    ),
    Route(
        "PUT",
        "/V1/products/attribute-sets/{attributeSetId}",
        update_set,
        SETS_ACL,
        (Param("attributeSet", ATTRIBUTE_SET),),
        cost="entity",
        service=f"{SET_REPOSITORY}::save",
    ),
    Route(
        "DELETE",
        "/V1/products/attribute-sets/{attributeSetId}",
        delete_set,
        SETS_ACL,
        (_SET_ID,),
        cost="entity",
        service=f"{SET_REPOSITORY}::deleteById",
    ),
    Route(
        "POST",
        "/V1/products/attribute-sets/attributes",
        assign_attribute,
        SETS_ACL,
        (
            _SET_ID,
            Param("attributeGroupId", INT),
            Param("attributeCode", STR),
            Param("sortOrder", INT),
        ),
        cost="entity",
        service="Magento\\Catalog\\Api\\ProductAttributeManagementInterface::assign",
    ),
    Route(
        "DELETE",
        "/V1/products/attribute-sets/{attributeSetId}/attributes/{attributeCode}",
        unassign_attribute,
        SETS_ACL,
        (_SET_ID, Param("attributeCode", STR)),
        cost="entity",
        service="Magento\\Catalog\\Api\\ProductAttributeManagementInterface::unassign",
    ),
    Route(
        "POST",
        "/V1/products/attribute-sets/groups",
        create_group,
        SETS_ACL,
        (Param("group", ATTRIBUTE_GROUP),),
        cost="entity",
        service="Magento\\Catalog\\Api\\ProductAttributeGroupRepositoryInterface::save",
    ),
]
