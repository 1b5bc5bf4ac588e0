"""The error answers of the contract-based API (reference s.5), raised anywhere, answered once.

500s use the standard ASP.NET Web API shape (`message`, `exceptionMessage`, `exceptionType`,
`stackTrace`); a missing record is a 500 `NoEntitySatisfiesTheConditionException`, not a 404;
unknown routes and actions are 404; refused business data is 422 with the entity itself.
"""

from __future__ import annotations

from typing import Any

NO_ENTITY = "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException"
PX_EXCEPTION = "PX.Data.PXException"
STACK_TRACES = {
    NO_ENTITY: "   at PX.Api.ContractBased.EntityService.GetByKeys(...)\r\n"
    "   at PX.Api.ContractBased.Controllers.EntityController.GetByKeys(...)",
    PX_EXCEPTION: "   at PX.Data.PXGraph.Persist()\r\n   at PX.Api.ContractBased.EntityService.Put(...)",
}


class ApiError(Exception):
    """An answer other than success; `body` is JSON unless `text` is set."""

    status = 500

    def __init__(self, body: Any = None, *, status: int | None = None, text: str | None = None) -> None:
        super().__init__(str(body))
        if status is not None:
            self.status = status
        self.body = body
        self.text = text


def http_error(message: str, **extra: Any) -> dict[str, Any]:
    return {"message": message, **extra}


class PXError(ApiError):
    """500 with a PXException body (business rule refused, invalid credentials, login limit)."""

    def __init__(self, exception_message: str, exception_type: str = PX_EXCEPTION, status: int = 500) -> None:
        super().__init__(
            {
                "message": "An error has occurred.",
                "exceptionMessage": exception_message,
                "exceptionType": exception_type,
                "stackTrace": STACK_TRACES.get(exception_type, STACK_TRACES[PX_EXCEPTION]),
            },
            status=status,
        )
        self.exception_message = exception_message


class NoEntity(PXError):
    def __init__(self) -> None:
        super().__init__("No entity satisfies the condition.", NO_ENTITY)


class NotLoggedIn(ApiError):
    status = 401

    def __init__(self) -> None:
        super().__init__(http_error("You are not logged in."))


class RouteNotFound(ApiError):
    status = 404

    def __init__(self, url: str) -> None:
        super().__init__(http_error(f"No HTTP resource was found that matches the request URI '{url}'."))


class BadRequest(ApiError):
    status = 400

    def __init__(self, message: str, model_state: dict[str, list[str]] | None = None) -> None:
        body: dict[str, Any] = http_error("The request is invalid." if model_state else message)
        if model_state:
            body["modelState"] = model_state
        super().__init__(body)


class PreconditionFailed(ApiError):
    status = 412

    def __init__(self, exists: bool) -> None:
        message = (
            "The entity has to be inserted, but an entity with these keys already exists."
            if exists
            else "The entity has to be updated, but there is no entity with these keys."
        )
        super().__init__(http_error(message))


class Unprocessable(ApiError):
    """422: the body is the rendered entity with `error` strings (filled in by the API layer)."""

    status = 422

    def __init__(self, entity: str, record: dict[str, Any]) -> None:
        super().__init__(None)
        self.entity = entity
        self.record = record
