"""Configurable products (reference s.6): options on the parent's axis attributes, child links."""

from __future__ import annotations

from typing import Any

from .. import products
from ..errors import MagentoError, bad_request, input_errors
from ..interfaces import CONFIGURABLE_OPTION
from ..routing import Call, Route
from ..state import Record
from ..types import INT, STR, Param

ACL = "Magento_Catalog::products"
OPTIONS = "Magento\\ConfigurableProduct\\Api\\OptionRepositoryInterface"
LINKS = "Magento\\ConfigurableProduct\\Api\\LinkManagementInterface"
SAVE_FAILED = "Something went wrong while saving option."


def _parent(call: Call) -> Record:
    product = products.find(call.state, call.params["sku"])
    if product["type_id"] != "configurable":
        raise bad_request('This is implemented for the "%1" configurable product only.', [product["sku"]])
    return product


def _option(parent: Record, option_id: int) -> Record:
    option = next((o for o in parent["configurable_options"] if o["id"] == option_id), None)
    if option is None:
        raise MagentoError(
            404,
            'The "%1" entity that was requested doesn\'t exist. Verify the entity and try again.',
            [option_id],
        )
    return option


def _validated(call: Call, parent: Record, data: dict[str, Any], option_id: int | None) -> Record:
    problems: list[tuple[str, Any]] = []
    if not data.get("attribute_id"):
        problems.append(("Option attribute ID is not specified.", None))
    if not data.get("label"):
        problems.append(("Option label is not specified.", None))
    if not data.get("values"):
        problems.append(("Option values are not specified.", None))
    elif any(value.get("value_index") is None for value in data["values"]):
        problems.append(("Value index is not specified for an option.", None))
    if problems:
        raise input_errors(problems)
    attribute = (
        call.state.attribute_by_id(int(data["attribute_id"])) if str(data["attribute_id"]).isdigit() else None
    )
    usable = attribute and attribute["frontend_input"] == "select" and attribute["scope"] == "global"
    duplicate = any(
        o["attribute_id"] == str(data["attribute_id"]) and o["id"] != option_id
        for o in parent["configurable_options"]
    )
    if not usable or duplicate:
        raise bad_request(SAVE_FAILED)
    return {
        "id": option_id or call.state.next_id("configurable_option"),
        "attribute_id": str(data["attribute_id"]),
        "label": data["label"],
        "position": int(data.get("position") or 0),
        "values": [{"value_index": int(v["value_index"])} for v in data["values"]],
        "product_id": parent["id"],
    }


def add_option(call: Call) -> str:
    """The new option id, as the JSON string Magento returns for freshly inserted ids."""
    parent = _parent(call)
    option = _validated(call, parent, call.params["option"], None)
    parent["configurable_options"].append(option)
    parent["updated_at"] = call.now
    products.commit(call, parent)
    return str(option["id"])


def update_option(call: Call) -> str:
    parent = _parent(call)
    option_id = int(call.params["option"].get("id") or 0)  # the URL id, copied into the option
    existing = _option(parent, option_id)
    merged = {**existing, **{k: v for k, v in call.params["option"].items() if v is not None}}
    option = _validated(call, parent, merged, option_id)
    parent["configurable_options"] = [
        option if o["id"] == option_id else o for o in parent["configurable_options"]
    ]
    parent["updated_at"] = call.now
    products.commit(call, parent)
    return str(option_id)


def list_options(call: Call) -> list[Record]:
    return [dict(o) for o in _parent(call)["configurable_options"]]


def get_option(call: Call) -> Record:
    return dict(_option(_parent(call), call.params["id"]))


def delete_option(call: Call) -> bool:
    parent = _parent(call)
    option = _option(parent, call.params["id"])
    parent["configurable_options"].remove(option)
    parent["updated_at"] = call.now
    products.commit(call, parent)
    return True


def add_child(call: Call) -> bool:
    parent = products.find(call.state, call.params["sku"])
    child = products.find(call.state, call.params["child_sku"])
    if child["id"] in parent["configurable_links"]:
        raise bad_request("The product is already attached.")
    if not parent["configurable_options"]:
        raise bad_request("The parent product doesn't have configurable product options.")
    child_values = products.values_in(child, 0)
    for option in parent["configurable_options"]:
        attribute = call.state.attribute_by_id(int(option["attribute_id"]))
        code = attribute["attribute_code"] if attribute else option["attribute_id"]
        if not child_values.get(code):
            raise bad_request(
                'The child product doesn\'t have the "%1" attribute value. Verify the value and try again.',
                [code],
            )
    parent["configurable_links"].append(child["id"])
    parent["updated_at"] = call.now
    products.commit(call, parent)
    return True


def remove_child(call: Call) -> bool:
    parent = products.find(call.state, call.params["sku"])
    child = call.state.product_by_sku(call.params["child_sku"])
    if child is None or child["id"] not in parent["configurable_links"]:
        raise MagentoError(
            404, "The option that was requested doesn't exist. Verify the entity and try again."
        )
    parent["configurable_links"].remove(child["id"])
    parent["updated_at"] = call.now
    products.commit(call, parent)
    return True


def children(call: Call) -> list[dict[str, Any]]:
    parent = products.find(call.state, call.params["sku"])
    result = []
    for child_id in parent["configurable_links"]:
        child = call.state.products.get(child_id)
        if child is None:
            continue
        data = products.render(call.state, child, call.scope.store_id)
        for key in ("extension_attributes", "options", "media_gallery_entries"):
            data.pop(key, None)
        result.append(data)
    return result


_SKU = Param("sku", STR)
_ID = Param("id", INT)
ROUTES = [
    Route("GET", "/V1/configurable-products/{sku}/options/all", list_options, ACL, (_SKU,)),
    Route("GET", "/V1/configurable-products/{sku}/options/{id}", get_option, ACL, (_SKU, _ID)),
    Route("GET", "/V1/configurable-products/{sku}/children", children, ACL, (_SKU,)),
    Route(
        "POST",
        "/V1/configurable-products/{sku}/options",
        add_option,
        ACL,
        (_SKU, Param("option", CONFIGURABLE_OPTION)),
        cost="entity",
        service=f"{OPTIONS}::save",
    ),
    Route(
        "PUT",
        "/V1/configurable-products/{sku}/options/{id}",
        update_option,
        ACL,
        (_SKU, Param("option", CONFIGURABLE_OPTION)),
        cost="entity",
        service=f"{OPTIONS}::save",
    ),
    Route(
        "DELETE",
        "/V1/configurable-products/{sku}/options/{id}",
        delete_option,
        ACL,
        (_SKU, _ID),
        cost="entity",
        service=f"{OPTIONS}::deleteById",
    ),
    Route(
        "POST",
        "/V1/configurable-products/{sku}/child",
        add_child,
        ACL,
        (_SKU, Param("childSku", STR)),
        cost="entity",
        service=f"{LINKS}::addChild",
    ),
    Route(
        "DELETE",
        "/V1/configurable-products/{sku}/children/{childSku}",
        remove_child,
        ACL,
        (_SKU, Param("childSku", STR)),
        cost="entity",
        service=f"{LINKS}::removeChild",
    ),
]
