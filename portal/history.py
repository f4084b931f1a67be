"""History that loses nothing (django-simple-history): who changed what, when, and why.

Every content model keeps a `history` (HistoricalRecords). Its admin mixes in `HistoryAdmin`:
- each form asks for an optional reason, stored with the change;
- "History" lists every version with its author, date, reason and what changed, and any
  version can be restored (the object's form, filled from that version: save to restore);
- "Deleted" lists what was deleted, each recoverable the same way.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

REASON_HELP = "Optional: why, for the record, e.g. “Corrected the start year from the minutes”."


class ReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for this change", required=False, max_length=100, help_text=REASON_HELP
    )


class HistoryAdmin(SimpleHistoryAdmin):
    form = ReasonForm
    change_list_template = "admin/history_change_list.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {name for _, options in fieldsets for name in _flatten(options["fields"])}
        if "change_reason" not in named:
            fieldsets.append(("Record of this change", {"fields": ["change_reason"]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def get_urls(self):
        deleted = self.admin_site.admin_view(self.deleted_view)
        return [path("deleted/", deleted, name=self._url_name("deleted")), *super().get_urls()]

    def _url_name(self, view: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{view}"

    def changelist_view(self, request, extra_context=None):
        extra = {"deleted_url": reverse(f"admin:{self._url_name('deleted')}")}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def deleted_view(self, request):
        """What was deleted and is not back: the last version of each, to restore."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        history = self.model.history
        existing = self.model._base_manager.values("pk")
        records = (
            history.filter(history_type="-")
            .exclude(**{f"{self.model._meta.pk.attname}__in": existing})
            .select_related("history_user")
            .order_by("-history_date")[:200]
        )
        pk_name = self.model._meta.pk.attname
        rows = []
        for record in records:
            before = record.prev_record  # the state to restore
            if before is not None:
                url = reverse(
                    f"admin:{self._url_name('simple_history')}",
                    args=[getattr(record, pk_name), before.history_id],
                )
                rows.append((record, url))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Deleted {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/history_deleted.html", context)


def _flatten(fields):
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


def bulk_history_create(model, queryset, user, reason: str) -> None:
    """A version for each of these rows as they are now (after a bulk update)."""
    model.history.bulk_history_create(
        list(queryset), default_user=user, default_change_reason=reason, update=True
    )
