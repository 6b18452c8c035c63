"""/oauth/userinfo: the ID token's claims, for an access token granted `openid`."""

from accounts.models import Membership

from .conftest import bearer
from .oidc_steps import id_token_response, verified_claims

USERINFO = "/oauth/userinfo"


def test_it_answers_with_the_id_tokens_claims(flow, alice):
    body = id_token_response(flow, alice)
    claims = verified_claims(flow.http, body["id_token"], client_id=flow.app.client_id)

    response = flow.http.get(USERINFO, **bearer(body["access_token"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        key: claims[key] for key in ("sub", "email", "email_verified", "name")
    }
    assert response.json()["sub"] == alice.public_id


def test_it_follows_the_scopes_the_token_holds(flow, alice):
    body = id_token_response(flow, alice, scope="openid profile")

    assert flow.http.get(USERINFO, **bearer(body["access_token"])).json() == {
        "sub": alice.public_id,
        "name": "Alice Owner",
    }


def test_it_answers_post_and_a_trailing_slash_too(flow, alice):
    token = id_token_response(flow, alice, scope="openid")["access_token"]

    assert flow.http.post(USERINFO, **bearer(token)).json() == {"sub": alice.public_id}
    assert flow.http.get(USERINFO + "/", **bearer(token)).json() == {"sub": alice.public_id}


def test_it_refuses_a_request_without_a_token(client, db):
    response = client.get(USERINFO)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_token_granted_without_openid(flow, alice):
    token = flow.tokens_for(alice, scope="read")["access_token"]

    response = flow.http.get(USERINFO, **bearer(token))

    assert response.status_code in (401, 403)
    assert "sub" not in response.content.decode()


def test_it_refuses_the_token_of_a_deactivated_user(flow, alice):
    token = id_token_response(flow, alice)["access_token"]
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    response = flow.http.get(USERINFO, **bearer(token))

    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_it_refuses_the_token_once_the_user_left_its_workspace(flow, bob, workspace):
    token = id_token_response(flow, bob, workspace=workspace)["access_token"]
    Membership.objects.filter(user=bob, workspace=workspace).delete()

    assert flow.http.get(USERINFO, **bearer(token)).status_code == 401


def test_it_counts_as_the_token_being_used(flow, alice):
    from oauthapps.models import AccessToken

    token = id_token_response(flow, alice)["access_token"]

    flow.http.get(USERINFO, **bearer(token))

    assert AccessToken.objects.get().last_used_at is not None


def test_it_reads_the_token_and_the_membership_in_one_query(flow, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token = id_token_response(flow, alice)["access_token"]
    flow.http.get(USERINFO, **bearer(token))  # the first use records itself

    with CaptureQueriesContext(connection) as queries:
        assert flow.http.get(USERINFO, **bearer(token)).status_code == 200

    token_reads = [query["sql"] for query in queries if "oauthapps_accesstoken" in query["sql"]]
    membership_reads = [query["sql"] for query in queries if "accounts_membership" in query["sql"]]
    assert len(token_reads) == 1
    assert membership_reads == token_reads
