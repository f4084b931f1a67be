from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Read-only API"

    def ready(self):
        # Registers the OpenAPI extension for the library's filters with drf-spectacular.
        from api import schema  # noqa: F401
