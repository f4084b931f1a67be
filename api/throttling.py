import ipaddress

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from portal.security import client_ip


class ClientAddressThrottle(SimpleRateThrottle):
    """At most settings.API_RATE_LIMIT requests per client address, then 429 with Retry-After.

    The address is the one sign-in throttling uses (portal.security.client_ip): behind our
    proxy, the entry it appended to X-Forwarded-For, so a forged header changes nothing. An
    IPv6 client counts as its /64, which one household or device may hold whole.
    """

    scope = "api"

    def get_rate(self):
        # Read at each request rather than once at import (DRF's default): tests change it.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": _client(request)}


def _client(request) -> str:
    address = client_ip(request)
    if address is None:
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address
