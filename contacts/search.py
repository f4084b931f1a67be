"""What of the programs, contacts and further resources is searchable."""

from django.db.models import Prefetch

from contacts.models import Contact, Program, Resource
from portal.markdown import plain_text
from search.registry import Searchable, SearchText, register


def _join(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


@register(Program)
class ProgramSearch(Searchable):
    kind = "program"
    order = 50
    related = {"administering_body": {"name", "publication"}}

    def index_queryset(self):
        return Program._base_manager.select_related("administering_body")

    def text(self, program):
        administrator = program.administering_body
        rest = _join(
            plain_text(program.description),
            program.eligibility,
            administrator.name if administrator and administrator.is_published else "",
        )
        return SearchText(_join(program.name, program.acronym), program.summary, rest)


@register(Contact)
class ContactSearch(Searchable):
    kind = "contact"
    order = 60
    related = {"programs": {"name", "acronym", "publication"}}

    def index_queryset(self):
        return Contact._base_manager.prefetch_related("programs")

    def text(self, contact):
        programs = [str(p) for p in contact.programs.all() if p.is_published]
        summary = ", ".join(part for part in (contact.title, contact.organization) if part)
        return SearchText(contact.name, summary, _join(*programs))

    def results_queryset(self):
        return Contact.objects.published().prefetch_related(
            Prefetch("programs", queryset=Program.objects.published())
        )


@register(Resource)
class ResourceSearch(Searchable):
    kind = "resource"
    order = 70

    def text(self, resource):
        return SearchText(resource.title, resource.note, _join(resource.publisher, resource.year))
