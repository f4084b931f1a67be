"""What every response under /api/ shares, whether a view or Django itself answered."""

from django.utils.cache import get_conditional_response, set_response_etag

from api import problems

PREFIX = "/api/"


class APIMiddleware:
    """Under /api/: every error a problem document, ETags with conditional GET, and CORS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(PREFIX):
            return response
        if response.status_code >= 400 and not problems.is_problem(response):
            # Django's own pages: an unknown address, a 500, the database's 503.
            problems.rewrite_as_problem(response)
        elif request.method in ("GET", "HEAD") and response.status_code == 200:
            response = self._conditional(request, response)
        self._cors(request, response)
        return response

    def _conditional(self, request, response):
        """A strong ETag from the body's hash; 304 when the client's copy is current."""
        if response.streaming:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        if conditional.status_code == 412:  # If-Match failed: an error, so a problem too
            problems.rewrite_as_problem(conditional)
        return conditional

    def _cors(self, request, response):
        """Anyone's script may read the API (no credentials: it has none to give)."""
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Link, Retry-After"
        if request.method == "OPTIONS":
            # A preflight: a cross-site GET with If-None-Match is not a "simple" request.
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
