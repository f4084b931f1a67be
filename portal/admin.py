from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from markdownx.admin import MarkdownxModelAdmin

from portal.dashboard import attention
from portal.history import HistoryAdmin, bulk_history_create
from portal.models import PublicationStatus, SitePage
from search.indexing import enqueue_changed, enqueue_showing, showing
from sources.admin import CitedAdminMixin, CitesSourceFilter


def _publishable(modeladmin, request, queryset):
    """The chosen rows that may be published; the others are named, with what they lack."""
    ready, refused = [], []
    for obj in queryset:
        problems = obj.publication_problems()
        (refused if problems else ready).append((obj, problems))
    for obj, problems in refused[:10]:
        modeladmin.message_user(
            request, f"“{obj}” stays a draft: {'; '.join(problems)}.", messages.ERROR
        )
    if len(refused) > 10:
        modeladmin.message_user(
            request, f"{len(refused) - 10} more stay drafts for the same reasons.", messages.ERROR
        )
    return queryset.model._default_manager.filter(pk__in=[obj.pk for obj, _ in ready])


def _set_publication(modeladmin, request, queryset, state, done):
    """Change the state of the chosen rows, then tell search (update() sends no signals).

    Search indexes them, and what shows their names, once when the transaction commits.

    The rows are pinned by id first: a changelist filtered by publication state would no longer
    match them after the update, and the reindex would silently miss them.
    """
    ids = list(queryset.values_list("pk", flat=True))
    chosen = queryset.model._default_manager.filter(pk__in=ids)
    count = chosen.update(publication=state)
    if hasattr(queryset.model, "history"):
        # update() writes no history: one version per row, as a save from the form would.
        bulk_history_create(queryset.model, chosen, request.user, f"{capfirst(done)} from the list")
    enqueue_changed(chosen)
    noun = (
        queryset.model._meta.verbose_name
        if count == 1
        else queryset.model._meta.verbose_name_plural
    )
    modeladmin.message_user(request, f"{count} {noun} {done}.", messages.SUCCESS)


# Changing the state is a change: staff who may only view (to preview drafts) cannot.
@admin.action(description="Publish the selected items", permissions=["change"])
def publish(modeladmin, request, queryset):
    chosen = queryset.prefetch_related(*getattr(modeladmin, "publication_prefetch", ()))
    ready = _publishable(modeladmin, request, chosen)
    if ready.exists():
        _set_publication(modeladmin, request, ready, PublicationStatus.PUBLISHED, "published")


@admin.action(description="Unpublish the selected items (back to draft)", permissions=["change"])
def unpublish(modeladmin, request, queryset):
    _set_publication(modeladmin, request, queryset, PublicationStatus.DRAFT, "moved back to draft")


class PublishableAdmin(HistoryAdmin, MarkdownxModelAdmin):
    """Markdown editor with live preview, the publish/unpublish bulk actions, and history."""

    class Media:
        css = {"all": ["css/admin.css"]}  # forms that fit the window
        js = ["js/admin-a11y.js"]  # names for the autocomplete widgets

    # A web address typed without a scheme means https (Django 6's default, chosen now).
    formfield_overrides = {
        **MarkdownxModelAdmin.formfield_overrides,
        models.URLField: {"assume_scheme": "https"},
    }
    actions = [publish, unpublish]
    save_on_top = True
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        # Whether the public could see it before this change: see _keep_incomplete_as_draft.
        obj._was_published = (
            change
            and type(obj)
            ._base_manager.filter(pk=obj.pk, publication=PublicationStatus.PUBLISHED)
            .exists()
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Inlines of an automatic many-to-many table (a program's contacts) save rows that
        # send no signals: search re-indexes what showed the object before and shows it now.
        before = showing(form.instance) if change else {}
        super().save_related(request, form, formsets, change)
        enqueue_showing(form.instance, before)
        self._keep_incomplete_as_draft(request, form.instance)

    def _keep_incomplete_as_draft(self, request, obj):
        """Publishing something incomplete saves the work, as a draft, and says what is missing.

        Checked once the inlines are saved, since the rules read parties and sources.
        """
        if not obj.is_published:
            return
        problems = obj.publication_problems()
        if not problems:
            return
        obj.publication = PublicationStatus.DRAFT
        obj._change_reason = "Kept as a draft: not ready to publish"
        obj.save(update_fields=["publication", "updated_at"])
        request._kept_as_draft = True
        missing = "; ".join(problems)
        if getattr(obj, "_was_published", False):
            message = (
                f"Your changes are saved, and they took “{obj}” off the public site: it is a "
                f"draft again until you {missing}, and publish it again."
            )
        else:
            message = f"Your changes are saved, but “{obj}” stays a draft until you {missing}."
        self.message_user(request, message, messages.ERROR)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_kept_as_draft", False):
            return self._back_to_the_form(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "_kept_as_draft", False):
            return self._back_to_the_form(request, obj)
        return super().response_change(request, obj)

    def _back_to_the_form(self, request, obj):
        opts = obj._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def view_on_site(self, obj):
        # Drafts too: staff preview them on their public page (portal.preview).
        return obj.get_absolute_url() if obj.is_published or obj.previewable else None


class LabelledInlineFormSet(BaseInlineFormSet):
    """Names each row's Delete checkbox, which a tabular inline shows under a column heading."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.setdefault("aria-label", "Delete this row")


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose controls carry their column's name for screen readers.

    Django's tabular inlines show labels only as column headings, which assistive technology does
    not tie to the inputs (axe: "Form elements must have labels").
    """

    formset = LabelledInlineFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", capfirst(formfield.label))
        return formfield


@admin.register(SitePage)
class SitePageAdmin(CitedAdminMixin, PublishableAdmin):
    list_display = ["title", "slug", "order", "cites_source", "publication", "updated_at"]
    list_editable = ["order"]
    list_filter = ["publication", CitesSourceFilter]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sources"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "order", "publication"]}),
        CitedAdminMixin.cited_fieldset,
    ]


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results labelled by the model admin's `autocomplete_label(obj)`, if any:
    "Tolland — Municipality (town or city), Tolland County" tells two similar names apart."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


def autocomplete_view(request):
    return LabelledAutocompleteJsonView.as_view(admin_site=admin.site)(request)


# Set before the admin's URLs are built (the URLconf loads after every app's admin module).
admin.site.autocomplete_view = autocomplete_view


def index_with_attention(request, extra_context=None):
    """The admin's index, with what needs attention above the list of models (portal.dashboard)."""
    context = {"attention": attention(admin.site, request), **(extra_context or {})}
    return _plain_index(request, context)


_plain_index = admin.site.index
admin.site.index = index_with_attention
admin.site.index_template = "admin/index_with_attention.html"

admin.site.site_header = "Shared Services portal: staff admin"
admin.site.site_title = "Shared Services admin"
admin.site.index_title = "Curate the portal"
