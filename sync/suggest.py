"""Suggested mappings: propose payment, shipping, customer group and warehouse mappings by matching
codes and names of both systems' pickers, and sensible order status defaults.

Matching compares normalised texts (lower case, letters and digits only), strongest evidence
first: a code on one side equal to a code on the other (`RETAIL` = `retail`), then a code equal
to a name (`UPSGROUND` = carrier `ups` + method title `Ground`), then names (`Check / Money
order`). A value that matches two candidates equally well is left for a person to decide.

The lists come from the pickers of `endpoints.pickers` (read fresh), with two details they do not
carry read here: each Acumatica payment method's default cash account, and whether a Magento
method was seen on the store's orders or is only one of Magento's built-in methods (only the
former must be mapped for the store to be "mapped completely").

`suggest_mappings` only reads; `apply_suggestions` creates the proposed rows that do not exist
yet in the scope and never changes an existing row, so it is safe to run again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Field

from endpoints.clients.acumatica_records import value_of
from endpoints.exceptions import EndpointError
from endpoints.pickers import Choice, PickerResult, refresh_pickers
from endpoints.pickers.magento import BUILT_IN_NOTE
from sync.models import DEFAULT_SCOPE, SetupParameters
from sync.models.customers import CustomerSyncSettings
from sync.models.mappings import (
    CustomerGroupMapping,
    OrderStatusMapping,
    PaymentMethodMapping,
    ScopedMapping,
    ShippingMethodMapping,
    WarehouseSourceMapping,
)
from sync.scopes import effective_acumatica_connection, get_store_view

if TYPE_CHECKING:
    from sync.context import SyncContext

PICKERS = (
    "acumatica.payment_methods",
    "acumatica.ship_vias",
    "acumatica.customer_classes",
    "acumatica.customer_price_classes",
    "acumatica.warehouses",
    "magento.payment_methods",
    "magento.shipping_methods",
    "magento.customer_groups",
    "magento.sources",
)
# A list whose absence only leaves a field blank (price classes are optional on a group mapping).
OPTIONAL_PICKERS = frozenset({"acumatica.customer_price_classes"})
# Acumatica sales order status -> Magento order status; also created by migration 0004.
DEFAULT_ORDER_STATUSES: tuple[tuple[str, str], ...] = (
    ("On Hold", "holded"),
    ("Credit Hold", "holded"),
    ("Open", "processing"),
    ("Back Order", "processing"),
    ("Shipping", "processing"),
    ("Completed", "complete"),
    ("Canceled", "canceled"),
)
NOT_LOGGED_IN_GROUP = "0"  # Magento's guest group: guests follow the order import's guest setting
GENERAL_GROUP_ID = 1  # Magento's "General" group: where new accounts go unless told otherwise


def normalize(text: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


@dataclass(frozen=True)
class Proposal:
    """One row to add to a mapping table, and why it was matched."""

    model: type[ScopedMapping]
    values: dict[str, Any]
    reason: str
    exists: bool = False  # the scope already maps this source value (left as it is)

    @property
    def table(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def source(self) -> Any:
        return self.values[self.model.source_field]

    def describe(self) -> str:
        fields = ", ".join(
            f"{k}={v}" for k, v in self.values.items() if k != self.model.source_field and v != ""
        )
        return f"{self.source} -> {fields} ({self.reason})"


@dataclass
class SuggestionReport:
    scope: str
    proposals: list[Proposal] = field(default_factory=list)
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # table -> values left unmapped
    errors: list[str] = field(default_factory=list)
    # The Default Customer Class (sign-ups and guests whose group has no mapping): the class of
    # Magento's General group; `default_class_set` when the scope already has one (left as it is).
    default_customer_class: str = ""
    default_class_set: bool = False

    @property
    def new(self) -> list[Proposal]:
        return [p for p in self.proposals if not p.exists]

    @property
    def complete(self) -> bool:
        return not self.errors and not any(self.unmatched.values())


# ---------------------------------------------------------------------------- matching
def _keys(codes: Iterable[Any], names: Iterable[Any]) -> tuple[set[str], set[str]]:
    return {normalize(c) for c in codes if normalize(c)}, {normalize(n) for n in names if normalize(n)}


def _score(left: tuple[set[str], set[str]], right: tuple[set[str], set[str]]) -> tuple[int, str]:
    (left_codes, left_names), (right_codes, right_names) = left, right
    if left_codes & right_codes:
        return 3, "same code"
    if left_codes & right_names or left_names & right_codes:
        return 2, "code matches name"
    if left_names & right_names:
        return 1, "same name"
    return 0, ""


def best_match(
    target: tuple[set[str], set[str]], candidates: Sequence[tuple[Any, tuple[set[str], set[str]]]]
) -> tuple[Any, str] | None:
    """The single strongest candidate (None when there is none, or two tie at the top)."""
    scored = [(*_score(target, keys), item) for item, keys in candidates]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    top = max(s[0] for s in scored)
    best = [s for s in scored if s[0] == top]
    return (best[0][2], best[0][1]) if len(best) == 1 else None


@dataclass(frozen=True)
class MagentoMethod:
    """A Magento payment or shipping method as a picker lists it, with its title(s) split out."""

    code: str
    title: str  # payment title, or the shipping carrier title
    method_title: str  # shipping only
    seen: bool  # on the store's recent orders (not only one of Magento's built-in methods)

    @classmethod
    def from_choice(cls, choice: Choice, shipping: bool) -> MagentoMethod:
        note = f" ({BUILT_IN_NOTE})"
        label = choice.label.removesuffix(note)
        title, _, method_title = label.partition(" - ") if shipping else (label, "", "")
        return cls(choice.value, title.strip(), method_title.strip(), not choice.label.endswith(note))


@dataclass
class Lists:
    """What both systems offer for one suggestion run."""

    choices: dict[str, tuple[Choice, ...]]
    cash_accounts: dict[str, str]  # Acumatica payment method -> its default cash account

    def __getitem__(self, name: str) -> tuple[Choice, ...]:
        return self.choices.get(name, ())


def _choice_keys(choice: Choice) -> tuple[set[str], set[str]]:
    return _keys([choice.value], [choice.label])


def _payment_keys(method: MagentoMethod) -> tuple[set[str], set[str]]:
    return _keys([method.code], [method.title])


def _shipping_keys(method: MagentoMethod) -> tuple[set[str], set[str]]:
    carrier, _, method_code = method.code.partition("_")
    codes = [method.code, carrier, carrier + method_code, carrier + method.method_title]
    return _keys(codes, [method.title, f"{method.title} {method.method_title}"])


# ---------------------------------------------------------------------------- the tables
def _methods(
    lists: Lists,
    report: SuggestionReport,
    model: type[ScopedMapping],
    pickers: tuple[str, str],
    values: Callable[[MagentoMethod, str], dict[str, Any]],
    *,
    shipping: bool = False,
    ignored: Collection[str] = (),
) -> list[Proposal]:
    """Payment and shipping methods match alike: each Magento method (`pickers[1]`) against the
    Acumatica list (`pickers[0]`). A method seen on orders that matches nothing, and an Acumatica
    value no method matched (unless `ignored`), are reported unmatched."""
    acumatica = lists[pickers[0]]
    candidates = [(a, _choice_keys(a)) for a in acumatica]
    method_keys = _shipping_keys if shipping else _payment_keys
    proposals, matched = [], set()
    for choice in lists[pickers[1]]:
        method = MagentoMethod.from_choice(choice, shipping=shipping)
        found = best_match(method_keys(method), candidates)
        if found is None:
            if method.seen:
                _unmatched(report, model, [method.code])
            continue
        target, reason = found
        matched.add(target.value)
        proposals.append(Proposal(model, values(method, target.value), reason))
    _unmatched(
        report, model, (a.value for a in acumatica if a.value not in matched and a.value not in ignored)
    )
    return proposals


def _payment(lists: Lists, report: SuggestionReport) -> list[Proposal]:
    def values(method: MagentoMethod, payment: str) -> dict[str, Any]:
        return {
            "magento_method": method.code,
            "acumatica_payment_method": payment,
            "cash_account": lists.cash_accounts.get(payment, ""),
        }

    pickers = ("acumatica.payment_methods", "magento.payment_methods")
    return _methods(lists, report, PaymentMethodMapping, pickers, values)


def _shipping(lists: Lists, report: SuggestionReport) -> list[Proposal]:
    def values(method: MagentoMethod, ship_via: str) -> dict[str, Any]:
        return {
            "magento_method": method.code,
            "acumatica_ship_via": ship_via,
            "magento_carrier_code": method.code.partition("_")[0],
            "magento_title": method.title,
        }

    dropship = SetupParameters.load().dropship_ship_via  # drop-ship shipments use their own setting
    pickers = ("acumatica.ship_vias", "magento.shipping_methods")
    return _methods(lists, report, ShippingMethodMapping, pickers, values, shipping=True, ignored={dropship})


def _groups(lists: Lists, report: SuggestionReport) -> list[Proposal]:
    classes = lists["acumatica.customer_classes"]
    class_candidates = [(c, _choice_keys(c)) for c in classes]
    price_candidates = [(p, _choice_keys(p)) for p in lists["acumatica.customer_price_classes"]]
    proposals, matched = [], set()
    for group in lists["magento.customer_groups"]:
        if group.value == NOT_LOGGED_IN_GROUP:
            continue
        keys = _keys([group.label], [group.label])
        found = best_match(keys, class_candidates)
        if found is None:
            continue
        klass, reason = found
        matched.add(klass.value)
        price = best_match(keys, price_candidates)
        values = {
            "magento_group_id": int(group.value),
            "acumatica_customer_class": klass.value,
            "acumatica_price_class": price[0].value if price else "",
        }
        proposals.append(Proposal(CustomerGroupMapping, values, reason))
    _unmatched(report, CustomerGroupMapping, (c.value for c in classes if c.value not in matched))
    return proposals


def _warehouses(lists: Lists, report: SuggestionReport) -> list[Proposal]:
    candidates = [(s, _choice_keys(s)) for s in lists["magento.sources"]]
    proposals = []
    for warehouse in lists["acumatica.warehouses"]:
        found = best_match(_choice_keys(warehouse), candidates)
        if found is None:
            _unmatched(report, WarehouseSourceMapping, [warehouse.value])
            continue
        source, reason = found
        values = {"acumatica_warehouse": warehouse.value, "magento_source": source.value}
        proposals.append(Proposal(WarehouseSourceMapping, values, reason))
    return proposals


def _order_statuses(report: SuggestionReport) -> list[Proposal]:
    return [
        Proposal(OrderStatusMapping, {"acumatica_status": a, "magento_status": m}, "default")
        for a, m in DEFAULT_ORDER_STATUSES
    ]


def _unmatched(report: SuggestionReport, model: type[ScopedMapping], values: Iterable[str]) -> None:
    left = sorted(values)
    if left:
        report.unmatched.setdefault(str(model._meta.verbose_name_plural), []).extend(left)


class _Mapped:
    """The source values the scope itself already maps (Default Config rows for Default Config),
    read with one query per table rather than one per proposal."""

    def __init__(self, scope: str, models: Iterable[type[ScopedMapping]]) -> None:
        store_view = get_store_view(scope)
        self._sources: dict[type[ScopedMapping], set[Any]] = {
            model: set(
                model._default_manager.filter(store_view=store_view).values_list(
                    model.source_field, flat=True
                )
            )
            for model in set(models)
        }

    @staticmethod
    def _value(model: type[ScopedMapping], source: Any) -> Any:
        """The value as the column holds it (a group id proposed as text compares as a number)."""
        field = model._meta.get_field(model.source_field)
        return field.to_python(source) if isinstance(field, Field) else source

    def __contains__(self, proposal: Proposal) -> bool:
        return self._value(proposal.model, proposal.source) in self._sources[proposal.model]

    def add(self, proposal: Proposal) -> None:
        self._sources[proposal.model].add(self._value(proposal.model, proposal.source))


# ---------------------------------------------------------------------------- entry points
def default_cash_accounts(ctx: SyncContext) -> dict[str, str]:
    """Each Acumatica payment method's cash account: its AR default among the allowed ones."""
    accounts: dict[str, str] = {}
    for record in ctx.acumatica.iter_records(
        "PaymentMethod", select="PaymentMethodID,AllowedCashAccounts", expand="AllowedCashAccounts"
    ):
        rows = [r for r in record.get("AllowedCashAccounts") or [] if isinstance(r, dict)]
        rows.sort(key=lambda row: value_of(row, "ARDefault") is not True)
        account = str(value_of(rows[0], "CashAccount") or "") if rows else ""
        method = str(value_of(record, "PaymentMethodID") or "")
        if method and account:
            accounts[method] = account
    return accounts


