"""A matrix template's configurable part: its children and the option values they carry.

The children are the template's matrix items (`Matrix[]`) that may sync (active, class and item
enabled). A child that may sync but is not in Magento yet is queued and the template waits for it;
children that may not sync are left out. The options are the template's attributes (the ones its
matrix items differ by), each with the option ids its children were written with (kept on their
links by the product flow). Everything goes into the parent's own save
(`configurable_product_options` and `configurable_product_links`), one request for the lot.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sync.catalog.dependencies import ensure_queued
from sync.catalog.magento import attribute_code
from sync.choices import Entity
from sync.flows import Outcome
from sync.flows.product.records import ItemRecord
from sync.links import links_for
from sync.preparation import product_blocker

if TYPE_CHECKING:
    from sync.flows.product.build import ProductBuilder
    from sync.models import Link


def children_part(builder: ProductBuilder, item: ItemRecord) -> Outcome | Mapping[str, Any]:
    """The `extension_attributes` of the configurable product `item`, or why it cannot be built."""
    ctx = builder.ctx
    links = links_for(Entity.PRODUCT, item.matrix_items)
    classes = links_for(
        Entity.ATTRIBUTE_SET, {str((link.extra or {}).get("item_class", "")) for link in links.values()}
    )
    ready: list[Link] = []
    waiting: list[str] = []
    for key in item.matrix_items:
        link = links.get(key)
        if link is None:
            continue  # never seen in Acumatica's lists, so never enabled
        facts = link.extra or {}
        klass_key = str(facts.get("item_class", ""))
        if product_blocker(key, str(facts.get("status", "")), link, klass_key, classes.get(klass_key)):
            continue
        if link.is_linked:
            ready.append(link)
        else:
            waiting.append(key)
    if waiting:
        ensure_queued(Entity.PRODUCT, waiting, dry_run=ctx.dry_run)
        if not ctx.dry_run:
            return Outcome.wait(f"product {waiting[0]}")
    if not ready and not waiting:
        return Outcome.skipped(f"none of the matrix items of {item.key} may sync to Magento")
    ids = _product_ids(builder, ready)
    codes = [attribute_code(attribute) for attribute in item.axis_attributes]
    if not codes:
        codes = sorted({code for link in ready for code in ((link.extra or {}).get("axis") or {})})
    template_link = builder.links.get(item.key)
    known_options = dict(((template_link.extra or {}) if template_link else {}).get("option_ids") or {})
    builder.catalog.expect_attributes(codes)
    options: list[dict[str, Any]] = []
    for position, code in enumerate(codes):
        attribute = builder.catalog.attribute(code)
        if attribute is None:
            return Outcome.failed(
                f"Magento has no attribute {code!r}, which the matrix of {item.key} varies by."
            )
        values = sorted(
            {int(axis[code]) for link in ready if code in (axis := (link.extra or {}).get("axis") or {})}
        )
        option: dict[str, Any] = {
            "attribute_id": str(attribute["attribute_id"]),
            "label": str(attribute.get("default_frontend_label") or code),
            "position": position,
            "values": [{"value_index": value} for value in values],
        }
        if code in known_options:
            option["id"] = known_options[code]
        options.append(option)
    return {
        "configurable_product_options": options,
        "configurable_product_links": sorted(
            ids[str(link.magento_id)] for link in ready if str(link.magento_id) in ids
        ),
    }


def _product_ids(builder: ProductBuilder, children: list[Link]) -> dict[str, int]:
    """Magento ids of the children: kept on their links, else one search for the rest."""
    ids: dict[str, int] = {}
    missing: list[str] = []
    for link in children:
        sku = str(link.magento_id)
        product_id = (link.extra or {}).get("product_id")
        if product_id:
            ids[sku] = int(product_id)
        else:
            missing.append(sku)
    if missing:
        ids.update(builder.catalog.product_ids(missing))
    return ids


def option_ids(product: Mapping[str, Any], codes_by_attribute: Mapping[str, str]) -> dict[str, Any]:
    """Attribute code -> configurable option id, from a saved parent (kept so a later save updates
    the same options instead of adding new ones)."""
    found: dict[str, Any] = {}
    extension = product.get("extension_attributes") or {}
    for option in extension.get("configurable_product_options") or []:
        code = codes_by_attribute.get(str(option.get("attribute_id")))
        if code and option.get("id") is not None:
            found[code] = option["id"]
    return found
