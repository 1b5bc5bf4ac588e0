"""Inspection collections of the catalog: products, categories, attributes, attribute sets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.common.app import InspectionError

from . import products
from .inspection import Collection, register, run_admin, typed
from .interfaces import CATEGORY, PRODUCT, PRODUCT_ATTRIBUTE
from .routes import categories, eav
from .routing import Call

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
        return eav.update_attribute(call) if updating else eav.create_attribute(call)

    return run_admin(app, service, {})


def _delete_attribute(app: MagentoApp, key: str) -> None:
    run_admin(app, eav.delete_attribute, {"attribute_code": key})


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
            records=lambda state: {str(i): c for i, c in sorted(state.categories.items())},
            render=categories.render,
            put=_put_category,
            delete=_delete_category,
        ),
    )
    register(
        "attributes",
        Collection(
            records=lambda state: dict(state.attributes),
            render=lambda state, attribute: eav.render_attribute(attribute),
            put=_put_attribute,
            delete=_delete_attribute,
        ),
    )
    register(
        "attribute_sets",
        Collection(
            records=lambda state: {str(i): s for i, s in sorted(state.attribute_sets.items())},
            render=lambda state, record: {
                **eav.render_set(record),
                "attributes": sorted(state.set_attributes.get(record["attribute_set_id"], {})),
            },
        ),
    )
