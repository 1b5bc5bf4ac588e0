"""The Magento catalog structure one run works against, read once per run and kept in memory.

Store views and websites (website assignment), the store root category (top-level categories go
under it), product attributes with their options (select values are option ids), and product ids
by SKU (a configurable product links its children by id). A run's `SyncContext` lives for one
pass of the loop, so what is cached here is at most a pass old; what the run creates itself is
added to the cache as it goes, and nothing is created in a dry run.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from endpoints.clients.search_criteria import SearchCriteria
from endpoints.exceptions import ValidationError
from sync.errors import RecordError

if TYPE_CHECKING:
    from sync.context import SyncContext

DEFAULT_ROOT_CATEGORY = 2
DEFAULT_STORE_CODE = "default"
_ATTRIBUTE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_SKU_CHUNK = 100
_CODE_CHUNK = 50


def attribute_code(attribute_id: str) -> str:
    """The Magento attribute code of an Acumatica attribute ID: `COLOR` -> `color`."""
    code = re.sub(r"[^a-z0-9_]+", "_", attribute_id.strip().lower()).strip("_")
    if code and not code[0].isalpha():
        code = f"acumatica_{code}"
    if not _ATTRIBUTE_CODE.match(code):
        raise RecordError(f"Acumatica attribute {attribute_id!r} has no usable Magento attribute code.")
    return code


def attribute_codes(attribute_ids: Iterable[str]) -> list[str]:
    """The Magento codes of Acumatica attribute IDs, leaving out IDs without a usable code (the
    record that uses one fails on its own, naming it)."""
    codes = []
    for attribute_id in attribute_ids:
        try:
            codes.append(attribute_code(attribute_id))
        except RecordError:
            continue
    return codes


def _label_key(label: Any) -> str:
    return " ".join(str(label).split()).casefold()


class MagentoCatalog:
    """Read-mostly view of Magento's catalog structure for one `SyncContext`; see `catalog_for`."""

    def __init__(self, ctx: SyncContext) -> None:
        self.ctx = ctx
        self._store_views: list[dict[str, Any]] | None = None
        self._store_groups: list[dict[str, Any]] | None = None
        self._attributes: dict[str, dict[str, Any] | None] = {}
        self._expected: set[str] = set()
        self._product_ids: dict[str, int] = {}
        self._children: dict[int, dict[str, int]] = {}

    @property
    def client(self) -> Any:
        return self.ctx.magento

    # ------------------------------------------------------------------ stores
    def store_views(self) -> list[dict[str, Any]]:
        if self._store_views is None:
            self._store_views = [v for v in self.client.fetch_store_views() if int(v.get("id") or 0) != 0]
        return self._store_views

    def website_of_store(self, code: str) -> int | None:
        for view in self.store_views():
            if view.get("code") == code:
                return int(view["website_id"])
        return None

    def website_by_code(self, code: str) -> int | None:
        for website in self.client.fetch_websites():
            if website.get("code") == code:
                return int(website["id"])
        return None

    def store_in_websites(self, website_ids: Iterable[int]) -> str | None:
        """A store view code in one of `website_ids` (the default store view when it is one)."""
        wanted = set(website_ids)
        views = sorted(self.store_views(), key=lambda v: (v.get("code") != DEFAULT_STORE_CODE, v["id"]))
        return next((str(v["code"]) for v in views if int(v["website_id"]) in wanted), None)

    def root_category_id(self) -> int:
        """The root category of the default store view's store (the tree categories go under)."""
        if self._store_groups is None:
            self._store_groups = list(self.client.fetch_store_groups())
        default = next((v for v in self.store_views() if v.get("code") == DEFAULT_STORE_CODE), None)
        group_id = int(default["store_group_id"]) if default else None
        for group in self._store_groups:
            if group_id is not None and int(group.get("id") or -1) == group_id:
                return int(group.get("root_category_id") or DEFAULT_ROOT_CATEGORY)
        return DEFAULT_ROOT_CATEGORY

    # ------------------------------------------------------------------ categories
    def known_children(self, parent_id: int) -> dict[str, int] | None:
        """Name (case-folded) -> id of the children of a category this run created, which are
        only those the run itself added (so a lookup under it needs no search); None for any
        other category, whose children must be searched."""
        return self._children.get(parent_id)

    def created_category(self, parent_id: int, name: str, category_id: int) -> None:
        """A category this run created: it starts with no children, and its parent's known
        children (if known) now include it."""
        self._children[int(category_id)] = {}
        siblings = self._children.get(int(parent_id))
        if siblings is not None:
            siblings.setdefault(name.casefold(), int(category_id))

    def forget_children(self, *parent_ids: int) -> None:
        """The children of these categories are no longer known (a create whose outcome is
        uncertain, a category moved or renamed under them): the next lookup searches again."""
        for parent_id in parent_ids:
            self._children.pop(int(parent_id), None)

    # ------------------------------------------------------------------ attributes and options
    def expect_attributes(self, codes: Iterable[str]) -> None:
        """Attribute codes a batch may read: the first of them read brings the others along in
        the same search, so a batch costs one attribute read, not one per code (and none when
        it reads no attribute at all)."""
        self._expected.update(code for code in codes if code not in self._attributes)

    def attribute(self, code: str) -> dict[str, Any] | None:
        """The product attribute (with its options), None when Magento has no such attribute."""
        if code not in self._attributes:
            self._read_attributes([code, *sorted(self._expected - {code})])
        return self._attributes[code]

    def _read_attributes(self, codes: Sequence[str]) -> None:
        """Attributes by code in one search per 50 codes (the search answers each attribute with
        its options, as `GET products/attributes/{code}` does); a code not found has none."""
        wanted = [code for code in dict.fromkeys(codes) if code not in self._attributes]
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), _CODE_CHUNK):
            criteria = SearchCriteria().where("attribute_code", wanted[start : start + _CODE_CHUNK], "in")
            for item in self.client.iter_search(
                "magento.attribute.search", criteria.order_by("attribute_id"), page_size=_CODE_CHUNK
            ):
                found[str(item.get("attribute_code") or "").casefold()] = item
        for code in wanted:
            self._attributes[code] = found.get(code.casefold())
        self._expected.difference_update(wanted)

    def ensure_attribute(self, code: str, label: str, *, frontend_input: str = "select") -> dict[str, Any]:
        """The attribute, created (global scope, usable by configurable products) when missing.

        Looked up first; an "already exists" answer (another worker created it meanwhile) is
        resolved by reading it again."""
        found = self.attribute(code)
        if found is not None:
            return found
        if self.ctx.dry_run:
            return {
                "attribute_code": code,
                "attribute_id": 0,
                "options": [],
                "frontend_input": frontend_input,
            }
        body = {
            "attribute": {
                "attribute_code": code,
                "default_frontend_label": label,
                "frontend_input": frontend_input,
                "scope": "global",
                "is_user_defined": True,
                "is_required": False,
                "is_visible_on_front": "1",
                "is_filterable": frontend_input == "select",
                "is_comparable": "1",
                "apply_to": ["simple", "virtual", "configurable"],
            }
        }
        try:
            created = self.client.call("magento.attribute.create", json=body).data
        except ValidationError:
            self._attributes.pop(code, None)
            created = self.attribute(code)
            if created is None:
                raise
        self._attributes[code] = created
        return created

    def codes_by_attribute_id(self) -> dict[str, str]:
        """Attribute id (as text) -> code, for the attributes this run has read."""
        return {
            str(attribute.get("attribute_id")): code
            for code, attribute in self._attributes.items()
            if attribute is not None
        }

    def option_ids(self, code: str) -> dict[str, str]:
        """Option label (case-folded) -> option id of a select attribute."""
        attribute = self.attribute(code) or {}
        return {
            _label_key(option["label"]): str(option["value"])
            for option in attribute.get("options") or []
            if str(option.get("value") or "") and str(option.get("label") or "").strip()
        }

    def ensure_options(self, code: str, values: Mapping[str, str]) -> dict[str, str]:
        """`{Acumatica value: Magento option id}` for `values` (value -> label), adding the options
        Magento lacks. A value matches an option by its label, else by the value itself."""
        known = self.option_ids(code)
        table: dict[str, str] = {}
        for value, label in values.items():
            option = known.get(_label_key(label)) or known.get(_label_key(value))
            if option is None and not self.ctx.dry_run:
                option = self._add_option(code, label or value)
                known[_label_key(label or value)] = option
            if option is not None:
                table[value] = option
        return table

    def _add_option(self, code: str, label: str) -> str:
        try:
            option_id = self.client.call(
                "magento.attribute.add_option",
                path={"attribute_code": code},
                json={"option": {"label": label, "sort_order": 0, "is_default": False}},
            ).data
        except ValidationError:
            # Added meanwhile by someone else ("already exists"): read the options again.
            self._attributes.pop(code, None)
            option_id = self.option_ids(code).get(_label_key(label))
            if option_id is None:
                raise
            return option_id
        attribute = self._attributes.get(code)
        if attribute is not None:
            attribute.setdefault("options", []).append({"label": label, "value": str(option_id)})
        return str(option_id)

    # ------------------------------------------------------------------ products
    def remember_product_id(self, sku: str, product_id: int) -> None:
        self._product_ids[sku.casefold()] = int(product_id)

    def product_ids(self, skus: Sequence[str]) -> dict[str, int]:
        """Magento product ids of `skus` (missing ones absent), in one search per 100 SKUs."""
        missing = [sku for sku in dict.fromkeys(skus) if sku.casefold() not in self._product_ids]
        for start in range(0, len(missing), _SKU_CHUNK):
            chunk = missing[start : start + _SKU_CHUNK]
            criteria = SearchCriteria().where("sku", chunk, "in")
            page = self.client.search("magento.product.search", criteria, store="all")
            for item in page.items:
                self.remember_product_id(str(item["sku"]), int(item["id"]))
        return {sku: self._product_ids[sku.casefold()] for sku in skus if sku.casefold() in self._product_ids}


