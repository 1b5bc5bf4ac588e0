"""`manage.py configure`: flags, --set, --scope, export/import round trip, all or nothing."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from endpoints.models import AcumaticaConnection
from sync.models import LoggingSettings, SetupParameters, StoreView, SyncConfiguration

pytestmark = pytest.mark.django_db


def configure(*args: str) -> str:
    out = StringIO()
    call_command("configure", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def exported() -> dict[str, Any]:
    return json.loads(configure("--export"))


def _fresh_database() -> None:
    """Back to what migrate leaves: no store views, default rows only."""
    StoreView.objects.all().delete()
    SyncConfiguration.objects.all().delete()
    AcumaticaConnection.objects.all().delete()
    SetupParameters.objects.all().delete()
    LoggingSettings.objects.all().delete()
    importlib.import_module("endpoints.migrations.0001_initial").create_default_config(apps, None)
    importlib.import_module("sync.migrations.0002_default_rows").create_default_rows(apps, None)


SECRET_FLAGS = ["--magento-token", "mg-secret", "--acumatica-password", "acu-secret"]


def _configure_every_section(tmp_path: Path) -> None:
    """A non-default value in every field of every section."""
    configure(
        "--magento-url",
        "https://shop.example.com",
        *SECRET_FLAGS,
        "--acumatica-url",
        "https://erp.example.com/AcumaticaERP",
        "--acumatica-user",
        "api",
        "--acumatica-company",
        "MainCo",
        "--acumatica-branch",
        "HQ",
        "--acumatica-version",
        "23.200.001",
        "--set",
        "setup.threshold_count=40",
        "--set",
        "setup.batch_count=8",
        "--set",
        "setup.retry_count=5",
        "--set",
        "setup.check_process_time=45",
        "--set",
        "setup.process_sleep_time=15",
        "--set",
        "setup.price_source=sales_price",
        "--set",
        "setup.inventory_mode=branch_wise",
        "--set",
        "setup.quantity_type=on_hand",
        "--set",
        "setup.inventory_warehouses=WHOLESALE, RETAIL",
        "--set",
        "setup.inventory_source=src_main",
        "--set",
        "setup.vendor_inventory_mode=separate_attribute",
        "--set",
        "setup.vendor_inventory_attribute=vendor_qty",
        "--set",
        "setup.shipment_trigger=invoice_release",
        "--set",
        "setup.customer_classes=RETAIL,WHOLESALE",
        "--set",
        "setup.order_types=SO,QT",
        "--set",
        "setup.dropship_ship_via=DROPSHIP",
        "--set",
        "setup.dropship_carrier_code=custom",
        "--set",
        "setup.dropship_carrier_title=Vendor delivery",
        "--set",
        "setup.customer_attribute_sync=true",
        "--set",
        "setup.inventory_sync_active=false",
        "--set",
        "sync.price.enabled=false",
        "--set",
        "sync.customer.direction=a2m",
        "--set",
        "logging.logged_actions=order,shipment",
        "--set",
        "logging.log_lifetime_days=14",
        "--set",
        "logging.cleaning_frequency=weekly",
        "--set",
        "logging.show_in_system_messages=no",
    )
    configure(
        "--scope",
        "fr",
        "--set",
        "store_views.name=French",
        "--set",
        "store_views.website_code=europe",
        "--set",
        "store_views.acumatica_branch=PARIS",
        "--acumatica-company",
        "EuropeCo",
        "--acumatica-password",
        "eu-secret",
        "--set",
        "sync.order.enabled=false",
        "--set",
        "sync.customer.direction=m2a",
    )
    configure("--scope", "us", "--set", "store_views.name=US", "--set", "store_views.website_code=base")


def test_export_then_import_into_a_fresh_database_gives_the_same_export(tmp_path: Path) -> None:
    _configure_every_section(tmp_path)
    original = exported()
    assert original["setup"]["bearer_token"] == "set"
    assert {view["code"] for view in original["store_views"]} == {"fr", "us"}
    assert original["sync"]["fr"] == {
        "customer": {"enabled": True, "direction": "m2a"},
        "order": {"enabled": False, "direction": "bidirectional"},
    }
    assert [c["name"] for c in original["connections"]] == ["Default Config", "Store view fr"]
    assert original["connections"][1]["store_views"] == ["fr"]
    assert original["logging"]["logged_actions"] == ["order", "shipment"]
    file = tmp_path / "staging.json"
    file.write_text(json.dumps(original))

    _fresh_database()
    assert exported() != original
    configure("--import", str(file), *SECRET_FLAGS)
    configure("--scope", "fr", "--acumatica-password", "eu-secret")

    assert exported() == original
    assert SetupParameters.load().bearer_token == "mg-secret"


def test_export_shows_secrets_only_as_set_or_unset() -> None:
    configure("--magento-token", "mg-secret-123", "--acumatica-password", "acu-secret-456")
    text = configure("--export")
    assert "mg-secret-123" not in text and "acu-secret-456" not in text
    document = json.loads(text)
    assert document["setup"]["bearer_token"] == "set"
    assert document["connections"][0]["password"] == "set"
    assert document["format"] == "acmconnector-configuration"


def test_import_warns_about_secrets_it_cannot_carry(tmp_path: Path) -> None:
    configure("--magento-token", "mg-secret")
    file = tmp_path / "c.json"
    file.write_text(configure("--export"))
    _fresh_database()
    err = StringIO()
    call_command("configure", "--import", str(file), stdout=StringIO(), stderr=err)
    assert "setup.bearer_token is set in the file but not here" in err.getvalue()
    assert SetupParameters.load().bearer_token == ""


def test_import_refuses_a_secret_value_in_the_file(tmp_path: Path) -> None:
    file = tmp_path / "c.json"
    file.write_text(json.dumps({"setup": {"bearer_token": "plain-text-token"}}))
    with pytest.raises(CommandError, match="secrets are not imported from files"):
        configure("--import", str(file))


def test_nothing_is_half_applied_when_a_later_setting_is_invalid() -> None:
    before = exported()
    with pytest.raises(CommandError):
        configure(
            "--magento-url",
            "https://ok.example.com",
            "--set",
            "setup.retry_count=3",
            "--scope",
            "fr",
            "--set",
            "store_views.name=French",
            "--set",
            "store_views.website_code=base",
            "--acumatica-version",
            "1.0",
        )
    assert exported() == before
    assert not StoreView.objects.exists()


def test_nothing_is_half_applied_when_an_import_section_is_invalid(tmp_path: Path) -> None:
    before = exported()
    document = exported()
    document["setup"]["retry_count"] = 9
    document["store_views"] = [
        {"code": "fr", "name": "French", "website_code": "base", "acumatica_branch": ""}
    ]
    document["logging"]["log_lifetime_days"] = 0
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(document))
    with pytest.raises(
        CommandError, match=r"^logging.log_lifetime_days: Log Entry Lifetime must be 1 day or more\.$"
    ):
        configure("--import", str(file))
    assert exported() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "setup.retry_count"], "--set expects section.field=value, not 'setup.retry_count'."),
        (["--set", "nope.x=1"], "--set nope.x: unknown section 'nope'"),
        (["--set", "setup.colour=red"], "setup.colour: unknown setting"),
        (["--set", "setup.retry_count=many"], "setup.retry_count: expects a whole number, not 'many'."),
        (["--set", "setup.customer_attribute_sync=maybe"], "expects true or false, not 'maybe'."),
        (["--set", "sync.widget.enabled=true"], "sync.default.widget: unknown entity"),
        (["--set", "logging.logged_actions=product,gossip"], "Unknown value 'gossip'"),
        (["--scope", "nl", "--acumatica-company", "X"], "Unknown store view 'nl'"),
        (["--scope", "fr", "--magento-url", "https://x.example.com"], "run without --scope"),
        (["--set", "store_views.name=X"], "name the store view with --scope"),
        ([], "Nothing to do"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as raised:
        configure(*args)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_bad_import_files_are_refused(tmp_path: Path) -> None:
    cases = {
        "missing.json": (None, "Cannot read"),
        "broken.json": ("{not json", "is not valid JSON"),
        "list.json": ("[]", "must hold a JSON object"),
        "unknown.json": (json.dumps({"no_such_section": {}}), "Unknown section 'no_such_section'"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_text(content)
        with pytest.raises(CommandError, match=message):
            configure("--import", str(path))


def test_scope_flags_give_a_store_view_its_own_connection_based_on_default_config() -> None:
    configure(
        "--acumatica-url",
        "https://erp.example.com",
        "--acumatica-user",
        "api",
        "--acumatica-password",
        "pw",
        "--acumatica-company",
        "MainCo",
    )
    configure(
        "--scope",
        "fr",
        "--set",
        "store_views.name=French",
        "--set",
        "store_views.website_code=base",
        "--acumatica-company",
        "EuropeCo",
        "--acumatica-branch",
        "PARIS",
    )
    view = StoreView.objects.get(code="fr")
    own = view.acumatica_connection
    assert own is not None and not own.is_default
    assert (own.base_url, own.username, own.password, own.tenant, own.branch) == (
        "https://erp.example.com",
        "api",
        "pw",
        "EuropeCo",
        "PARIS",
    )
    default = AcumaticaConnection.objects.get(is_default=True)
    assert (default.tenant, default.branch) == ("MainCo", "")


def test_configure_exits_non_zero_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "REDIS_URL": "",
        "PYTHONWARNINGS": "ignore",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, capture_output=True)
    failed = subprocess.run(
        [*manage, "configure", "--set", "setup.check_process_time=0"], env=env, capture_output=True, text=True
    )
    assert failed.returncode != 0
    assert failed.stderr.strip().splitlines() == [
        "CommandError: setup.check_process_time: Check Process Time must be between 1 and 59 seconds."
    ]
    ok = subprocess.run(
        [*manage, "configure", "--export"], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(ok.stdout)["setup"]["check_process_time"] == 50
