"""AcumaticaClient: the exact requests of every method, the session life cycle (login, one
re-login on 401, logout on close and on exceptions) and Acumatica's error dialect."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import responses
from responses import matchers

from endpoints.clients.acumatica import AcumaticaClient
from endpoints.clients.acumatica_records import last_modified_field, value_of, wrap_values
from endpoints.clients.odata import gt
from endpoints.exceptions import (
    ApiLoginLimitError,
    AuthError,
    LoginError,
    NotFoundError,
    OperationPendingError,
    RateLimitedError,
    ServerError,
    ValidationError,
)
from endpoints.governor import AcumaticaLimits, Governor

from .conftest import (
    ACUMATICA_ENTITY,
    ACUMATICA_PASSWORD,
    ACUMATICA_URL,
    USER_AGENT,
    add_login,
    add_logout,
    body_of,
    sent,
)

LOGIN_URL = f"{ACUMATICA_URL}/entity/auth/login"
LOGOUT_URL = f"{ACUMATICA_URL}/entity/auth/logout"


@pytest.fixture
def session(mocked: responses.RequestsMock) -> responses.RequestsMock:
    add_login(mocked)
    add_logout(mocked)
    return mocked


def test_login_sends_credentials_tenant_and_branch_then_cookies(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    session.get(f"{ACUMATICA_ENTITY}/StockItem/AALEGO500", json={"InventoryID": {"value": "AALEGO500"}})

    record = acumatica.fetch_record("StockItem", "AALEGO500")

    assert value_of(record, "InventoryID") == "AALEGO500"
    login, read = session.calls[0].request, session.calls[1].request
    assert (login.method, login.url) == ("POST", LOGIN_URL)
    assert login.headers["Content-Type"] == "application/json"
    assert login.headers["User-Agent"] == USER_AGENT
    assert body_of(session.calls[0]) == {
        "name": "admin",
        "password": ACUMATICA_PASSWORD,
        "tenant": "Company",
        "branch": "HQ",
    }
    assert "Cookie" not in login.headers
    assert read.headers["Cookie"] == "ASP.NET_SessionId=sess-4e1d77aa; .ASPXAUTH=auth-0c9b8a7f6e5d4c3b"
    assert "Authorization" not in read.headers


def test_fetch_record_by_compound_key_with_select_and_expand(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    url = f"{ACUMATICA_ENTITY}/SalesOrder/SO/000123?$select=OrderNbr,Details/InventoryID&$expand=Details"
    session.get(url, json={"OrderNbr": {"value": "000123"}})

    acumatica.fetch_record(
        "SalesOrder", "SO", "000123", select=["OrderNbr", "Details/InventoryID"], expand="Details"
    )

    assert sent(session)[1] == ("GET", url)


def test_fetch_list_sends_every_query_option_encoded(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    since = datetime(2024, 7, 15, 10, 31, 28, 402000, tzinfo=UTC)
    url = (
        f"{ACUMATICA_ENTITY}/StockItem?$filter=LastModifiedDateTime%20gt%20datetimeoffset"
        "'2024-07-15T10%3A31%3A28.402%2B00%3A00'&$select=InventoryID,Description&$expand=Attributes,WarehouseDetails"
        "&$custom=ItemSettings.UsrRepairItemType&$top=50&$skip=100"
    )
    session.get(url, json=[{"InventoryID": {"value": "A"}}])

    rows = acumatica.fetch_list(
        "StockItem",
        filter=gt("LastModifiedDateTime", since),
        select="InventoryID,Description",
        expand=["Attributes", "WarehouseDetails"],
        custom="ItemSettings.UsrRepairItemType",
        top=50,
        skip=100,
    )

    assert rows == [{"InventoryID": {"value": "A"}}]
    assert sent(session)[1] == ("GET", url)


@pytest.mark.parametrize(("sizes", "calls"), [((2, 2, 1), 3), ((2, 2, 0), 3), ((1,), 1)])
def test_iter_pages_reads_until_a_short_page(
    session: responses.RequestsMock, acumatica: AcumaticaClient, sizes: tuple[int, ...], calls: int
) -> None:
    for page, size in enumerate(sizes):
        session.get(
            f"{ACUMATICA_ENTITY}/Customer?$top=2&$skip={page * 2}",
            json=[{"CustomerID": {"value": f"C{page}{i}"}} for i in range(size)],
        )

    pages = list(acumatica.iter_pages("Customer", page_size=2))

    assert [len(page) for page in pages] == [size for size in sizes if size]
    assert [url for _, url in sent(session)[1:]] == [
        f"{ACUMATICA_ENTITY}/Customer?$top=2&$skip={n * 2}" for n in range(calls)
    ]


def test_push_record_is_a_put_upsert_with_optional_insert_only_header(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    url = f"{ACUMATICA_ENTITY}/StockItem?$expand=Attributes"
    session.put(url, json={"InventoryID": {"value": "BASESERV1"}})
    record = {"InventoryID": {"value": "BASESERV1"}, "Attributes": [{"AttributeID": {"value": "SOFTVER"}}]}

    acumatica.push_record("StockItem", record, expand="Attributes")
    acumatica.push_record("StockItem", record, expand="Attributes", only="insert")

    first, second = session.calls[1].request, session.calls[2].request
    assert (first.method, first.url) == ("PUT", url)
    assert body_of(session.calls[1]) == record
    assert "If-None-Match" not in first.headers
    assert second.headers["If-None-Match"] == "*"


def test_delete_quotes_keys_and_ad_hoc_schema_and_inquiry_urls(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    session.delete(f"{ACUMATICA_ENTITY}/SalesInvoice/Credit%20Memo/CM0001", status=204)
    session.get(f"{ACUMATICA_ENTITY}/StockItem/$adHocSchema", json={"custom": {"Item": {}}})
    session.put(
        f"{ACUMATICA_ENTITY}/InventoryQuantityAvailable?$expand=Results",
        json={"Results": [{"InventoryID": {"value": "APJAM08"}, "QtyAvailable": {"value": 12}}]},
    )

    acumatica.delete_record("SalesInvoice", "Credit Memo", "CM0001")
    schema = acumatica.fetch_ad_hoc_schema("StockItem")
    result = acumatica.run_inquiry("InventoryQuantityAvailable", wrap_values({"InventoryID": "APJAM08"}))

    assert sent(session)[1:] == [
        ("DELETE", f"{ACUMATICA_ENTITY}/SalesInvoice/Credit%20Memo/CM0001"),
        ("GET", f"{ACUMATICA_ENTITY}/StockItem/$adHocSchema"),
        ("PUT", f"{ACUMATICA_ENTITY}/InventoryQuantityAvailable?$expand=Results"),
    ]
    assert body_of(session.calls[3]) == {"InventoryID": {"value": "APJAM08"}}
    assert schema == {"custom": {"Item": {}}}
    assert value_of(result["Results"][0], "QtyAvailable") == 12


def test_entity_without_its_own_row_uses_the_generic_route(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    session.get(f"{ACUMATICA_ENTITY}/Vendor?$top=1", json=[])

    assert acumatica.fetch_list("Vendor", top=1) == []
    assert sent(session)[1] == ("GET", f"{ACUMATICA_ENTITY}/Vendor?$top=1")


def test_action_202_is_polled_at_its_location_until_204(
    session: responses.RequestsMock, acumatica: AcumaticaClient, sleeps: list[float]
) -> None:
    status_path = "/AcumaticaERP/entity/Default/24.200.001/SalesInvoice/ReleaseSalesInvoice/status/4080b45b"
    session.post(
        f"{ACUMATICA_ENTITY}/SalesInvoice/ReleaseSalesInvoice",
        status=202,
        headers={"Location": status_path},
        match=[
            matchers.json_params_matcher(
                {
                    "entity": {"Type": {"value": "Invoice"}, "ReferenceNbr": {"value": "INV000046"}},
                    "parameters": {},
                }
            )
        ],
    )
    status_url = f"https://erp.example.test{status_path}"
    session.get(status_url, status=202)
    session.get(status_url, status=202)
    session.get(status_url, status=204)

    result = acumatica.invoke_action(
        "SalesInvoice", "ReleaseSalesInvoice", wrap_values({"Type": "Invoice", "ReferenceNbr": "INV000046"})
    )

    assert (result.status, result.polls) == (204, 3)
    assert sent(session)[2:] == [("GET", status_url)] * 3
    assert sleeps == [1.0, 1.0, 1.0]


def test_action_with_parameters_finishing_at_once(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    session.post(f"{ACUMATICA_ENTITY}/SalesOrder/SalesOrderCreateShipment", status=204)

    result = acumatica.invoke_action(
        "SalesOrder",
        "SalesOrderCreateShipment",
        {"id": "42bb9a17-a402-e911-b818-00155d408001"},
        {"ShipmentDate": {"value": "2025-08-20T00:00:00+03:00"}, "WarehouseID": {"value": "RETAIL"}},
    )

    assert result.status == 204 and result.polls == 0
    assert body_of(session.calls[1]) == {
        "entity": {"id": "42bb9a17-a402-e911-b818-00155d408001"},
        "parameters": {
            "ShipmentDate": {"value": "2025-08-20T00:00:00+03:00"},
            "WarehouseID": {"value": "RETAIL"},
        },
    }


def test_action_still_running_after_the_time_out_raises_pending(
    session: responses.RequestsMock, governor: Governor
) -> None:
    clock = iter(range(0, 10_000, 5)).__next__
    client = AcumaticaClient(
        ACUMATICA_URL,
        username="admin",
        password="pw-xyz1",
        governor=governor,
        action_timeout=12,
        sleep=lambda _: None,
        clock=lambda: float(clock()),
    )
    session.post(
        f"{ACUMATICA_ENTITY}/Shipment/ConfirmShipment", status=202, headers={"Location": "/x/status/1"}
    )
    session.get("https://erp.example.test/x/status/1", status=202)

    with client, pytest.raises(OperationPendingError) as caught:
        client.invoke_action("Shipment", "ConfirmShipment", wrap_values({"ShipmentNbr": "000029"}))

    assert caught.value.location == "https://erp.example.test/x/status/1"
    assert not caught.value.retry_in_client


def test_expired_session_is_replaced_once_on_401(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    url = f"{ACUMATICA_ENTITY}/Warehouse"
    session.get(url, status=401, json={"message": "You are not logged in."})
    session.get(url, json=[{"WarehouseID": {"value": "MAIN"}}])

    assert acumatica.fetch_list("Warehouse") == [{"WarehouseID": {"value": "MAIN"}}]
    assert [m for m, u in sent(session)] == ["POST", "GET", "POST", "GET"]

    session.replace(responses.GET, url, status=401, json={"message": "You are not logged in."})
    with pytest.raises(AuthError) as caught:
        acumatica.fetch_list("Warehouse")
    assert caught.value.status == 401
    assert [u for _, u in sent(session)].count(LOGIN_URL) == 3  # one re-login per call, no loop


def test_close_logs_out_and_frees_the_seat_also_after_an_exception(
    session: responses.RequestsMock,
) -> None:
    governor = Governor(AcumaticaLimits(None, None, 1))
    session.get(
        f"{ACUMATICA_ENTITY}/Customer/C1", status=500, json={"exceptionMessage": "boom", "exceptionType": "X"}
    )

    with (
        pytest.raises(ServerError),
        AcumaticaClient(
            ACUMATICA_URL, username="u", password="pw-1234", governor=governor, max_retries=0
        ) as c,
    ):
        c.fetch_record("Customer", "C1")

    assert sent(session)[-1] == ("POST", LOGOUT_URL)
    assert governor.open_sessions == 0 and not c.logged_in
    c.close()  # idempotent
    assert [u for _, u in sent(session)].count(LOGOUT_URL) == 1


def test_second_client_waits_for_a_seat_and_gives_up_with_login_limit(
    session: responses.RequestsMock,
) -> None:
    governor = Governor(AcumaticaLimits(None, None, 1))
    first = AcumaticaClient(ACUMATICA_URL, username="u", password="pw-1234", governor=governor)
    second = AcumaticaClient(
        ACUMATICA_URL, username="u", password="pw-1234", governor=governor, session_wait=0
    )
    first.login()

    with pytest.raises(ApiLoginLimitError, match="API user seats"):
        second.login()

    first.close()
    second.login()
    assert governor.open_sessions == 1
    second.close()
    assert governor.open_sessions == 0


def test_invalid_credentials_is_a_login_error_without_retries(
    mocked: responses.RequestsMock, acumatica: AcumaticaClient, governor: Governor
) -> None:
    add_login(
        mocked,
        status=500,
        json={
            "message": "An error has occurred.",
            "exceptionMessage": "Error: Invalid credentials. Please try again.",
            "exceptionType": "PX.Data.PXException",
            "stackTrace": "   at PX.Data.PXLogin...",
        },
    )

    with pytest.raises(LoginError) as caught:
        acumatica.fetch_list("Warehouse")

    assert len(mocked.calls) == 1
    assert caught.value.remote_message == "Error: Invalid credentials. Please try again."
    assert governor.open_sessions == 0


def test_api_login_limit_is_retryable_by_the_queue_not_by_the_client(
    mocked: responses.RequestsMock, acumatica: AcumaticaClient, governor: Governor
) -> None:
    add_login(
        mocked,
        status=500,
        json={"exceptionMessage": "API Login Limit", "exceptionType": "PX.Data.PXException"},
    )

    with pytest.raises(ApiLoginLimitError) as caught:
        acumatica.login()

    assert len(mocked.calls) == 1 and caught.value.retryable
    assert governor.open_sessions == 0


def test_missing_record_500_is_not_found(session: responses.RequestsMock, acumatica: AcumaticaClient) -> None:
    session.get(
        f"{ACUMATICA_ENTITY}/StockItem/NOPE",
        status=500,
        json={
            "message": "An error has occurred.",
            "exceptionMessage": "No entity satisfies the condition.",
            "exceptionType": "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException",
        },
    )

    with pytest.raises(NotFoundError) as caught:
        acumatica.fetch_record("StockItem", "NOPE")

    assert len(session.calls) == 2
    assert caught.value.summary.endswith("HTTP 500: No entity satisfies the condition.")


def test_422_carries_record_and_field_errors(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    session.put(
        f"{ACUMATICA_ENTITY}/SalesOrder",
        status=422,
        json={
            "id": "b6410d82",
            "error": "Inserting 'Sales Order' record raised at least one error. Please review the errors.",
            "CustomerID": {"value": "ABARTENDE1", "error": "'Customer' cannot be found in the system."},
            "Details": [
                {"id": "b8", "Project": {"value": "TES2323T", "error": "Project 'TES2323T' cannot be found."}}
            ],
        },
    )

    with pytest.raises(ValidationError) as caught:
        acumatica.push_record("SalesOrder", wrap_values({"CustomerID": "ABARTENDE1"}))

    error = caught.value
    assert error.remote_message.startswith("Inserting 'Sales Order' record raised at least one error.")
    assert [(f.field, f.message) for f in error.field_errors] == [
        ("CustomerID", "'Customer' cannot be found in the system."),
        ("Details[0].Project", "Project 'TES2323T' cannot be found."),
    ]
    assert len(session.calls) == 2


def test_outer_exception_is_a_validation_error_with_the_inner_message(
    session: responses.RequestsMock, acumatica: AcumaticaClient
) -> None:
    session.put(
        f"{ACUMATICA_ENTITY}/Customer",
        status=500,
        json={
            "exceptionMessage": "Inserting 'Customer' record raised at least one error.",
            "exceptionType": "PX.Data.PXOuterException",
            "innerException": {"exceptionMessage": "Email: 'x' is not a valid e-mail.", "exceptionType": "X"},
        },
    )

    with pytest.raises(ValidationError, match="is not a valid e-mail"):
        acumatica.push_record("Customer", wrap_values({"CustomerID": "C1"}))


def test_429_plain_text_from_iis_is_retried(
    session: responses.RequestsMock, acumatica: AcumaticaClient, sleeps: list[float]
) -> None:
    url = f"{ACUMATICA_ENTITY}/ItemClass"
    session.get(
        url,
        status=429,
        body="The custom error module does not recognize this error.",
        content_type="text/plain",
    )
    session.get(url, json=[])

    assert acumatica.fetch_list("ItemClass") == []
    assert len(sleeps) == 1

    session.replace(
        responses.GET, url, status=429, body="The custom error module does not recognize this error."
    )
    with pytest.raises(RateLimitedError, match="custom error module"):
        acumatica.fetch_list("ItemClass")


def test_version_selects_url_and_last_modified_field(
    mocked: responses.RequestsMock, governor: Governor
) -> None:
    add_login(mocked)
    add_logout(mocked)
    mocked.get(f"{ACUMATICA_URL}/entity/Default/23.200.001/StockItem", json=[])
    mocked.get(f"{ACUMATICA_URL}/entity", json={"endpoints": [{"name": "Default", "version": "23.200.001"}]})
    with AcumaticaClient(
        ACUMATICA_URL, username="u", password="pw-1234", version="23.200.001", governor=governor
    ) as c:
        assert c.fetch_list("StockItem") == []
        assert c.last_modified_field("StockItem") == "LastModified"
        assert c.fetch_endpoints()["endpoints"][0]["version"] == "23.200.001"

    assert last_modified_field("24.200.001", "StockItem") == "LastModifiedDateTime"
    assert last_modified_field("24.200.001", "TemplateItems") == "LastModifiedDateTime"
    assert last_modified_field("23.200.001", "SalesOrder") == "LastModified"
    assert last_modified_field("24.200.001", "SalesOrder") == "LastModified"
    assert last_modified_field("23.200.001", "Customer") == "LastModifiedDateTime"
    assert last_modified_field("22.200.001", "Warehouse") is None
    assert last_modified_field("25.100.001", "StockItem") == "LastModifiedDateTime"  # newer: closest older
