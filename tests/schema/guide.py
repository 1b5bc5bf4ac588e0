"""The tabs of the connector guide's schema pages, written out here rather than read from
`schema.defaults`, so the catalog and the admin are both checked against the guide itself."""

from __future__ import annotations

GUIDE_TABS: dict[str, tuple[str, ...]] = {
    "product": (
        "General Settings",
        "Price/Cost Information",
        "Attributes",
        "eCommerce",
        "Additional Features",
        "Packaging",
        "Cross Reference Details",
    ),
    "category": ("Category Info", "eCommerce"),
    "customer": (
        "General Info",
        "Billing Settings",
        "Delivery Settings",
        "Payment Methods",
        "Salespersons",
        "Attributes",
        "Activities",
        "Mail Settings",
    ),
    "order": ("Bill-To Address", "Ship-To Address"),
}
