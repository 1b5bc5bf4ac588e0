"""Every validation rule: a field error in the admin, and the same message from `configure`, with
nothing written in either case."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from sync.config_io import export_configuration
from tests.factories import StoreViewFactory, SyncConfigurationFactory
from tests.foundation.admin_forms import form_errors, post_change

pytestmark = pytest.mark.django_db

SETUP = "/admin/sync/setupparameters/1/change/"
DEFAULT_CONNECTION = "/admin/endpoints/acumaticaconnection/1/change/"
LOGGING = "/admin/sync/loggingsettings/1/change/"
CHECK_TIME = "Check Process Time must be between 1 and 59 seconds."
BAD_URL = "Enter a URL that starts with http:// or https://, for example https://shop.example.com."


@dataclass
class Rule:
    name: str
    url: str
    changes: dict[str, Any]
    error_field: str
    message: str
    # configure: its arguments (or an import document), and where the message is reported
    args: list[str] = field(default_factory=list)
    document: dict[str, Any] | None = None
    where: str = ""


RULES = [
    Rule(
        "check process time 0",
        SETUP,
        {"check_process_time": "0"},
        "check_process_time",
        CHECK_TIME,
        ["--set", "setup.check_process_time=0"],
        where="setup.check_process_time",
    ),
    Rule(
        "check process time 60",
        SETUP,
        {"check_process_time": "60"},
        "check_process_time",
        CHECK_TIME,
        ["--set", "setup.check_process_time=60"],
        where="setup.check_process_time",
    ),
    Rule(
        "sleep not below check",
        SETUP,
        {"check_process_time": "10", "process_sleep_time": "10"},
        "process_sleep_time",
        "Process Sleep Time must be less than Check Process Time.",
        ["--set", "setup.check_process_time=10", "--set", "setup.process_sleep_time=10"],
        where="setup.process_sleep_time",
    ),
    Rule(
        "negative threshold",
        SETUP,
        {"threshold_count": "-1"},
        "threshold_count",
        "Threshold Count must be 1 or more.",
        ["--set", "setup.threshold_count=-1"],
        where="setup.threshold_count",
    ),
    Rule(
        "zero batch count",
        SETUP,
        {"batch_count": "0"},
        "batch_count",
        "Batch Count must be 1 or more.",
        ["--set", "setup.batch_count=0"],
        where="setup.batch_count",
    ),
    Rule(
        "zero retry count",
        SETUP,
        {"retry_count": "0"},
        "retry_count",
        "Retry Count must be 1 or more.",
        ["--set", "setup.retry_count=0"],
        where="setup.retry_count",
    ),
    Rule(
        "magento url not http",
        SETUP,
        {"magento_url": "ftp://shop.example.com"},
        "magento_url",
        BAD_URL,
        ["--magento-url", "ftp://shop.example.com"],
        where="setup.magento_url",
    ),
    Rule(
        "magento url without scheme",
        SETUP,
        {"magento_url": "shop.example.com"},
        "magento_url",
        BAD_URL,
        ["--magento-url", "shop.example.com"],
        where="setup.magento_url",
    ),
    Rule(
        "vendor attribute missing",
        SETUP,
        {"vendor_inventory_mode": "separate_attribute"},
        "vendor_inventory_attribute",
        "Enter the attribute code that receives the vendor quantity.",
        ["--set", "setup.vendor_inventory_mode=separate_attribute"],
        where="setup.vendor_inventory_attribute",
    ),
    Rule(
        "dropship carrier missing",
        SETUP,
        {"dropship_ship_via": "DROPSHIP"},
        "dropship_carrier_code",
        "Enter the Magento carrier code that drop-ship shipments map to.",
        ["--set", "setup.dropship_ship_via=DROPSHIP"],
        where="setup.dropship_carrier_code",
    ),
    Rule(
        "unknown endpoint version",
        DEFAULT_CONNECTION,
        {"endpoint_version": "22.200.001"},
        "endpoint_version",
        "Unknown endpoint version '22.200.001': use 24.200.001 or 23.200.001.",
        ["--acumatica-version", "22.200.001"],
        where="connections.endpoint_version",
    ),
    Rule(
        "acumatica url not http",
        DEFAULT_CONNECTION,
        {"base_url": "ftp://erp.example.com"},
        "base_url",
        BAD_URL,
        ["--acumatica-url", "ftp://erp.example.com"],
        where="connections.base_url",
    ),
    Rule(
        "log lifetime zero",
        LOGGING,
        {"log_lifetime_days": "0"},
        "log_lifetime_days",
        "Log Entry Lifetime must be 1 day or more.",
        ["--set", "logging.log_lifetime_days=0"],
        where="logging.log_lifetime_days",
    ),
    Rule(
        "store view code default",
        "/admin/sync/storeview/add/",
        {"code": "default", "name": "Default Store View", "website_code": "base"},
        "code",
        "The code 'default' is Default Config; Magento's default store view uses Default Config.",
        document={"store_views": [{"code": "default", "name": "Default Store View", "website_code": "base"}]},
        where="store_views.default.code",
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_rule_gives_a_field_error_in_the_admin(staff_client: Client, rule: Rule) -> None:
    before = export_configuration()
    response = post_change(staff_client, rule.url, rule.changes)
    assert response.status_code == 200
    assert rule.message in form_errors(response)[rule.error_field]
    assert rule.message in response.content.decode().replace("&#x27;", "'")
    assert export_configuration() == before


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_rule_gives_the_same_message_from_configure(rule: Rule, tmp_path: Path) -> None:
    before = export_configuration()
    args = list(rule.args)
    if rule.document is not None:
        path = tmp_path / "config.json"
        path.write_text(json.dumps(rule.document))
        args += ["--import", str(path)]
    with pytest.raises(CommandError) as raised:
        call_command("configure", *args)
    assert str(raised.value) == f"{rule.where}: {rule.message}"
    assert export_configuration() == before


def test_direction_an_entity_does_not_allow_is_refused_in_both(staff_client: Client) -> None:
    view = StoreViewFactory.create(code="fr")
    SyncConfigurationFactory.create(store_view=view, entity="product", direction="a2m")
    before = export_configuration()
    message = "Product can only sync A to M."

    response = post_change(
        staff_client, f"/admin/sync/storeview/{view.pk}/change/", {"sync_configurations-0-direction": "m2a"}
    )
    assert message in form_errors(response)["inline-0-direction"]

    with pytest.raises(CommandError) as raised:
        call_command("configure", "--scope", "fr", "--set", "sync.product.direction=m2a")
    assert str(raised.value) == f"sync.fr.product.direction: {message}"
    assert export_configuration() == before


@pytest.mark.parametrize(
    ("url", "changes", "field", "message"),
    [
        (
            SETUP,
            {"bearer_token": "token-1", "confirm_bearer_token": "token-2"},
            "confirm_bearer_token",
            "Bearer Token and Confirm Bearer Token do not match.",
        ),
        (
            SETUP,
            {"bearer_token": "token-1"},
            "confirm_bearer_token",
            "Bearer Token and Confirm Bearer Token do not match.",
        ),
        (
            DEFAULT_CONNECTION,
            {"password": "secret-1", "confirm_password": "secret-2"},
            "confirm_password",
            "Password and Confirm Password do not match.",
        ),
    ],
)
def test_mismatched_confirmation_is_a_field_error(
    staff_client: Client, url: str, changes: dict[str, str], field: str, message: str
) -> None:
    before = export_configuration()
    response = post_change(staff_client, url, changes)
    assert form_errors(response)[field] == [message]
    assert export_configuration() == before


def test_valid_change_is_saved_from_the_admin(staff_client: Client) -> None:
    response = post_change(staff_client, SETUP, {"check_process_time": "30", "process_sleep_time": "29"})
    assert response.status_code == 302
    setup = export_configuration()["setup"]
    assert (setup["check_process_time"], setup["process_sleep_time"]) == (30, 29)
