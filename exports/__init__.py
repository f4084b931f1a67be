"""Open data: every public list as CSV and JSON, filtered as the page is (docs/exports.md)."""
