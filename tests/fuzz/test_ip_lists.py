"""apikeys.canonical.normalize_networks raises nothing but ValidationError, and what it
returns matches itself through ApiKey.allows_ip."""

import ipaddress

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from apikeys.canonical import normalize_networks
from apikeys.models import ApiKey

addresses = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).map(str)
networks = st.tuples(addresses, st.integers(-5, 140)).map(lambda pair: f"{pair[0]}/{pair[1]}")
entries = st.one_of(
    st.text(),
    addresses,
    networks,
    st.integers(),
    st.none(),
    st.floats(allow_nan=True),
    st.text(alphabet="0123456789abcdef:./%", max_size=45),
)


@given(st.lists(entries, max_size=8))
def test_normalize_networks_raises_only_validation_error(values):
    try:
        result = normalize_networks(values)
    except ValidationError as error:
        assert "allowed_ips" in error.message_dict
        return
    assert all(isinstance(ipaddress.ip_network(cidr), ipaddress._BaseNetwork) for cidr in result)


@given(st.lists(st.one_of(addresses, networks), min_size=1, max_size=4), addresses)
def test_allows_ip_answers_for_any_normalised_list_and_any_address(values, address):
    try:
        allowed = normalize_networks(values)
    except ValidationError:
        return
    key = ApiKey(allowed_ips=allowed)

    assert key.allows_ip(address) in (True, False)
    if allowed:
        first = ipaddress.ip_network(allowed[0]).network_address
        assert key.allows_ip(str(first))


@pytest.mark.parametrize("garbage", ["", "zzz", "1.2.3.4/33"])
def test_allows_ip_refuses_an_address_it_cannot_read(garbage):
    assert ApiKey(allowed_ips=["0.0.0.0/0", "::/0"]).allows_ip(garbage) is False
