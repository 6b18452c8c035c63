import ipaddress

import pytest
from rest_framework.test import APIClient


def call(raw, remote, **headers):
    return APIClient().get(
        "/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR=remote, **headers
    )


def assert_ip_refused(response):
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "ip_not_allowed"
    assert error["status"] == 403


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


def test_a_key_without_restrictions_works_from_anywhere(alice, make_key):
    _, raw = make_key(alice)

    assert call(raw, "203.0.113.50").status_code == 200
    assert call(raw, "2001:db8::1").status_code == 200


def test_an_ipv4_address_allows_only_itself(alice, make_key):
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    assert call(raw, "203.0.113.7").status_code == 200
    assert_ip_refused(call(raw, "203.0.113.8"))


def test_a_cidr_allows_its_range(alice, make_key):
    _, raw = make_key(alice, allowed_ips=["198.51.100.0/24"])

    assert call(raw, "198.51.100.200").status_code == 200
    assert_ip_refused(call(raw, "198.51.101.1"))


def test_ipv6_addresses_and_ranges(alice, make_key):
    _, raw = make_key(alice, allowed_ips=["2001:db8:1::/48", "2001:db8:9::5"])

    assert call(raw, "2001:db8:1:ffff::1").status_code == 200
    assert call(raw, "2001:db8:9::5").status_code == 200
    assert_ip_refused(call(raw, "2001:db8:2::1"))
    assert_ip_refused(call(raw, "203.0.113.7"))


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_X_FORWARDED_FOR": "203.0.113.7"},
        {"HTTP_X_REAL_IP": "203.0.113.7"},
        {"HTTP_FORWARDED": "for=203.0.113.7"},
    ],
)
def test_forwarding_headers_from_an_untrusted_peer_are_ignored(alice, make_key, header):
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    assert_ip_refused(call(raw, "192.0.2.66", **header))


def test_a_trusted_proxy_passes_on_the_client_address(alice, make_key, behind_proxy):
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    assert call(raw, "10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    assert call(raw, "10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.9.9.9").status_code == 200


def test_a_client_cannot_spoof_through_a_trusted_proxy(alice, make_key, behind_proxy):
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    # The proxy appends the real peer; what the client wrote to the left proves nothing.
    response = call(raw, "10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.7, 192.0.2.66")

    assert_ip_refused(response)
    assert "192.0.2.66" in response.json()["error"]["message"]


def test_x_real_ip_is_not_believed_even_from_a_trusted_proxy(alice, make_key, behind_proxy):
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    assert_ip_refused(call(raw, "10.1.2.3", HTTP_X_REAL_IP="203.0.113.7"))


def test_an_ip_refusal_is_not_an_invalid_key(alice, make_key):
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    response = call(raw, "192.0.2.1")

    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This API key may not be used from 192.0.2.1."
