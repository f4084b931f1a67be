from functools import wraps

from portal import views


def staff_required(view):
    """Refuse (403) anyone who is not an active staff member; no redirect to a login page.

    The refusal is a response, not an exception: a stranger probing the editor's endpoints is
    logged as one line, not as a traceback.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return views.permission_denied(request)
        return view(request, *args, **kwargs)

    return wrapper
