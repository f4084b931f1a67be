"""Document downloads: headers, bytes, the counter, and 404s instead of 500s."""

import pytest

from agreements.models import AgreementDocument
from tests.factories import docx_bytes, make_document, pdf_bytes

pytestmark = pytest.mark.django_db


def url(document):
    return f"/agreements/{document.agreement.slug}/documents/{document.pk}/"


def body(response):
    return b"".join(response.streaming_content)


def test_pdf_download_streams_the_file_as_an_attachment(client, region):
    document = region["document"]
    response = client.get(url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bolton-agreement.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == pdf_bytes()


def test_docx_download_has_the_word_content_type_and_original_name(client, region):
    content = docx_bytes("Model agreement")
    document = make_document(
        region["landfill"], filename="Landfill Model Agreement.docx", content=content
    )
    response = client.get(url(document))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="Landfill Model Agreement.docx"' in response["Content-Disposition"]
    assert body(response) == content


def test_each_client_is_counted_once_a_day(client, region):
    document = region["document"]
    for _ in range(50):
        body(client.get(url(document), REMOTE_ADDR="203.0.113.7"))
    body(client.get(url(document), REMOTE_ADDR="198.51.100.20"))

    document.refresh_from_db()
    assert document.download_count == 2


def test_a_new_day_counts_the_same_client_again_and_forgets_yesterday(client, region, monkeypatch):
    import datetime

    from django.utils import timezone

    from agreements.models import DownloadVisit

    document = region["document"]
    body(client.get(url(document), REMOTE_ADDR="203.0.113.7"))
    yesterday_client = DownloadVisit.objects.get().client
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)

    body(client.get(url(document), REMOTE_ADDR="203.0.113.7"))

    document.refresh_from_db()
    assert document.download_count == 2
    visit = DownloadVisit.objects.get()  # yesterday's row is gone
    assert visit.day == tomorrow
    assert visit.client != yesterday_client  # a new daily key: days cannot be linked
    assert "203.0.113.7" not in visit.client


def test_one_ipv6_network_counts_once_and_no_key_outlives_its_day(client, region, monkeypatch):
    import datetime

    from django.utils import timezone

    from agreements.models import DownloadKey

    document = region["document"]
    for host in range(20):
        body(client.get(url(document), REMOTE_ADDR=f"2001:db8:1:2::{host:x}"))
    document.refresh_from_db()
    assert document.download_count == 1
    first_key = DownloadKey.objects.get().key

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    body(client.get(url(document), REMOTE_ADDR="203.0.113.7"))

    assert list(DownloadKey.objects.values_list("day", flat=True)) == [tomorrow]
    assert DownloadKey.objects.get().key != first_key


def test_a_range_request_is_not_counted(client, region):
    document = region["document"]
    body(client.get(url(document), HTTP_RANGE="bytes=0-99"))

    document.refresh_from_db()
    assert document.download_count == 0


def test_draft_agreement_documents_are_not_downloadable(client, region):
    draft_document = region["draft_document"]
    response = client.get(url(draft_document))
    assert response.status_code == 404
    draft_document.refresh_from_db()
    assert draft_document.download_count == 0


def test_document_of_another_agreement_is_not_found(client, region):
    document = region["document"]
    response = client.get(f"/agreements/{region['landfill'].slug}/documents/{document.pk}/")
    assert response.status_code == 404


def test_missing_file_gives_404_and_is_logged(client, region, caplog):
    document = region["document"]
    document.file.storage.delete(document.file.name)
    with caplog.at_level("ERROR", logger="agreements.views"):
        response = client.get(url(document))
    assert response.status_code == 404
    assert "missing from storage" in caplog.text
    assert AgreementDocument.objects.get(pk=document.pk).download_count == 0


def test_unknown_document_id_is_not_found(client, region):
    response = client.get("/agreements/bolton-regional-building-inspection/documents/999999/")
    assert response.status_code == 404


def test_a_head_request_is_not_counted_as_a_download(client, region):
    document = region["document"]
    response = client.head(url(document))
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.download_count == 0


def test_posting_to_a_download_is_not_allowed(client, region):
    response = client.post(url(region["document"]))
    assert response.status_code == 405
