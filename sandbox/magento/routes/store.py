"""Store structure routes (reference s.2) and the admin token (s.1.2)."""

from __future__ import annotations

import base64
import json
import secrets
import time
from typing import Any

from ..errors import MagentoError
from ..routing import Call, Route
from ..types import STR, ListOf, Param

STORE_ACL = "Magento_Backend::store"
LOCK_AFTER_FAILURES = 6
_BAD_LOGIN = (
    "The account sign-in was incorrect or your account is disabled temporarily. "
    "Please wait and try again later."
)
_TIMEZONES = {"default": "America/Chicago", "west": "America/Los_Angeles"}


def store_views(call: Call) -> list[dict[str, Any]]:
    return [dict(store) for _, store in sorted(call.state.store_views.items())]


def websites(call: Call) -> list[dict[str, Any]]:
    return [dict(website) for _, website in sorted(call.state.websites.items())]


def store_groups(call: Call) -> list[dict[str, Any]]:
    return [dict(group) for _, group in sorted(call.state.store_groups.items())]


def store_configs(call: Call) -> list[dict[str, Any]]:
    wanted = call.params.get("store_codes")
    result = []
    for _, store in sorted(call.state.store_views.items()):
        if not store["id"] or (wanted and store["code"] not in wanted):
            continue
        host = "demo.example.com" if store["code"] == "default" else f"{store['code']}.demo.example.com"
        base = f"https://{host}/"
        result.append(
            {
                "id": store["id"],
                "code": store["code"],
                "website_id": store["website_id"],
                "locale": "en_US",
                "base_currency_code": "USD",
                "default_display_currency_code": "USD",
                "timezone": _TIMEZONES.get(store["code"], "America/Chicago"),
                "weight_unit": "lbs",
                "base_url": base,
                "base_link_url": base,
                "base_static_url": f"{base}static/",
                "base_media_url": f"{base}media/",
                "secure_base_url": base,
                "secure_base_link_url": base,
                "secure_base_static_url": f"{base}static/",
                "secure_base_media_url": f"{base}media/",
            }
        )
    return result


def _jwt(username: str) -> str:
    """A token shaped like 2.4's JWT admin tokens (the signature part is random)."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    now = int(time.time())
    header = part({"kid": "1", "alg": "HS256"})
    payload = part({"uid": 1, "utypid": 2, "iat": now, "exp": now + 4 * 3600})
    return f"{header}.{payload}.{secrets.token_urlsafe(32)}"


def admin_token(call: Call) -> str:
    """`POST /V1/integration/admin/token`: a JSON string; 6 failures lock the account."""
    state = call.state
    username, password = call.params["username"], call.params["password"]
    expected_user, expected_password = state.admin_credentials
    locked = state.admin_failures[username] >= LOCK_AFTER_FAILURES
    if locked or username != expected_user or not expected_password or password != expected_password:
        state.admin_failures[username] += 1
        raise MagentoError(401, _BAD_LOGIN)
    state.admin_failures[username] = 0
    token = _jwt(username)
    state.admin_tokens.add(token)
    return token


ROUTES = [
    Route("GET", "/V1/store/storeViews", store_views, STORE_ACL),
    Route("GET", "/V1/store/websites", websites, STORE_ACL),
    Route("GET", "/V1/store/storeGroups", store_groups, STORE_ACL),
    Route(
        "GET",
        "/V1/store/storeConfigs",
        store_configs,
        STORE_ACL,
        params=(Param("storeCodes", ListOf(STR), required=False),),
    ),
    Route(
        "POST",
        "/V1/integration/admin/token",
        admin_token,
        "anonymous",
        params=(Param("username", STR), Param("password", STR)),
        service="Magento\\Integration\\Api\\AdminTokenServiceInterface::createAdminAccessToken",
    ),
]