_catalogs: weakref.WeakKeyDictionary[SyncContext, MagentoCatalog] = weakref.WeakKeyDictionary()


def catalog_for(ctx: SyncContext) -> MagentoCatalog:
    """The run's `MagentoCatalog` for this context (one per context, created on first use)."""
    catalog = _catalogs.get(ctx)
    if catalog is None:
        catalog = MagentoCatalog(ctx)
        _catalogs[ctx] = catalog
    return catalog


def product_website_ids(ctx: SyncContext) -> list[int]:
    """The websites products are assigned to: the website of every scope whose Sync Configuration
    enables products (Default Config stands for Magento's default store view)."""
    from sync.choices import Direction, Entity
    from sync.models import DEFAULT_SCOPE, StoreView
    from sync.scopes import all_scopes, is_sync_enabled

    catalog = catalog_for(ctx)
    website_codes = dict(StoreView.objects.values_list("code", "website_code"))
    ids: set[int] = set()
    for scope in all_scopes():
        if not is_sync_enabled(scope, Entity.PRODUCT, Direction.A2M):
            continue
        code = DEFAULT_STORE_CODE if scope == DEFAULT_SCOPE else scope
        website = catalog.website_of_store(code)
        if website is None and scope in website_codes:
            website = catalog.website_by_code(website_codes[scope])
        if website is not None:
            ids.add(website)
    return sorted(ids)
