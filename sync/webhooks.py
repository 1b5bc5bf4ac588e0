"""`POST /hooks/acumatica/`: the receiver of Acumatica push notifications.

Acumatica's webhook destination sends one custom header, which carries our shared secret; the
header is compared in constant time and anything else gets 401. The view only enqueues and
answers at once, because Acumatica resends a notification whose answer is late or an error (up
to five times); a resend of a notification already received (same `Id`) is acknowledged and
ignored.
"""

from __future__ import annotations

import hmac
import json
import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sync.models import PushSettings
from sync.producers import PushPayloadError, receive_push

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 5 * 1024 * 1024


def secret_matches(provided: str, expected: str) -> bool:
    """Constant-time comparison; an unset secret never matches (push is refused until one is set)."""
    if not expected:
        return False
    return hmac.compare_digest(provided.encode("utf-8"), expected.encode("utf-8"))


@csrf_exempt
@require_POST
def acumatica_push(request: HttpRequest) -> JsonResponse:
    settings = PushSettings.load()
    if not secret_matches(request.headers.get(settings.header_name, ""), settings.secret):
        logger.warning(
            "Push notification refused: missing or wrong %s header",
            settings.header_name,
            extra={"remote_addr": request.META.get("REMOTE_ADDR", "")},
        )
        return JsonResponse({"error": f"Missing or wrong {settings.header_name} header."}, status=401)
    if len(request.body) > MAX_BODY_BYTES:
        return JsonResponse({"error": "The notification is too large."}, status=413)
    try:
        payload = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    try:
        result = receive_push(payload)
    except PushPayloadError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(result.as_dict(), status=200)
