"""What Magento must hold after syncing the Acumatica demo catalog, computed from the catalog itself
(`sandbox.common.catalog`), and Magento's actual state read back through the inspection API, both
in the same plain shapes so a test compares them with one `==`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import requests

from sandbox.common.catalog import Catalog, Item
from sandbox.testing import SandboxHandle
from tests.conftest import ACUMATICA_PASSWORD, ACUMATICA_TENANT, ACUMATICA_USER, MAGENTO_TOKEN

NOT_VISIBLE, CATALOG_SEARCH = 1, 4


def attribute_sets(catalog: Catalog) -> dict[str, list[str]]:
    """Set name -> the class's attribute codes (the product sets besides Magento's Default)."""
    return {klass.description: [a.lower() for a in klass.attributes] for klass in catalog.item_classes}


def category_paths(catalog: Catalog) -> set[str]:
    """Every synced category as its name path under the root category ("Apparel/Men")."""
    by_id = {c.category_id: c for c in catalog.categories}

    def path(category_id: int) -> str:
        category = by_id[category_id]
        return (
            category.description
            if not category.parent_id
            else f"{path(category.parent_id)}/{category.description}"
        )

    return {path(c.category_id) for c in catalog.categories}


def _category_names(catalog: Catalog, ids: Iterable[int]) -> list[str]:
    names = {c.category_id: c.description for c in catalog.categories}
    return sorted(names[i] for i in ids)


def products(catalog: Catalog, *, websites: Iterable[int] = (1,)) -> dict[str, dict[str, Any]]:
    """SKU -> the product's essentials: active stock items (simple or matrix items) and templates
    with variants (configurable), each with type, set, name, price, visibility, status, websites,
    category names, and (matrix items) the option labels of their axes."""
    class_names = {k.class_id: k.description for k in catalog.item_classes}
    attribute_labels = {a.attribute_id: dict(a.values) for a in catalog.attributes}
    site_ids = sorted(websites)
    found: dict[str, dict[str, Any]] = {}
    for item in catalog.items:
        if not item.active:
            continue
        entry = {
            "type_id": "simple",
            "attribute_set": class_names[item.item_class],
            "name": item.description,
            "price": float(item.default_price),
            "visibility": NOT_VISIBLE if item.template_id else CATALOG_SEARCH,
            "status": 1,
            "website_ids": site_ids,
            "categories": _category_names(catalog, item.categories),
            "options": {
                code.lower(): attribute_labels[code][value] for code, value in sorted(item.attributes.items())
            },
        }
        found[item.inventory_id] = entry
    for template in catalog.templates:
        if not template.variant_ids:
            continue
        found[template.inventory_id] = {
            "type_id": "configurable",
            "attribute_set": class_names[template.item_class],
            "name": template.description,
            "visibility": CATALOG_SEARCH,
            "status": 1,
            "website_ids": site_ids,
            "categories": _category_names(catalog, template.categories),
            "children": sorted(template.variant_ids),
            "axes": [a.lower() for a in template.matrix_attributes],
        }
    return found


Quantities = dict[str, dict[str, dict[str, Decimal]]]  # item -> warehouse -> quantity type -> qty


def acumatica_quantities(acumatica: SandboxHandle, catalog: Catalog) -> Quantities:
    """Per active stock item and warehouse, the on-hand, available and available-for-shipment
    quantities, read back from the Acumatica sandbox (its seeded sales orders allocate stock, so
    the catalog's own numbers are not what Acumatica reports)."""
    session = requests.Session()
    base = f"{acumatica.url}/entity/Default/24.200.001"
    login = {"name": ACUMATICA_USER, "password": ACUMATICA_PASSWORD, "tenant": ACUMATICA_TENANT}
    session.post(f"{acumatica.url}/entity/auth/login", json=login, timeout=10).raise_for_status()
    found: Quantities = {}
    try:
        for item in catalog.items:
            if not item.active:
                continue
            answer = session.put(
                f"{base}/InventorySummaryInquiry",
                params={"$expand": "Results"},
                json={"InventoryID": {"value": item.inventory_id}},
                timeout=10,
            ).json()
            found[item.inventory_id] = {
                row["WarehouseID"]["value"]: {
                    "on_hand": Decimal(str(row["QtyOnHand"]["value"])),
                    "available": Decimal(str(row["QtyAvailable"]["value"])),
                    "available_for_shipping": Decimal(str(row["QtyAvailableForShipment"]["value"])),
                }
                for row in answer["Results"]
            }
    finally:
        session.post(f"{acumatica.url}/entity/auth/logout", timeout=10)
    return found


def source_items(
    quantities: Quantities,
    sources: Mapping[str, Iterable[str] | None],
    kind: str = "available",
    *,
    vendor: Mapping[str, int] | None = None,
    vendor_source: str = "default",
) -> dict[tuple[str, str], tuple[float, int]]:
    """(sku, source) -> (quantity, status): each source sums its warehouses (None: all) of the
    quantity `kind`; `vendor` quantities are added to `vendor_source`."""
    rows: dict[tuple[str, str], tuple[float, int]] = {}
    for sku, warehouses in quantities.items():
        totals: dict[str, Decimal] = {}
        for source, wanted in sources.items():
            chosen = None if wanted is None else {w.upper() for w in wanted}
            totals[source] = sum(
                (q[kind] for w, q in warehouses.items() if chosen is None or w.upper() in chosen), Decimal(0)
            )
        if vendor is not None:
            totals[vendor_source] = totals.get(vendor_source, Decimal(0)) + vendor.get(sku, 0)
        for source, total in totals.items():
            rows[(sku, source)] = (float(total), 1 if total > 0 else 0)
    return rows


# ---------------------------------------------------------------------------- Magento's state
def _custom(product: Mapping[str, Any], code: str) -> Any:
    return next(
        (c["value"] for c in product.get("custom_attributes") or [] if c["attribute_code"] == code), None
    )


def magento_products(magento: SandboxHandle) -> dict[str, dict[str, Any]]:
    """The same essentials read back from Magento (names resolved through its sets, categories and
    attribute options)."""
    sets = {s["attribute_set_id"]: s["attribute_set_name"] for s in magento.state("attribute_sets")}
    categories = {str(c["id"]): c["name"] for c in magento.state("categories")}
    attributes = {a["attribute_code"]: a for a in magento.state("attributes")}
    labels = {
        code: {str(o["value"]): o["label"] for o in attribute.get("options") or []}
        for code, attribute in attributes.items()
    }
    by_id = {p["id"]: p for p in magento.state("products")}
    found: dict[str, dict[str, Any]] = {}
    for product in by_id.values():
        extension = product.get("extension_attributes") or {}
        entry: dict[str, Any] = {
            "type_id": product["type_id"],
            "attribute_set": sets[product["attribute_set_id"]],
            "name": product["name"],
            "visibility": product["visibility"],
            "status": product["status"],
            "website_ids": sorted(extension.get("website_ids") or []),
            "categories": sorted(
                categories[link["category_id"]] for link in extension.get("category_links") or []
            ),
        }
        if product["type_id"] == "configurable":
            entry["children"] = sorted(
                by_id[i]["sku"] for i in extension.get("configurable_product_links") or []
            )
            id_to_code = {str(a["attribute_id"]): code for code, a in attributes.items()}
            entry["axes"] = [
                id_to_code[o["attribute_id"]] for o in extension.get("configurable_product_options") or []
            ]
        else:
            entry["price"] = product["price"]
            entry["options"] = {
                code: labels[code].get(str(_custom(product, code)))
                for code in ("color", "size", "material", "warranty")
                if _custom(product, code) is not None
            }
        found[product["sku"]] = entry
    return found


def magento_category_paths(magento: SandboxHandle) -> dict[str, bool]:
    """Every category below the store root, as its name path, with its active flag."""
    by_id = {c["id"]: c for c in magento.state("categories")}

    def path(category: Mapping[str, Any]) -> str:
        parent = by_id.get(category["parent_id"])
        if parent is None or parent["level"] <= 1:
            return str(category["name"])
        return f"{path(parent)}/{category['name']}"

    return {path(c): bool(c["is_active"]) for c in by_id.values() if c["level"] >= 2}


def magento_sets(magento: SandboxHandle) -> dict[str, list[str]]:
    """Product attribute set name -> the attributes placed in its "Acumatica Attributes" group
    (as the request log shows them assigned there) that the set holds now."""
    headers = {"Authorization": f"Bearer {MAGENTO_TOKEN}"}
    groups = requests.get(
        f"{magento.url}/rest/V1/products/attribute-sets/groups/list",
        params={"searchCriteria": ""},
        headers=headers,
        timeout=10,
    ).json()["items"]
    ours = {
        int(g["attribute_group_id"]): int(g["attribute_set_id"])
        for g in groups
        if g["attribute_group_name"] == "Acumatica Attributes"
    }
    assigned: dict[int, list[str]] = {}
    for request in magento.requests(method="POST", path=r"/V1/products/attribute-sets/attributes$"):
        body = json.loads(request["body"])
        if int(body["attributeGroupId"]) in ours:
            assigned.setdefault(int(body["attributeSetId"]), []).append(body["attributeCode"])
    found: dict[str, list[str]] = {}
    for attribute_set in magento.state("attribute_sets"):
        set_id = attribute_set["attribute_set_id"]
        if attribute_set["entity_type_id"] != 4 or set_id == 4:
            continue
        members = set(attribute_set.get("attributes") or [])
        found[attribute_set["attribute_set_name"]] = [
            code for code in assigned.get(set_id, []) if code in members
        ]
    return found


def magento_source_items(magento: SandboxHandle) -> dict[tuple[str, str], tuple[float, int]]:
    return {
        (r["sku"], r["source_code"]): (float(r["quantity"]), int(r["status"]))
        for r in magento.state("source_items")
    }


def simple_item(catalog: Catalog) -> Item:
    """An active simple stock item (not part of a matrix) of the demo catalog."""
    return next(i for i in catalog.items if i.active and i.template_id is None)
