def operations(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    return paths["/v1/modules/{module}/records"], paths["/v1/modules/{module}/records/{record_id}"]


def test_the_schema_documents_the_list_parameters_and_page_shape(client, db):
    collection, _ = operations(client)

    parameters = {p["name"]: p for p in collection["get"]["parameters"]}
    assert parameters["limit"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 25,
    }
    assert parameters["cursor"]["in"] == "query"
    assert parameters["module"]["in"] == "path"
    responses = collection["get"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/RecordListResponse"
    )
    assert "400" in responses


def test_the_schema_documents_bodies_and_statuses_of_each_write(client, db):
    collection, single = operations(client)

    assert collection["post"]["requestBody"]["required"] is True
    assert "201" in collection["post"]["responses"]
    assert single["patch"]["requestBody"]["required"] is True
    assert single["patch"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/RecordUpdateRequest"
    )
    assert "204" in single["delete"]["responses"]
    assert {p["name"] for p in single["get"]["parameters"]} == {"module", "record_id"}