def read_lists(scope: str, ctx: SyncContext) -> tuple[Lists, list[str]]:
    """Both systems' lists, read now (the pickers' cache is refreshed too); and the errors."""
    results: list[PickerResult] = refresh_pickers(PICKERS, connection=effective_acumatica_connection(scope))
    errors = [result.error for result in results if not result.ok and result.picker not in OPTIONAL_PICKERS]
    cash_accounts: dict[str, str] = {}
    try:
        cash_accounts = default_cash_accounts(ctx)
    except EndpointError as exc:
        errors.append(f"Acumatica cash accounts of the payment methods could not be read: {exc.summary}")
    return Lists({r.picker: r.choices for r in results if r.ok}, cash_accounts), errors


def suggest_mappings(scope: str = DEFAULT_SCOPE, ctx: SyncContext | None = None) -> SuggestionReport:
    """Read both systems' choices and propose mappings for `scope`; writes nothing."""
    from sync.context import SyncContext

    report = SuggestionReport(scope)
    own = ctx is None
    context = ctx or SyncContext(scope)
    try:
        lists, report.errors = read_lists(scope, context)
    finally:
        if own:
            context.close()
    for build in (_payment, _shipping, _groups, _warehouses):
        report.proposals.extend(build(lists, report))
    report.proposals.extend(_order_statuses(report))
    mapped = _Mapped(scope, (p.model for p in report.proposals))
    report.proposals = [Proposal(p.model, p.values, p.reason, exists=p in mapped) for p in report.proposals]
    _default_customer_class(report)
    return report


