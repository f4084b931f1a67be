"""Who is asking: the client's address, trusting a forwarded header only from our own proxy."""

import ipaddress

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The client's IP address for login throttling (django-axes) and download counting.

    Behind the documented reverse proxy (TRUSTED_PROXY_COUNT = 1) the address is the last one
    the proxy appended to X-Forwarded-For: anything before it was written by the client and
    can be forged. Without a trusted proxy, X-Forwarded-For is ignored entirely.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count and _is_address(forwarded[-count]):
            return forwarded[-count]
    address = request.META.get("REMOTE_ADDR")
    return address if _is_address(address) else None


def _is_address(text) -> bool:
    """Only a bare IP address is an address ("unknown" or "1.2.3.4:80" made PostgreSQL fail)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (429), in the site's words and layout."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
