"""Staff preview drafts on their real public pages; the public never sees them.

Every public view starts from `published()`. A detail view that also lets staff preview a draft
starts from `visible_to(request, queryset)` instead, and mixes in `PreviewMixin`, which marks
the page "Draft — not public", keeps it out of caches and search engines. What a draft page
links to (its parties, categories…) still shows only if published: the preview is the page as
the public will see it on publication.
"""

from django.utils.cache import add_never_cache_headers, patch_vary_headers


def may_preview(request, model) -> bool:
    """Staff who may view the model in the admin. Reads the session only if there is one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def visible_to(request, queryset):
    """`published()` for the public; drafts too for staff who may preview them."""
    return queryset if may_preview(request, queryset.model) else queryset.published()


class PreviewMixin:
    """For a DetailView whose queryset comes from visible_to(): banner, no cache, no index."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=not self.object.is_published, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["Cookie"])
        if context.get("preview"):
            add_never_cache_headers(response)  # private, no-store: never in a shared cache
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