def _scope_customer_settings(scope: str) -> CustomerSyncSettings | None:
    """The scope's own customer settings row (not Default Config's for a store view), if any."""
    return CustomerSyncSettings._default_manager.filter(store_view=get_store_view(scope)).first()


def _default_customer_class(report: SuggestionReport) -> None:
    """Sign-ups and guest orders need a class when their group has none: suggest the General
    group's, as mapped in the scope (an existing row wins over a new proposal)."""
    own = _scope_customer_settings(report.scope)
    if own is not None and own.default_customer_class:
        report.default_customer_class, report.default_class_set = own.default_customer_class, True
        return
    mapped = CustomerGroupMapping.in_scope(report.scope).filter(magento_group_id=GENERAL_GROUP_ID)
    existing = sorted(mapped, key=lambda row: row.store_view_id is None)
    if existing:
        report.default_customer_class = existing[0].acumatica_customer_class
        return
    for proposal in report.proposals:
        if proposal.model is CustomerGroupMapping and proposal.source == GENERAL_GROUP_ID:
            report.default_customer_class = str(proposal.values["acumatica_customer_class"])


def apply_suggestions(report: SuggestionReport) -> list[Proposal]:
    """Create the proposed rows the scope does not have yet, and set the suggested Default
    Customer Class when the scope has none; returns the mapping rows created."""
    store_view = get_store_view(report.scope)
    created = []
    with transaction.atomic():
        new = report.new
        mapped = _Mapped(report.scope, (p.model for p in new))
        for proposal in new:
            if proposal in mapped:
                continue
            row = proposal.model(store_view=store_view, **proposal.values)
            row.full_clean()
            row.save()
            mapped.add(proposal)
            created.append(proposal)
        if report.default_customer_class and not report.default_class_set:
            settings = _scope_customer_settings(report.scope) or CustomerSyncSettings(store_view=store_view)
            settings.default_customer_class = report.default_customer_class
            settings.full_clean()
            settings.save()
    return created
