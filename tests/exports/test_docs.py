from django.conf import settings

from exports.columns import as_markdown
from exports.queries import EXPORTS


def test_docs_describe_every_column_of_every_export():
    docs = (settings.BASE_DIR / "docs" / "exports.md").read_text(encoding="utf-8")
    for kind, export in EXPORTS.items():
        assert f"/{kind}/export.csv" in docs
        assert as_markdown(export.columns) in docs, (
            f"regenerate the {kind} table in docs/exports.md"
        )
