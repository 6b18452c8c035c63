"""A redirect URI that is not registered exactly is refused, and never redirected to."""

import pytest

from oauthapps.models import Grant

REGISTERED = "https://app.example.com/callback"


@pytest.mark.parametrize(
    "asked",
    [
        "https://app.example.com/callback/evil",  # path
        "https://app.example.com/other",  # path
        "https://app.example.com/callback?next=https://evil.example",  # query
        "https://app.example.com/callback?",  # empty query
        "http://app.example.com/callback",  # scheme
        "https://evil.example/callback",  # host
        "https://app.example.com.evil.example/callback",  # host
        "https://app.example.com:8443/callback",  # port
        "https://user@app.example.com/callback",  # credentials
        "https://app.example.com/callback#fragment",
    ],
)
def test_a_mismatched_redirect_uri_gets_an_error_page_not_a_redirect(flow, alice, asked):
    page = flow.consent_page(alice, redirect_uri=asked)

    assert page.status_code == 400
    assert not page.has_header("Location")
    assert "This authorization link can" in page.content.decode()
    assert not Grant.objects.exists()


def test_an_unknown_client_gets_an_error_page_not_a_redirect(flow, alice):
    page = flow.consent_page(alice, client_id="nope")

    assert page.status_code in (400, 401)
    assert not page.has_header("Location")


def test_a_loopback_redirect_may_use_any_port(make_app, make_flow, developer, alice):
    app, secret = make_app(developer, redirect_uris="http://127.0.0.1/callback")
    flow = make_flow(app, secret)

    code = flow.code_for(alice, redirect_uri="http://127.0.0.1:51234/callback")

    response = flow.exchange(code, redirect_uri="http://127.0.0.1:51234/callback")
    assert response.status_code == 200


def test_the_code_exchange_needs_the_same_redirect_uri(make_app, make_flow, developer, alice):
    app, secret = make_app(developer, redirect_uris=f"{REGISTERED} https://app.example.com/two")
    flow = make_flow(app, secret)
    code = flow.code_for(alice, redirect_uri=REGISTERED)

    response = flow.exchange(code, redirect_uri="https://app.example.com/two")

    assert response.status_code == 400
    assert response.json()["error"] in ("invalid_grant", "invalid_request")
