"""The client's address: the one function every limit reads (django-axes through
AXES_CLIENT_IP_CALLABLE, the registration, reset and verification limits, the page-password limit).

Behind TRUSTED_PROXY_COUNT reverse proxies, each of which appends the address it received the
request from to `X-Forwarded-For` (nginx: `proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for;`), the client is the TRUSTED_PROXY_COUNT-th address from the right of
that header: everything to its left was written by the client and may be forged. With 0 trusted
proxies the header is ignored altogether and REMOTE_ADDR is the client.

Why not django-ipware: it counts the proxy that talks to Django as one of the header's entries, so
with the documented single nginx it finds no client at all (axes then falls back to REMOTE_ADDR,
the proxy), and with no proxy count it prefers a header the client can write itself.
"""

import ipaddress

from django.conf import settings


def _valid(candidate: str) -> str | None:
    candidate = candidate.strip()
    if candidate.startswith("[") and "]" in candidate:  # [v6]:port
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # v4:port
        candidate = candidate.split(":")[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_address(request) -> str:
    """The address the request came from, as far as the trusted proxies vouch for it."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or "unknown"
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < proxies:
        # Fewer entries than proxies: the request skipped a proxy (or the proxy is misconfigured).
        # The nearest address we can vouch for is the leftmost one the proxies wrote.
        return (_valid(forwarded[0]) if forwarded else None) or remote
    return _valid(forwarded[-proxies]) or remote


def client_address_for_axes(request) -> str | None:
    """The same address for django-axes, which stores it in an IP-address column: None, not a
    placeholder, when there is none to vouch for (a request built in code, as `force_login` does;
    PostgreSQL's inet type refuses "unknown")."""
    address = client_address(request)
    return None if address == "unknown" else address
