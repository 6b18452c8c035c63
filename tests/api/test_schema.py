def test_the_schema_documents_bearer_auth_and_the_error_envelope(client, db):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    me = schema["paths"]["/v1/users/me"]["get"]
    assert {"bearer": []} in me["security"]
    assert me["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/Error"
    )
    assert "error" in schema["components"]["schemas"]["Error"]["properties"]


def test_the_docs_page_serves_its_assets_locally(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert "cdn" not in response.text.lower()
    assert "/static/drf_spectacular_sidecar/" in response.text


def test_the_docs_page_allows_only_its_own_inline_styles(client, db):
    response = client.get("/api/docs/")

    csp = response.headers["Content-Security-Policy"]
    style_src = next(part for part in csp.split(";") if part.strip().startswith("style-src"))
    assert "'sha256-" in style_src
    assert "unsafe-inline" not in csp
