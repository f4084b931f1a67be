from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "drafting"
    verbose_name = "Draft-agreement builder"
    default_auto_field = "django.db.models.BigAutoField"
