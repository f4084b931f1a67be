"""Gzip for text only: HTML, CSS, JSON, XML, CSV, SVG. Uploaded PDFs and Word files are
compressed already, and a partial response (206, a range of a file) must stay byte for byte
what the range asked for."""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/problem+json",
    "application/xml",
    "application/atom+xml",
    "application/javascript",
    "application/vnd.oai.openapi",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.status_code == 206 or not response.get("Content-Type", "").startswith(
            COMPRESSIBLE
        ):
            return response
        return super().process_response(request, response)
