"""Order sync settings: per scope, validated, carried by `configure`, shown in the admin; the
import's skip rules and the per-record locks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sync.config_io import apply_configuration, export_configuration
from sync.flows.orders.importer import skip_reason
from sync.flows.orders.locks import lock_key, record_locks
from sync.flows.orders.settings import order_settings
from sync.models import GuestHandling, Link, OrderSyncSettings, PaymentRule
from tests.factories import StaffUserFactory, StoreViewFactory

pytestmark = pytest.mark.django_db


def test_a_store_view_row_overrides_default_config_and_defaults_apply_without_rows():
    assert (order_settings("default").order_type, order_settings("default").pk) == ("SO", None)
    OrderSyncSettings.objects.create(order_type="SO", import_delay_minutes=5)
    west = StoreViewFactory.create(code="west")
    StoreViewFactory.create(code="east")
    OrderSyncSettings.objects.create(store_view=west, order_type="IN")
    assert order_settings("west").order_type == "IN"
    assert order_settings("east").import_delay_minutes == 5  # no row of its own: Default Config's


def test_one_guest_customer_needs_its_customer_id():
    settings = OrderSyncSettings(guest_handling=GuestHandling.GUEST_CUSTOMER, guest_customer_id="")
    with pytest.raises(ValidationError) as raised:
        settings.full_clean()
    assert raised.value.message_dict["guest_customer_id"] == [
        "Enter the Acumatica customer ID that guest orders are imported on."
    ]


def test_configure_export_and_import_carry_the_order_settings():
    west = StoreViewFactory.create(code="west")
    OrderSyncSettings.objects.create(
        store_view=west, order_type="IN", payment_rule=PaymentRule.PAID_OR_AUTHORIZED
    )
    document = export_configuration()
    rows = document["mappings"]["order_settings"]
    assert rows == [
        {
            "scope": "west",
            "order_type": "IN",
            "import_delay_minutes": 0,
            "payment_rule": "paid_or_authorized",
            "guest_handling": "customer_per_email",
            "guest_customer_id": "GUEST",
            "tax_id": "MAGENTO",
        }
    ]
    OrderSyncSettings.objects.all().delete()
    apply_configuration(document=document, assignments=[], scope="default")
    assert order_settings("west").payment_rule == PaymentRule.PAID_OR_AUTHORIZED


def test_admin_lists_and_edits_order_settings():
    client = Client()
    client.force_login(StaffUserFactory.create())
    OrderSyncSettings.objects.create(order_type="SO")
    changelist = client.get(reverse("admin:sync_ordersyncsettings_changelist"))
    assert changelist.status_code == 200 and b"Default Config" in changelist.content
    add = client.get(reverse("admin:sync_ordersyncsettings_add"))
    assert add.status_code == 200 and b"Order Import Delay (minutes)" in add.content


@pytest.mark.parametrize(
    ("order", "origin", "rule", "reason"),
    [
        ({"state": "new"}, None, PaymentRule.ALL, None),
        ({"state": "new"}, "magento", PaymentRule.ALL, "already imported as SO 000001"),
        (
            {"state": "new"},
            "acumatica",
            PaymentRule.ALL,
            "created from Acumatica order SO/000001; not imported back",
        ),
        (
            {"state": "new", "ext_order_id": "acumatica:SO/000009"},
            None,
            PaymentRule.ALL,
            "created from Acumatica order SO/000009; not imported back",
        ),
        ({"state": "canceled"}, None, PaymentRule.ALL, "canceled in Magento before it was imported"),
        (
            {"state": "new", "base_grand_total": 10},
            None,
            PaymentRule.PAID_OR_AUTHORIZED,
            "not paid or authorized yet; imported once Magento records the payment",
        ),
        (
            {"state": "processing", "base_grand_total": 10, "base_total_paid": 10},
            None,
            PaymentRule.PAID_OR_AUTHORIZED,
            None,
        ),
    ],
)
def test_skip_rules(order: dict, origin: str | None, rule: str, reason: str | None):
    link = Link(entity="order", acumatica_key="SO/000001", extra={"origin": origin}) if origin else None
    assert skip_reason(order, link, OrderSyncSettings(payment_rule=rule)) == reason


def test_locks_are_granted_on_sqlite_and_keys_are_stable_32_bit():
    with record_locks(["order:default:1", "order:default:1", "customer:a@b.c"]) as held:
        assert held == {"order:default:1", "customer:a@b.c"}
    assert lock_key("order:default:1") == lock_key("order:default:1")
    assert lock_key("order:default:1") != lock_key("order:default:2")
    assert -(2**31) <= lock_key("x") < 2**31
