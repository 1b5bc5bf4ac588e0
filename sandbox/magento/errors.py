"""Magento's web API error bodies, exactly as the real server renders them.

Magento sends the *raw* phrase with its `%1`/`%name` placeholders and the arguments beside it in
`parameters` (a list for positional placeholders, an object for named ones); clients render the
text themselves. `MagentoError` carries those pieces; `body()` gives the JSON the wire carries
(only non-empty keys, never a `trace`: the sandbox runs in production mode). `rendered()` is the
text a consumer of the bulk queue stores in `result_message`, since there Magento keeps the
exception's rendered message.
"""

from __future__ import annotations

import re
from typing import Any

Parameters = list[Any] | dict[str, Any] | None

_POSITIONAL = re.compile(r"%(\d+)")
_NAMED = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)")


def render(message: str, parameters: Parameters) -> str:
    """Fill `%1`/`%name` placeholders the way Magento's Phrase renderer does."""
    if isinstance(parameters, list):
        return _POSITIONAL.sub(
            lambda m: (
                str(parameters[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(parameters) else m.group(0)
            ),
            message,
        )
    if isinstance(parameters, dict):
        return _NAMED.sub(
            lambda m: str(parameters[m.group(1)]) if m.group(1) in parameters else m.group(0), message
        )
    return message


class MagentoError(Exception):
    """An error answer of the Magento API: HTTP `status` and the `{message, parameters?, errors?}` body."""

    def __init__(
        self,
        status: int,
        message: str,
        parameters: Parameters = None,
        errors: list[dict[str, Any]] | None = None,
        code: int = 0,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters
        self.errors = errors
        self.code = code

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message}
        if self.errors:
            data["errors"] = self.errors
        if self.code:
            data["code"] = self.code
        if self.parameters:
            data["parameters"] = self.parameters
        return data

    def rendered(self) -> str:
        return render(self.message, self.parameters)


# ------------------------------------------------------------------ the catalogue of fixed messages
NO_ROUTE = "Request does not match any route."
PRODUCT_NOT_FOUND = "The product that was requested doesn't exist. Verify the product and try again."
ENTITY_NOT_FOUND = "The entity that was requested doesn't exist. Verify the entity and try again."
NO_SUCH_ENTITY = "No such entity with %fieldName = %fieldValue"
REQUIRED = '"%fieldName" is required. Enter and try again.'
ATTRIBUTE_EMPTY = 'The "%1" attribute value is empty. Set the attribute and try again.'
URL_KEY_EXISTS = "URL key for specified store already exists."
INPUT_ERRORS = "One or more input exceptions have occurred."


def route_not_found() -> MagentoError:
    return MagentoError(404, NO_ROUTE)


def unauthorized(resources: str) -> MagentoError:
    return MagentoError(401, "The consumer isn't authorized to access %resources.", {"resources": resources})


def product_not_found() -> MagentoError:
    return MagentoError(404, PRODUCT_NOT_FOUND)


def entity_not_found() -> MagentoError:
    return MagentoError(404, ENTITY_NOT_FOUND)


def no_such_entity(field: str, value: Any) -> MagentoError:
    return MagentoError(404, NO_SUCH_ENTITY, {"fieldName": field, "fieldValue": value})


def bad_request(message: str, parameters: Parameters = None) -> MagentoError:
    return MagentoError(400, message, parameters)


def required(*fields: str) -> MagentoError:
    """One missing field is reported alone; several are wrapped in an aggregate input error."""
    if len(fields) == 1:
        return MagentoError(400, REQUIRED, {"fieldName": fields[0]})
    return MagentoError(
        400,
        INPUT_ERRORS,
        errors=[{"message": REQUIRED, "parameters": {"fieldName": name}} for name in fields],
    )


def input_errors(errors: list[tuple[str, Parameters]]) -> MagentoError:
    """Several validation problems: one is sent as is, more as `One or more input exceptions...`."""
    if len(errors) == 1:
        message, parameters = errors[0]
        return MagentoError(400, message, parameters)
    return MagentoError(
        400,
        INPUT_ERRORS,
        errors=[
            {"message": message, **({"parameters": parameters} if parameters else {})}
            for message, parameters in errors
        ],
    )
