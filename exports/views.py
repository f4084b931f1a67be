import itertools

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from exports.queries import EXPORTS
from exports.writers import FORMATS


@require_safe
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
