from functools import wraps

from django.core.exceptions import PermissionDenied


def staff_required(view):
    """Refuse (403) anyone who is not an active staff member; no redirect to a login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            raise PermissionDenied("Staff only.")
        return view(request, *args, **kwargs)

    return wrapper
