"""The in-memory database of the simulated Magento store.

Records are kept close to their REST shape (products keep their per-store values apart, so that
store-scoped writes can be told from global ones). Every access happens under the app's lock;
nothing here sleeps or talks HTTP. Ids come from per-table sequences, like auto-increment columns.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sandbox.common.catalog import Catalog

from .routing import Scope

Record = dict[str, Any]


def sku_key(sku: str) -> str:
    """SKU lookups are case-insensitive and trimmed (MySQL collation)."""
    return str(sku).strip().lower()


class MagentoState:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.websites: dict[int, Record] = {}
        self.store_groups: dict[int, Record] = {}
        self.store_views: dict[int, Record] = {}
        self.attribute_sets: dict[int, Record] = {}
        self.attribute_groups: dict[int, Record] = {}
        # attribute set id -> attribute code -> (group id, sort order)
        self.set_attributes: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
        self.attributes: dict[str, Record] = {}  # product attributes by code
        self.categories: dict[int, Record] = {}
        self.products: dict[int, Record] = {}
        self.sku_index: dict[str, int] = {}
        # the url_rewrite table of products: (store id, url key) -> product id, and back
        self.url_keys: dict[tuple[int, str], int] = {}
        self.product_urls: dict[int, set[tuple[int, str]]] = defaultdict(set)
        self.sources: dict[str, Record] = {}
        self.stocks: dict[int, Record] = {}
        self.stock_source_links: list[Record] = []
        self.source_items: dict[tuple[str, str], Record] = {}  # (sku key, source code)
        self.customer_groups: dict[int, Record] = {}
        self.customers: dict[int, Record] = {}
        self.orders: dict[int, Record] = {}
        self.shipments: dict[int, Record] = {}
        self.invoices: dict[int, Record] = {}
        self.bulks: dict[str, Record] = {}
        self.operations: dict[int, Record] = {}
        self.admin_tokens: set[str] = set()  # tokens issued by POST /V1/integration/admin/token
        self.admin_credentials: tuple[str, str] = ("admin", "")
        self.admin_failures: dict[str, int] = defaultdict(int)
        self._sequences: dict[str, int] = {}
        self.generated_orders = 0  # how many orders the generator made (its random stream position)

    # ----------------------------------------------------------------- sequences
    def start_sequence(self, name: str, first: int) -> None:
        self._sequences[name] = first

    def next_id(self, name: str) -> int:
        value = self._sequences.get(name, 1)
        self._sequences[name] = value + 1
        return value

    def next_increment_id(self, kind: str, store_id: int) -> str:
        """`000000001` in store 1, `200000001` in store 2: the store id is the prefix."""
        number = self.next_id(f"{kind}_increment_{store_id}")
        prefix = "" if store_id <= 1 else str(store_id)
        return f"{prefix}{number:0{9 - len(prefix)}d}"

    # ----------------------------------------------------------------- stores
    def store_by_code(self, code: str) -> Record | None:
        return next((s for s in self.store_views.values() if s["code"] == code), None)

    def default_store(self) -> Record:
        website = self.websites[1]
        group = self.store_groups[website["default_group_id"]]
        return self.store_views[group["default_store_id"]]

    def store(self, store_id: int) -> Record:
        return self.store_views[store_id]

    def scope_for(self, code: str | None) -> Scope | None:
        """The scope of a URL store code; None when the code is unknown (the path then has no route)."""
        if code is None:
            default = self.default_store()
            return Scope("default", default["id"], default["website_id"], explicit=False)
        if code == "all":
            return Scope("all", 0, 0, explicit=True)
        found = self.store_by_code(code)
        if found is None or found["id"] == 0:
            return None
        return Scope(code, found["id"], found["website_id"], explicit=True)

    def store_ids_of_website(self, website_id: int) -> list[int]:
        return sorted(s["id"] for s in self.store_views.values() if s["website_id"] == website_id and s["id"])

    def website_ids(self) -> list[int]:
        return sorted(w for w in self.websites if w)

    @property
    def single_store_mode(self) -> bool:
        return len([s for s in self.store_views.values() if s["id"]]) == 1

    # ----------------------------------------------------------------- catalog lookups
    def product_by_sku(self, sku: str) -> Record | None:
        product_id = self.sku_index.get(sku_key(sku))
        return self.products.get(product_id) if product_id is not None else None

    def attribute_by_id(self, attribute_id: int) -> Record | None:
        return next((a for a in self.attributes.values() if a["attribute_id"] == attribute_id), None)

    def option_label(self, code: str, option_id: Any) -> str | None:
        attribute = self.attributes.get(code)
        if attribute is None:
            return None
        option = next((o for o in attribute.get("options", []) if o["value"] == str(option_id)), None)
        return option["label"] if option else None

    def option_id(self, code: str, label: str) -> str | None:
        attribute = self.attributes.get(code)
        if attribute is None:
            return None
        option = next(
            (o for o in attribute.get("options", []) if o["label"].lower() == label.lower() and o["value"]),
            None,
        )
        return option["value"] if option else None

    def customer_by_email(self, email: str, website_id: int) -> Record | None:
        wanted = email.strip().lower()
        return next(
            (
                c
                for c in self.customers.values()
                if c["email"].lower() == wanted and c["website_id"] == website_id
            ),
            None,
        )
