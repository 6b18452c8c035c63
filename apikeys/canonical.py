"""What a person may set on a key, in the one form every path stores: the pages,
/v1/api-keys, the command line and the model's own validation all call these."""

import ipaddress
from collections.abc import Iterable

from django.core.exceptions import ValidationError

PERMISSIONS = ("read", "write", "delete", "admin")
# Every request with a key checks its address against each entry: keep the list short.
MAX_NETWORKS = 100
TOO_MANY_NETWORKS = f"List at most {MAX_NETWORKS} addresses or ranges; a wider range covers more."


def normalize_permissions(values: Iterable[str]) -> list[str]:
    """Known permissions, in canonical order; `admin` implies the other three."""
    chosen = set(values)
    unknown = chosen - set(PERMISSIONS)
    if unknown:
        raise ValidationError(
            {
                "permissions": f"Unknown permission: {', '.join(sorted(unknown))}. "
                f"Choose from {', '.join(PERMISSIONS)}."
            }
        )
    if not chosen:
        raise ValidationError({"permissions": "Choose at least one permission."})
    if "admin" in chosen:
        chosen = set(PERMISSIONS)
    return [p for p in PERMISSIONS if p in chosen]


def normalize_networks(values: Iterable[str]) -> list[str]:
    """Addresses and CIDRs, IPv4 or IPv6, in canonical form; one message per bad entry."""
    networks: list[str] = []
    errors: list[str] = []
    for raw in values:
        text = str(raw).strip()
        if not text:
            continue
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            errors.append(
                f"“{text}” is not an IP address or CIDR range (e.g. 203.0.113.7 or 2001:db8::/32)."
            )
            continue
        if str(network) not in networks:
            networks.append(str(network))
    if len(networks) > MAX_NETWORKS:
        errors.append(TOO_MANY_NETWORKS)
    if errors:
        raise ValidationError({"allowed_ips": errors})
    return networks
