"""A request's own headers can't make its log row, or the change it made, disappear."""

from audit.models import AuditEvent, RequestLog


def test_a_nul_byte_in_the_user_agent_still_leaves_a_log_row(alice, key_client):
    client = key_client(alice)

    response = client.get("/v1/users/me", HTTP_USER_AGENT="evil\x00agent")

    assert response.status_code == 200
    row = RequestLog.objects.get(path="/v1/users/me")
    assert row.user_agent == "evilagent"


def test_a_nul_byte_in_the_user_agent_does_not_fail_a_recorded_change(alice, key_client):
    client = key_client(alice, permissions=["admin"])

    response = client.post(
        "/v1/api-keys",
        {"name": "Made by a hostile agent", "permissions": ["read"]},
        format="json",
        HTTP_USER_AGENT="x\x00y",
    )

    assert response.status_code == 201, response.content
    assert AuditEvent.objects.filter(action="api_key.created", user_agent="xy").exists()
