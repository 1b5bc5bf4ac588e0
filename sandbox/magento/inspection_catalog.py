"""Inspection collections of the catalog (products, categories, attributes, sets, inventory) and customers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.common.app import InspectionError

from . import products
from .inspection import Collection, by_id, register, run_admin, typed
from .interfaces import CATEGORY, CUSTOMER, PRODUCT, PRODUCT_ATTRIBUTE, SOURCE, SOURCE_ITEM
from .routes import attribute_sets, attributes, categories, customers, inventory
from .routing import Call
from .state import sku_key

if TYPE_CHECKING:
    from .app import MagentoApp


def _put_product(app: MagentoApp, key: str, body: dict[str, Any]) -> Any:
    data = {**typed(body, PRODUCT), "sku": key}
    return run_admin(app, lambda call: products.save(call, data, save_options=True), {})


def _delete_product(app: MagentoApp, key: str) -> None:
    run_admin(app, lambda call: products.delete(call, products.find(call.state, key)), {})


def _put_category(app: MagentoApp, key: str, body: dict[str, Any]) -> Any:
    data = typed(body, CATEGORY)
    if key.isdigit() and int(key) in app.state.categories:
        data["id"] = int(key)
    else:
        data.pop("id", None)
    return run_admin(app, lambda call: categories.save(call, data), {})


def _delete_category(app: MagentoApp, key: str) -> None:
    if not key.isdigit():
        raise InspectionError(404, f"categories {key!r} does not exist")
    run_admin(app, categories.delete_category, {"category_id": int(key)})


def _put_attribute(app: MagentoApp, key: str, body: dict[str, Any]) -> Any:
    data = {**typed(body, PRODUCT_ATTRIBUTE), "attribute_code": key}
    if key not in app.state.attributes and not data.get("default_frontend_label"):
        data["default_frontend_label"] = key
    updating = key in app.state.attributes

    def service(call: Call) -> Any:
        call.params["attribute"] = data
        return attributes.update_attribute(call) if updating else attributes.create_attribute(call)

    return run_admin(app, service, {})


def _delete_attribute(app: MagentoApp, key: str) -> None:
    run_admin(app, attributes.delete_attribute, {"attribute_code": key})


def _source_item_key(key: str) -> tuple[str, str]:
    sku, _, source_code = key.rpartition("/")
    if not sku or not source_code:
        raise InspectionError(400, "a source item key is <sku>/<source_code>")
    return sku, source_code


def _put_source_item(app: MagentoApp, key: str, body: dict[str, Any]) -> Any:
    sku, source_code = _source_item_key(key)
    current = app.state.source_items.get((sku_key(sku), source_code)) or {"quantity": 0.0, "status": 1}
    item = {**current, **typed(body, SOURCE_ITEM), "sku": current.get("sku", sku), "source_code": source_code}
    run_admin(app, inventory.save_source_items, {"source_items": [item]})
    return inventory.render_item(app.state.source_items[(sku_key(sku), source_code)])


def _delete_source_item(app: MagentoApp, key: str) -> None:
    sku, source_code = _source_item_key(key)
    run_admin(
        app, inventory.delete_source_items, {"source_items": [{"sku": sku, "source_code": source_code}]}
    )


def _put_source(app: MagentoApp, key: str, body: dict[str, Any]) -> Any:
    source = {**app.state.sources.get(key, {}), **typed(body, SOURCE), "source_code": key}
    run_admin(app, inventory.save_source, {"source": source})
    return dict(app.state.sources[key])


def register_collections() -> None:
    """Add the catalog collections to the inspection API."""
    register(
        "products",
        Collection(
            records=lambda state: {p["sku"]: p for _, p in sorted(state.products.items())},
            render=lambda state, product: products.render(state, product, 0),
            put=_put_product,
            delete=_delete_product,
        ),
    )
    register(
        "categories",
        Collection(
            records=by_id(lambda s: s.categories),
            render=categories.render,
            put=_put_category,
            delete=_delete_category,
        ),
    )
    register(
        "attributes",
        Collection(
            records=lambda state: dict(state.attributes),
            render=lambda state, attribute: attributes.render_attribute(attribute),
            put=_put_attribute,
            delete=_delete_attribute,
        ),
    )
    register(
        "attribute_sets",
        Collection(
            records=by_id(lambda s: s.attribute_sets),
            render=lambda state, record: {
                **attribute_sets.render_set(record),
                "attributes": sorted(state.set_attributes.get(record["attribute_set_id"], {})),
            },
        ),
    )
    register(
        "source_items",
        Collection(
            records=lambda state: {
                f"{i['sku']}/{i['source_code']}": i for _, i in sorted(state.source_items.items())
            },
            render=lambda state, item: inventory.render_item(item),
            put=_put_source_item,
            delete=_delete_source_item,
        ),
    )
    register("sources", Collection(records=lambda state: dict(state.sources), put=_put_source))
    register("stocks", Collection(records=by_id(lambda s: s.stocks)))


def _put_customer(app: MagentoApp, key: str, body: dict[str, Any]) -> Any:
    data = typed(body, CUSTOMER)
    if key.isdigit() and int(key) in app.state.customers:
        return run_admin(app, customers.update_customer, {"customer": data, "customer_id": int(key)})
    data.pop("id", None)
    return run_admin(app, customers.create_customer, {"customer": data, "password": None})


def _delete_customer(app: MagentoApp, key: str) -> None:
    run_admin(app, customers.delete_customer, {"customer_id": int(key) if key.isdigit() else key})


def register_customer_collections() -> None:
    """Add customers and customer groups to the inspection API."""
    register(
        "customers",
        Collection(
            records=by_id(lambda s: s.customers),
            render=lambda state, record: customers.render(record),
            put=_put_customer,
            delete=_delete_customer,
        ),
    )
    register(
        "customer_groups",
        Collection(records=by_id(lambda s: s.customer_groups)),
    )
