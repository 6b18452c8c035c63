"""IPv4 clients of a dual-stack listener arrive as `::ffff:203.0.113.7`: the same client."""

import ipaddress

import pytest
from rest_framework.test import APIClient

from apikeys.models import ApiKey


def call(raw, remote, **headers):
    return APIClient().get(
        "/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR=remote, **headers
    )


def test_a_mapped_address_matches_an_ipv4_entry(alice, make_key):
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    assert call(raw, "::ffff:203.0.113.7").status_code == 200
    assert call(raw, "::ffff:203.0.113.8").status_code == 403


def test_a_mapped_address_matches_an_ipv4_range(alice, make_key):
    _, raw = make_key(alice, allowed_ips=["198.51.100.0/24"])

    assert call(raw, "::FFFF:198.51.100.42").status_code == 200
    assert call(raw, "::ffff:c633:642a").status_code == 200  # the same address in hex


def test_a_mapped_range_entry_matches_plain_ipv4_clients(alice, make_key):
    _, raw = make_key(alice, allowed_ips=["::ffff:10.0.0.0/104"])

    assert call(raw, "10.1.2.3").status_code == 200
    assert call(raw, "11.1.2.3").status_code == 403


def test_a_mapped_address_is_recorded_as_ipv4(alice, make_key):
    key, raw = make_key(alice)

    call(raw, "::ffff:203.0.113.7")

    key.refresh_from_db()
    assert key.last_used_ip == "203.0.113.7"


def test_a_mapped_hop_behind_a_trusted_proxy_is_ipv4(alice, make_key, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    response = call(raw, "::ffff:10.0.0.1", HTTP_X_FORWARDED_FOR="::ffff:203.0.113.7")

    assert response.status_code == 200


def test_plain_ipv6_does_not_match_ipv4_entries(alice, make_key):
    _, raw = make_key(alice, allowed_ips=["203.0.113.7"])

    assert call(raw, "2001:db8::cb00:7107").status_code == 403


@pytest.mark.parametrize("ip", ["not an address", "", "::ffff:999.1.1.1"])
def test_an_unparseable_address_is_simply_not_allowed(ip):
    assert ApiKey(allowed_ips=["0.0.0.0/0"]).allows_ip(ip) is False
