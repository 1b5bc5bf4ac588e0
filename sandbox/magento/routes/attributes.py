"""Product attributes and their options (reference s.7.2)."""

from __future__ import annotations

import re
from typing import Any

from ..eav import BACKEND_TYPES, new_attribute
from ..errors import MagentoError, bad_request, required
from ..interfaces import ATTRIBUTE_OPTION, PRODUCT_ATTRIBUTE
from ..routing import Call, Route
from ..search import SEARCH_PARAM, search
from ..state import MagentoState, Record
from ..types import STR, Param

ATTRIBUTES_ACL = "Magento_Catalog::attributes_attributes"
ATTRIBUTE_REPOSITORY = "Magento\\Catalog\\Api\\ProductAttributeRepositoryInterface"
OPTION_MANAGEMENT = "Magento\\Catalog\\Api\\ProductAttributeOptionManagementInterface"
_CODE = re.compile(r"^[a-zA-Z][a-zA-Z\d_]{0,59}$")
_WITH_OPTIONS = {"select", "multiselect", "swatch_visual", "swatch_text"}


def find_attribute(state: MagentoState, code: str) -> Record:
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
    return render_attribute(find_attribute(call.state, call.params["attribute_code"]))


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
        attribute = find_attribute(state, str(code))
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
    attribute = find_attribute(state, call.params["attribute_code"])
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
    return options_of(find_attribute(call.state, call.params["attribute_code"]))


def add_option(call: Call) -> str:
    """The new option id as a JSON string (`"213"`)."""
    state = call.state
    attribute = find_attribute(state, call.params["attribute_code"])
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
    attribute = find_attribute(state, call.params["attribute_code"])
    option_id = str(call.params["option_id"])
    option = next((o for o in attribute["options"] if o["value"] == option_id), None)
    if option is None:
        raise no_such_entity_option(attribute["attribute_code"], option_id)
    attribute["options"].remove(option)
    call.write("attributes")
    return True


def no_such_entity_option(code: str, option_id: str) -> MagentoError:
    return MagentoError(404, 'The "%1" attribute doesn\'t include an option with "%2" ID.', [code, option_id])


_CODE_PARAM = Param("attributeCode", STR)
ROUTES = [
    Route("GET", "/V1/products/attributes", list_attributes, ATTRIBUTES_ACL, (SEARCH_PARAM,)),
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
