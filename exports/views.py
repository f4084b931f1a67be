import hashlib
import itertools

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import condition, require_safe

from exports.queries import EXPORTS
from exports.writers import FORMATS
from portal import pagecache


def _etag(request, kind, extension):
    """The file is the same while the content version (bumped by any change to content), the
    address (query and host: the file holds absolute links) and the date (in its name) are:
    a revalidation answers 304 without reading a row. None when the cache cannot say."""
    try:
        version = pagecache.content_version()
    except Exception:  # the cache is down: no ETag, the file is made afresh
        return None
    address = f"{request.get_host()}{request.get_full_path()}|{timezone.localdate()}"
    return hashlib.sha256(f"{version}|{address}".encode()).hexdigest()[:32]


@require_safe
@condition(etag_func=_etag)
def download(request, kind, extension):
    """Stream a list as a file: only published rows, filtered and ordered as its page shows."""
    export = EXPORTS[kind]
    write, content_type = FORMATS[extension]
    pieces = write(export.columns, export.rows(request.GET), request.build_absolute_uri)
    # The first piece is written here, in the view, so that a database error on the first
    # query gets the site's 503 page rather than a file cut off after its headers.
    first = next(pieces)
    response = StreamingHttpResponse(itertools.chain([first], pieces), content_type=content_type)
    filename = f"{kind}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
