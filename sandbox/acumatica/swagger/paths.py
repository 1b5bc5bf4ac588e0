"""The paths of one entity, in the real export's order and with its operationIds."""

from __future__ import annotations

from typing import Any

from ..schema import EntityDef
from .writer import PRECONDITION, Writer


def entity_paths(w: Writer, entity: EntityDef, version: str) -> dict[str, Any]:
    name = entity.name
    me = w.ref(name)
    q = [w.query(k) for k in ("select", "filter", "expand", "custom")]
    invalid = w.response("The data specified in the request is invalid.", w.ref("HttpError"))
    unprocessable = w.response("The data specified in the request is invalid.", me)
    action_responses = {
        "204": w.response(
            "The operation that was initiated by the action is completed.",
            None,
            "A URL that can be used to obtain the processed entity through the GET HTTP method.",
        ),
        "202": w.response(
            "The operation is in progress.",
            None,
            "A URL that can be used to check the status of the operation through the GET HTTP method.",
        ),
        "400": invalid,
        "412": w.response(PRECONDITION, w.ref("HttpError")),
        "422": unprocessable,
    }
    invocation = (
        "invocation",
        "The record to which the action should be applied and the parameters of the action.",
    )
    paths: dict[str, Any] = {}
    for action in entity.actions_in(version):
        paths[f"/{name}/{action.name}"] = {
            "post": w.operation(
                name,
                f"{name}_InvokeAction_{action.name}",
                "Performs an action in the system.",
                [],
                action_responses,
                (*invocation, w.ref(action.name)),
            )
        }
    paths[f"/{name}/{{actionName}}"] = {
        "post": w.operation(
            name,
            f"{name}_InvokeAction_CustomAction",
            "Performs an action in the system.",
            [w.path_parameter("actionName")],
            action_responses,
            (*invocation, w.ref(f"{name}CustomAction")),
        )
    }
    paths[f"/{name}/$adHocSchema"] = {
        "get": w.operation(
            name,
            f"{name}_GetAdHocSchema",
            "Retrieves the schema of custom fields of the entity from the system.",
            [],
            {
                "200": w.response(
                    "The field name, view name, and type of the fields that are not defined in the contract "
                    "of the endpoint for this entity.",
                    me,
                )
            },
        )
    }
    paths[f"/{name}/{{ids}}"] = {
        "get": w.operation(
            name,
            f"{name}_GetByKeys",
            "Retrieves a record by the values of its key fields from the system.",
            [w.path_parameter("ids"), *q],
            {"200": w.response("The requested record.", me)},
        ),
        "delete": w.operation(
            name,
            f"{name}_DeleteByKeys",
            "Deletes the record by the values of its key fields.",
            [w.path_parameter("ids")],
            {"204": w.response("The record is successfully deleted.")},
        ),
    }
    paths[f"/{name}/{{ids}}/files/{{filename}}"] = {
        "put": w.operation(
            name,
            f"{name}_PutFile",
            "Attaches a file to a record.",
            [w.path_parameter("ids"), w.path_parameter("filename")],
            {
                "204": w.response(
                    "The file is successfully attached.",
                    None,
                    "A URL that can be used to retrieve the file from the system.",
                )
            },
        )
    }
    paths[f"/{name}/{{id}}"] = {
        "get": w.operation(
            name,
            f"{name}_GetById",
            "Retrieves a record by the value of the session entity ID from the system.",
            [w.path_parameter("id"), *q],
            {"200": w.response("The requested record.", me)},
        ),
        "delete": w.operation(
            name,
            f"{name}_DeleteById",
            "Deletes the record by its session identifier.",
            [w.path_parameter("id")],
            {"204": w.response("The record is successfully deleted.")},
        ),
    }
    array = {"type": "array", "items": me}
    paths[f"/{name}"] = {
        "get": w.operation(
            name,
            f"{name}_GetList",
            "Retrieves records that satisfy the specified conditions from the system.",
            [*q, w.query("skip"), w.query("top")],
            {"200": w.response("The list of records that satisfy the specified conditions.", array)},
        ),
        "put": w.operation(
            name,
            f"{name}_PutEntity",
            "Creates a record or updates an existing record.",
            q,
            {
                "200": w.response("The created or updated record.", me),
                "400": invalid,
                "412": w.response(PRECONDITION, w.ref("HttpError")),
                "422": unprocessable,
            },
            ("entity", "The record to be passed to the system.", me),
        ),
    }
    return paths
