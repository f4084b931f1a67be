from django.apps import AppConfig


class LinkcheckConfig(AppConfig):
    name = "linkcheck"
    verbose_name = "Link checks"
    default_auto_field = "django.db.models.BigAutoField"
