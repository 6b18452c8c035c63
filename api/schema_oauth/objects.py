"""Small builders of OpenAPI 3.0 objects, for the hand-written OAuth part of the document."""

TAG = "OAuth 2.0"
FORM = "application/x-www-form-urlencoded"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def string(description: str, **extra) -> dict:
    return {"type": "string", "description": description, **extra}


def integer(description: str) -> dict:
    return {"type": "integer", "description": description}


def boolean(description: str) -> dict:
    return {"type": "boolean", "description": description}


def strings(description: str) -> dict:
    return {"type": "array", "items": {"type": "string"}, "description": description}


def body(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


def document(required: list[str], **properties) -> dict:
    """A metadata document: more members may appear as the server grows."""
    return {**body(required, **properties), "additionalProperties": True}


def header(description: str, type_: str = "string") -> dict:
    return {"description": description, "schema": {"type": type_}}


def form(schema: dict, examples: dict | None = None) -> dict:
    media = {"schema": schema}
    if examples:
        media["examples"] = {name: {"value": value} for name, value in examples.items()}
    return {"required": True, "content": {FORM: media}}


def json_response(description: str, schema: str, examples: dict | None = None) -> dict:
    media = {"schema": ref(schema)}
    if examples:
        media["examples"] = {name: {"value": value} for name, value in examples.items()}
    return {"description": description, "content": {"application/json": media}}


def oauth_errors(description: str, codes: dict, headers: dict | None = None) -> dict:
    """An RFC 6749 error response, with one example per error code it may carry."""
    examples = {
        code: {"summary": code, "description": meaning, "value": {"error": code}}
        for code, meaning in codes.items()
    }
    media = {"schema": ref("OAuthError"), "examples": examples}
    response = {"description": description, "content": {"application/json": media}}
    if headers:
        response["headers"] = headers
    return response


def operation(operation_id: str, summary: str, description: str, responses: dict, **extra):
    return {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "tags": [TAG],
        "responses": responses,
        **extra,
    }


def query(name: str, description: str, required: bool = False, **schema) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string", **schema},
    }
