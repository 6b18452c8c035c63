import ipaddress

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _trusted(address: IPAddress) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client, as far as it can be believed (see compute_client_ip).

    A /v1 request computed it once into its account (api.account); anything
    else computes it again, which costs a header parse.
    """
    account = getattr(request, "account", None)
    if account is not None:
        computed: str | None = account.client_ip
        return computed
    return compute_client_ip(request)


def compute_client_ip(request: HttpRequest) -> str | None:
    """`REMOTE_ADDR`, unless that peer is a proxy listed in TRUSTED_PROXIES: then
    the right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
    Entries left of it were written by the client and prove nothing, and
    `X-Real-IP` / `Forwarded` are never read.
    """
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address is not None and settings.TRUSTED_PROXIES and _trusted(address):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed(hops):
            hop_address = _parse(hop)
            if hop_address is None:
                break  # a malformed hop: trust nothing further left
            address = hop_address
            if not _trusted(hop_address):
                break
    return str(address) if address is not None else None


def _parse(value: str) -> IPAddress | None:
    try:
        return canonical_ip(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def canonical_ip(address: IPAddress) -> IPAddress:
    """An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) as the IPv4 address it is.

    A dual-stack socket reports IPv4 clients that way; normalised once here,
    they match IPv4 allow-lists, rate-limit buckets and logs like any other.
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


MAPPED_IPV4 = ipaddress.IPv6Network("::ffff:0:0/96")


def canonical_network(cidr: str) -> IPNetwork:
    """An allow-list entry, with an IPv4-mapped IPv6 range (`::ffff:10.0.0.0/104`)
    written as the IPv4 range it covers, so it matches canonical client addresses."""
    network = ipaddress.ip_network(cidr, strict=False)
    if isinstance(network, ipaddress.IPv6Network) and network.subnet_of(MAPPED_IPV4):
        first = network.network_address.ipv4_mapped  # never None inside the mapped range
        if first is not None:
            return ipaddress.IPv4Network((first, network.prefixlen - 96), strict=False)
    return network
