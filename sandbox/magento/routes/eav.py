"""Attribute sets, attribute groups, product attributes and their options (reference s.7)."""

from __future__ import annotations

import re
from typing import Any

from ..errors import MagentoError, bad_request, no_such_entity, required
from ..interfaces import ATTRIBUTE_GROUP, ATTRIBUTE_OPTION, ATTRIBUTE_SET, PRODUCT_ATTRIBUTE
from ..routing import Call, Route
from ..search import SEARCH_PARAM, search
from ..seed import BACKEND_TYPES, new_attribute
from ..state import MagentoState, Record
from ..types import INT, STR, Param

SETS_ACL = "Magento_Catalog::sets"
ATTRIBUTES_ACL = "Magento_Catalog::attributes_attributes"
SET_REPOSITORY = "Magento\\Catalog\\Api\\AttributeSetRepositoryInterface"
ATTRIBUTE_REPOSITORY = "Magento\\Catalog\\Api\\ProductAttributeRepositoryInterface"
OPTION_MANAGEMENT = "Magento\\Catalog\\Api\\ProductAttributeOptionManagementInterface"
_CODE = re.compile(r"^[a-zA-Z][a-zA-Z\d_]{0,59}$")
_WITH_OPTIONS = {"select", "multiselect", "swatch_visual", "swatch_text"}


# ------------------------------------------------------------------ attribute sets
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
    _attribute(state, code)
    state.set_attributes[set_id][code] = (group_id, params.get("sort_order") or 0)
    call.write("attribute_sets")
    return state.next_id("entity_attribute")


def unassign_attribute(call: Call) -> bool:
    state = call.state
    set_id, code = call.params["attribute_set_id"], call.params["attribute_code"]
    _set(state, set_id)
    attribute = _attribute(state, code)
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


# ------------------------------------------------------------------ attributes and options
def _attribute(state: MagentoState, code: str) -> Record:
    attribute = state.attributes.get(code)
    if attribute is None:
        raise MagentoError(
            404,
            'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.',
            [code],
        )
    return attribute


def options_of(attribute: Record) -> list[dict[str, str]]:
    """Options as the source model lists them: label and value (the id, a string), blank one first."""
    if attribute["frontend_input"] not in _WITH_OPTIONS:
        return []
    return [{"label": " ", "value": ""}] + [
        {"label": o["label"], "value": o["value"]} for o in attribute["options"]
    ]


def render_attribute(attribute: Record) -> dict[str, Any]:
    data = {key: value for key, value in attribute.items() if key != "options" and value is not None}
    data["options"] = options_of(attribute)
    return data


def list_attributes(call: Call) -> dict[str, Any]:
    records = [
        render_attribute(a) for a in sorted(call.state.attributes.values(), key=lambda a: a["attribute_id"])
    ]
    return search(call.params["search_criteria"], records)


def get_attribute(call: Call) -> dict[str, Any]:
    return render_attribute(_attribute(call.state, call.params["attribute_code"]))


def _apply_options(state: MagentoState, attribute: Record, options: list[dict[str, Any]] | None) -> None:
    for option in options or []:
        label = str(option.get("label") or "").strip()
        if not label:
            continue
        existing = next((o for o in attribute["options"] if o["value"] == str(option.get("value"))), None)
        if existing is None:
            existing = {"value": str(state.next_id("attribute_option")), "is_default": False}
            attribute["options"].append(existing)
        existing.update(label=label, sort_order=int(option.get("sort_order") or 0))


def create_attribute(call: Call) -> dict[str, Any]:
    return _save_attribute(call, updating=False)


def update_attribute(call: Call) -> dict[str, Any]:
    return _save_attribute(call, updating=True)


def _save_attribute(call: Call, *, updating: bool) -> dict[str, Any]:
    """POST creates (an existing code is refused), PUT updates the attribute named in the URL."""
    state, data = call.state, dict(call.params["attribute"])
    code = data.get("attribute_code")
    if updating:
        attribute = _attribute(state, str(code))
    else:
        label = data.get("default_frontend_label") or next(
            (entry.get("label") for entry in data.get("frontend_labels") or [] if entry.get("label")), None
        )
        if not label:
            raise required("frontend_label")
        code = code or re.sub(r"[^a-z0-9_]+", "_", str(label).lower()).strip("_")[:30]
        if not _CODE.match(str(code)):
            raise bad_request(
                'Attribute code "%1" is invalid. Please use only letters (a-z or A-Z), numbers (0-9) or '
                "underscore (_) in this field, and the first character should be a letter.",
                [code],
            )
        frontend_input = data.get("frontend_input") or "text"
        if frontend_input not in BACKEND_TYPES:
            raise bad_request(
                'Invalid value of "%value" provided for the %fieldName field.',
                {"fieldName": "frontend_input", "value": frontend_input},
            )
        if code in state.attributes:
            raise bad_request("An attribute with the same code (%1) already exists.", [code])
        attribute = new_attribute(state.next_id("attribute"), str(code), str(label), frontend_input)
        state.attributes[str(code)] = attribute
    options = data.pop("options", None)
    for key in ("attribute_id", "attribute_code", "backend_type", "entity_type_id", "custom_attributes"):
        data.pop(key, None)
    attribute.update({key: value for key, value in data.items() if value is not None})
    _apply_options(state, attribute, options)
    call.write("attributes")
    return render_attribute(attribute)


