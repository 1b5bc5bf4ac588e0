"""Magento pickers: codes read through the admin REST API with the integration token.

* store views, websites (`/V1/store/storeViews`, `/V1/store/websites`; the `admin` rows with id
  0 are left out), MSI sources (`/V1/inventory/sources`), customer groups
  (`/V1/customerGroups/search`; the value is the group id, as the mapping stores it).
* payment and shipping methods: Magento's REST API has no route that lists the enabled methods
  outside a shopping cart (`/V1/carts/{id}/payment-methods` needs a cart with an address), and
  `/V1/store/storeConfigs` carries no carrier or payment configuration. The pickers therefore
  offer the methods seen on the `RECENT_ORDERS` newest orders (`payment.method` with its title,
  and `extension_attributes.shipping_assignments[].shipping.method` with the order's
  `shipping_description`), followed by the codes of Magento's built-in offline methods, marked as
  such because they may be disabled on this store. Any other code can still be typed.
* shipment carriers (the `carrier_code` of a tracking number): the carrier codes seen on the
  newest shipments' tracks plus Magento's standard ones (`custom`, `ups`, `usps`, `fedex`,
  `dhl`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..clients.magento import MagentoClient
from ..clients.search_criteria import SearchCriteria
from ..defaults import MAGENTO
from .base import Choice, Picker, PickerSession

RECENT_ORDERS = 200
RECENT_SHIPMENTS = 100
PAGE_SIZE = 200

Session = PickerSession[MagentoClient]

# Methods of Magento's own modules (Magento_OfflinePayments, Magento_Payment,
# Magento_OfflineShipping): present on every installation, enabled or not.
BUILT_IN_PAYMENT_METHODS = (
    ("checkmo", "Check / Money order"),
    ("banktransfer", "Bank Transfer Payment"),
    ("cashondelivery", "Cash On Delivery"),
    ("purchaseorder", "Purchase Order"),
    ("free", "No Payment Information Required"),
)
BUILT_IN_SHIPPING_METHODS = (
    ("flatrate_flatrate", "Flat Rate - Fixed"),
    ("freeshipping_freeshipping", "Free Shipping - Free"),
    ("tablerate_bestway", "Best Way - Table Rate"),
)
STANDARD_CARRIERS = (
    ("custom", "Custom Value"),
    ("ups", "United Parcel Service"),
    ("usps", "United States Postal Service"),
    ("fedex", "Federal Express"),
    ("dhl", "DHL"),
)
BUILT_IN_NOTE = "built-in, may be disabled"


def _store_rows(rows: Iterable[Mapping[str, Any]]) -> Iterable[Choice]:
    for row in rows:
        if row.get("id") == 0 or not row.get("code"):
            continue  # the admin website/store view is not a storefront
        yield Choice(str(row["code"]), str(row.get("name") or ""))


def load_store_views(session: Session) -> Iterable[Choice]:
    return _store_rows(session.client.fetch_store_views())


def load_websites(session: Session) -> Iterable[Choice]:
    return _store_rows(session.client.fetch_websites())


def load_sources(session: Session) -> Iterable[Choice]:
    criteria = SearchCriteria().order_by("source_code")
    for row in session.client.iter_search("magento.source.search", criteria, page_size=PAGE_SIZE):
        code = str(row.get("source_code") or "")
        if code:
            name = str(row.get("name") or "")
            yield Choice(code, name if row.get("enabled", True) else f"{name} (disabled)".strip())


def load_customer_groups(session: Session) -> Iterable[Choice]:
    criteria = SearchCriteria().order_by("id")
    for row in session.client.iter_search("magento.customer_group.search", criteria, page_size=PAGE_SIZE):
        if row.get("id") is not None:
            yield Choice(str(row["id"]), str(row.get("code") or ""))


def _recent(session: Session, key: str, size: int) -> list[dict[str, Any]]:
    criteria = SearchCriteria().order_by("created_at", "DESC").with_page(size, 1)
    return list(session.memo(key, lambda: session.client.search(key, criteria).items))


def _with_built_ins(seen: dict[str, str], built_ins: Iterable[tuple[str, str]], note: str) -> list[Choice]:
    choices = [Choice(code, title) for code, title in seen.items()]
    choices += [Choice(code, f"{title} ({note})") for code, title in built_ins if code not in seen]
    return choices


def load_payment_methods(session: Session) -> Iterable[Choice]:
    seen: dict[str, str] = {}
    for order in _recent(session, "magento.order.search", RECENT_ORDERS):
        payment = order.get("payment") or {}
        code = str(payment.get("method") or "")
        if code and code not in seen:
            info = payment.get("additional_information") or []
            seen[code] = str(info[0]) if info and info[0] else ""
    return _with_built_ins(seen, BUILT_IN_PAYMENT_METHODS, BUILT_IN_NOTE)


def load_shipping_methods(session: Session) -> Iterable[Choice]:
    seen: dict[str, str] = {}
    for order in _recent(session, "magento.order.search", RECENT_ORDERS):
        assignments = (order.get("extension_attributes") or {}).get("shipping_assignments") or []
        for assignment in assignments:
            code = str(((assignment or {}).get("shipping") or {}).get("method") or "")
            if code and code not in seen:
                seen[code] = str(order.get("shipping_description") or "")
    return _with_built_ins(seen, BUILT_IN_SHIPPING_METHODS, BUILT_IN_NOTE)


def load_carriers(session: Session) -> Iterable[Choice]:
    seen: dict[str, str] = {}
    for shipment in _recent(session, "magento.shipment.search", RECENT_SHIPMENTS):
        for track in shipment.get("tracks") or []:
            code = str(track.get("carrier_code") or "")
            if code and code not in seen:
                seen[code] = str(track.get("title") or "")
    return _with_built_ins(seen, STANDARD_CARRIERS, "standard")


MAGENTO_PICKERS: tuple[Picker, ...] = (
    Picker("magento.store_views", MAGENTO, "Magento store views", "/V1/store/storeViews", load_store_views),
    Picker("magento.websites", MAGENTO, "Magento websites", "/V1/store/websites", load_websites),
    Picker("magento.sources", MAGENTO, "Magento sources", "/V1/inventory/sources", load_sources),
    Picker(
        "magento.customer_groups",
        MAGENTO,
        "Magento customer groups",
        "/V1/customerGroups/search (value: group id)",
        load_customer_groups,
    ),
    Picker(
        "magento.payment_methods",
        MAGENTO,
        "Magento payment methods",
        f"methods of the {RECENT_ORDERS} newest orders, then Magento's built-in offline methods",
        load_payment_methods,
    ),
    Picker(
        "magento.shipping_methods",
        MAGENTO,
        "Magento shipping methods",
        f"methods of the {RECENT_ORDERS} newest orders, then Magento's built-in offline methods",
        load_shipping_methods,
    ),
    Picker(
        "magento.carriers",
        MAGENTO,
        "Magento shipment carriers",
        f"carrier codes of the {RECENT_SHIPMENTS} newest shipments' tracks, then the standard carriers",
        load_carriers,
    ),
)
