from django.conf import settings


def site(request):
    """Site-wide names for the base layout; costs no query."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "COG_NAME": settings.COG_NAME,
        "COG_ABBREVIATION": settings.COG_ABBREVIATION,
        "COG_ADDRESS": settings.COG_ADDRESS,
    }