def delete_attribute(call: Call) -> bool:
    state = call.state
    attribute = _attribute(state, call.params["attribute_code"])
    if not attribute["is_user_defined"]:
        raise bad_request("The system attribute can't be deleted.")
    code = attribute["attribute_code"]
    del state.attributes[code]
    for members in state.set_attributes.values():
        members.pop(code, None)
    for product in state.products.values():
        for values in product["values"].values():
            values.pop(code, None)
    call.write("attributes")
    return True


def list_options(call: Call) -> list[dict[str, str]]:
    return options_of(_attribute(call.state, call.params["attribute_code"]))


def add_option(call: Call) -> str:
    """The new option id as a JSON string (`"213"`)."""
    state = call.state
    attribute = _attribute(state, call.params["attribute_code"])
    if attribute["frontend_input"] not in _WITH_OPTIONS:
        raise bad_request('The "%1" attribute doesn\'t work with options.', [attribute["attribute_code"]])
    option = call.params["option"]
    label = str(option.get("label") or "").strip()
    if not label:
        raise bad_request("The attribute option label is empty. Enter the value and try again.")
    if any(o["label"].lower() == label.lower() for o in attribute["options"]):
        raise bad_request('Admin store attribute option label "%1" is already exists.', [label])
    option_id = str(state.next_id("attribute_option"))
    attribute["options"].append(
        {
            "label": label,
            "value": option_id,
            "sort_order": int(option.get("sort_order") or 0),
            "is_default": bool(option.get("is_default")),
        }
    )
    call.write("attributes")
    return option_id


def delete_option(call: Call) -> bool:
    state = call.state
    attribute = _attribute(state, call.params["attribute_code"])
    option_id = str(call.params["option_id"])
    option = next((o for o in attribute["options"] if o["value"] == option_id), None)
    if option is None:
        raise no_such_entity_option(attribute["attribute_code"], option_id)
    attribute["options"].remove(option)
    call.write("attributes")
    return True


def no_such_entity_option(code: str, option_id: str) -> MagentoError:
    return MagentoError(404, 'The "%1" attribute doesn\'t include an option with "%2" ID.', [code, option_id])


_SET_ID = Param("attributeSetId", INT)
_CODE_PARAM = Param("attributeCode", STR)
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
            _CODE_PARAM,
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
        (_SET_ID, _CODE_PARAM),
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
    Route("GET", "/V1/products/attributes", list_attributes, ATTRIBUTES_ACL, _SEARCH),
    Route("GET", "/V1/products/attributes/{attributeCode}", get_attribute, ATTRIBUTES_ACL, (_CODE_PARAM,)),
    Route(
        "GET", "/V1/products/attributes/{attributeCode}/options", list_options, ATTRIBUTES_ACL, (_CODE_PARAM,)
    ),
    Route(
        "POST",
        "/V1/products/attributes",
        create_attribute,
        ATTRIBUTES_ACL,
        (Param("attribute", PRODUCT_ATTRIBUTE),),
        cost="entity",
        service=f"{ATTRIBUTE_REPOSITORY}::save",
    ),
    Route(
        "PUT",
        "/V1/products/attributes/{attributeCode}",
        update_attribute,
        ATTRIBUTES_ACL,
        (Param("attribute", PRODUCT_ATTRIBUTE),),
        cost="entity",
        service=f"{ATTRIBUTE_REPOSITORY}::save",
    ),
    Route(
        "DELETE",
        "/V1/products/attributes/{attributeCode}",
        delete_attribute,
        ATTRIBUTES_ACL,
        (_CODE_PARAM,),
        cost="entity",
        service=f"{ATTRIBUTE_REPOSITORY}::deleteById",
    ),
    Route(
        "POST",
        "/V1/products/attributes/{attributeCode}/options",
        add_option,
        ATTRIBUTES_ACL,
        (_CODE_PARAM, Param("option", ATTRIBUTE_OPTION)),
        cost="entity",
        service=f"{OPTION_MANAGEMENT}::add",
    ),
    Route(
        "DELETE",
        "/V1/products/attributes/{attributeCode}/options/{optionId}",
        delete_option,
        ATTRIBUTES_ACL,
        (_CODE_PARAM, Param("optionId", STR)),
        cost="entity",
        service=f"{OPTION_MANAGEMENT}::delete",
    ),
]
