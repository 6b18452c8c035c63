"""Small builders of OpenAPI 3.0 objects, for the hand-written OAuth part of the document."""

from typing import Any

# An OpenAPI object as it is written out: JSON, whose members' shapes vary by kind.
JsonObject = dict[str, Any]

TAG = "OAuth 2.0"
FORM = "application/x-www-form-urlencoded"


def ref(name: str) -> JsonObject:
    return {"$ref": f"#/components/schemas/{name}"}


def string(description: str, **extra: Any) -> JsonObject:
    return {"type": "string", "description": description, **extra}


def integer(description: str) -> JsonObject:
    return {"type": "integer", "description": description}


def boolean(description: str) -> JsonObject:
    return {"type": "boolean", "description": description}


def strings(description: str) -> JsonObject:
    return {"type": "array", "items": {"type": "string"}, "description": description}


def body(required: list[str], **properties: Any) -> JsonObject:
    return {"type": "object", "required": required, "properties": properties}


def document(required: list[str], **properties: Any) -> JsonObject:
    """A metadata document: more members may appear as the server grows."""
    return {**body(required, **properties), "additionalProperties": True}


def header(description: str, type_: str = "string") -> JsonObject:
    return {"description": description, "schema": {"type": type_}}


def form(schema: JsonObject, examples: JsonObject | None = None) -> JsonObject:
    media: JsonObject = {"schema": schema}
    if examples:
        media["examples"] = {name: {"value": value} for name, value in examples.items()}
    return {"required": True, "content": {FORM: media}}


def json_response(description: str, schema: str, examples: JsonObject | None = None) -> JsonObject:
    media: JsonObject = {"schema": ref(schema)}
    if examples:
        media["examples"] = {name: {"value": value} for name, value in examples.items()}
    return {"description": description, "content": {"application/json": media}}


def oauth_errors(
    description: str, codes: dict[str, str], headers: JsonObject | None = None
) -> JsonObject:
    """An RFC 6749 error response, with one example per error code it may carry."""
    examples = {
        code: {"summary": code, "description": meaning, "value": {"error": code}}
        for code, meaning in codes.items()
    }
    media = {"schema": ref("OAuthError"), "examples": examples}
    response: JsonObject = {"description": description, "content": {"application/json": media}}
    if headers:
        response["headers"] = headers
    return response


def operation(
    operation_id: str, summary: str, description: str, responses: JsonObject, **extra: Any
) -> JsonObject:
    return {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "tags": [TAG],
        "responses": responses,
        **extra,
    }


def query(name: str, description: str, required: bool = False, **schema: Any) -> JsonObject:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string", **schema},
    }
