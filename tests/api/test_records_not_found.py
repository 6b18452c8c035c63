CONTACTS = "/v1/modules/contacts/records"


def assert_not_found(response, message):
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": message, "status": 404}}


def test_an_unknown_module_is_404_for_every_method(live_api):
    url = "/v1/modules/invoices/records"

    assert_not_found(live_api.get(url), "Module not found")
    assert_not_found(live_api.post(url, {"fields": {}}, format="json"), "Module not found")
    assert_not_found(live_api.get(f"{url}/rec_123"), "Module not found")
    assert_not_found(
        live_api.patch(f"{url}/rec_123", {"fields": {}}, format="json"), "Module not found"
    )
    assert_not_found(live_api.delete(f"{url}/rec_123"), "Module not found")


def test_an_unknown_record_is_404(live_api):
    url = f"{CONTACTS}/rec_doesNotExist0000000"

    assert_not_found(live_api.get(url), "Record not found")
    assert_not_found(live_api.patch(url, {"fields": {}}, format="json"), "Record not found")
    assert_not_found(live_api.delete(url), "Record not found")


def test_another_workspaces_record_is_404_and_stays_unchanged(
    live_api, create_record, charlie, key_client
):
    record = create_record(live_api, {"name": "Ada"})
    url = f"{CONTACTS}/{record['id']}"
    outsider = key_client(charlie, permissions=["admin"])

    assert_not_found(outsider.get(url), "Record not found")
    assert_not_found(
        outsider.patch(url, {"fields": {"name": "Eve"}}, format="json"), "Record not found"
    )
    assert_not_found(outsider.delete(url), "Record not found")
    assert outsider.get(CONTACTS).json()["data"] == []
    assert live_api.get(url).json()["data"] == record


def test_a_record_belongs_to_its_module(alice, live_api, create_record):
    from api.models import Module

    Module.objects.create(workspace=alice.workspaces.get(), slug="deals", name="Deals")
    record = create_record(live_api, {"name": "Ada"})

    assert_not_found(live_api.get(f"/v1/modules/deals/records/{record['id']}"), "Record not found")
    assert live_api.get("/v1/modules/deals/records").json()["data"] == []


def test_a_missing_module_or_record_is_404_even_with_a_bad_body(live_api):
    bad = {"fields": ["not", "an", "object"]}

    assert live_api.post("/v1/modules/invoices/records", bad, format="json").status_code == 404
    assert live_api.patch(f"{CONTACTS}/rec_unknown", bad, format="json").status_code == 404
    assert live_api.get("/v1/modules/invoices/records", {"limit": 0}).status_code == 404
