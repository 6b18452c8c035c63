from unittest import mock

from django.db import OperationalError, connection


def test_it_is_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_is_503_when_the_database_fails(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert response.json()["error"]["status"] == 503
