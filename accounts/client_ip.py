import ipaddress

from django.conf import settings


def _trusted(address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request) -> str | None:
    """The address of the client, as far as it can be believed.

    `REMOTE_ADDR`, unless that peer is a proxy listed in TRUSTED_PROXIES: then
    the right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
    Entries left of it were written by the client and prove nothing, and
    `X-Real-IP` / `Forwarded` are never read. Computed once per request.
    """
    cached = getattr(request, "_client_ip", None)
    if cached is not None:
        return cached or None
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
    result = str(address) if address is not None else ""
    request._client_ip = result
    return result or None


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None
