"""The published towns and categories the "Who provides … in …?" form offers: two queries."""

from municipalities.models import BodyKind, PublicBody
from services.models import ServiceCategory


def towns():
    return (
        PublicBody.objects.published()
        .filter(kind=BodyKind.MUNICIPALITY)
        .only("name", "slug")
        .order_by("name", "pk")
    )


def categories():
    return ServiceCategory.objects.published().only("name", "slug").order_by("name", "pk")
