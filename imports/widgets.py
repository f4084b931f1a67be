"""How an import reads each kind of cell: text in, a value out, or a ValueError whose message
(the resource puts the line and column before it) tells staff what to fix.

Cells are read as the exports write them (exports.columns): lists separated by `;`, parties as
`body-slug (role)`, savings claims as `_saving_text` writes them, and a leading apostrophe that
made a cell spreadsheet-safe dropped again.
"""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from import_export.widgets import Widget

from agreements.models import Party, PartyRole, SavingsClaim, SavingsKind, SavingsPeriod
from exports.writers import FORMULA_STARTS


def cell_text(value) -> str:
    """The cell as text, trimmed, without the apostrophe an export puts before `=`, `+`…"""
    text = "" if value is None else str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:].strip()
    return text


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:40]}…"


def _listed(values) -> str:
    return ", ".join(f"“{_short(value)}”" for value in values)


class Text(Widget):
    """Plain text. A cell that a spreadsheet would run as a formula is refused, not stored."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text.startswith("=") and not str(value).strip().startswith("'"):
            raise ValueError(
                f"“{_short(text)}” would run as a formula in a spreadsheet. Type the value "
                "itself, or put an apostrophe before the “=” to keep it as text."
            )
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class Key(Widget):
    """The column that finds an existing row (a slug or an address). Never refuses a cell:
    import-export reads every key before any row is checked; the model's own validation
    then says what is wrong with a bad one."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class Choice(Text):
    """One of a model's choices, by its code (`active`, `lead_municipality`…)."""

    def __init__(self, choices, empty=""):
        self.choices, self.empty = choices, empty

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        if not text:
            return self.empty
        if text not in self.choices.values:
            raise ValueError(f"“{_short(text)}” is not one of {', '.join(self.choices.values)}.")
        return text


class Year(Text):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        if not text:
            return None
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError(f"“{_short(text)}” is not a four-digit year.")
        return int(text)


class Date(Text):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        if not text:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{_short(text)}” is not a date written YYYY-MM-DD.") from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class YesNo(Text):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value).lower()
        if text not in ("yes", "no"):
            raise ValueError(
                f"“{_short(text)}” should be yes or no." if text else "write yes or no."
            )
        return text == "yes"

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class Lookup:
    """Finds rows by slug (or address), all those a file names in one query (`prime`)."""

    def __init__(self, model, key="slug", key_label="slug"):
        self.model, self.key, self.key_label = model, key, key_label
        self.found = {}

    def prime(self, values) -> None:
        wanted = sorted(set(values) - set(self.found))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for obj in self.model._base_manager.filter(**{f"{self.key}__in": chunk}):
                self.found[getattr(obj, self.key)] = obj

    def many(self, values: list[str]) -> list:
        self.prime(values)
        missing = [value for value in values if value not in self.found]
        if len(missing) == 1:
            label = self.model._meta.verbose_name
            raise ValueError(f"there is no {label} with {self.key_label} “{missing[0]}”.")
        if missing:
            label, plural = self.model._meta.verbose_name_plural, _plural(self.key_label)
            raise ValueError(f"there are no {label} with the {plural} {_listed(missing)}.")
        return [self.found[value] for value in values]


def _plural(noun: str) -> str:
    return f"{noun}es" if noun.endswith("s") else f"{noun}s"


# Values in a list cell are separated by "; ". Slugs never hold a ";", so a bare ";" separates
# them too; an address may (https://…?a=1;b=2), but never a space, so it needs the space.
SEPARATORS = {"slug": re.compile(r"\s*;\s*"), "address": re.compile(r";\s+")}


def split_list(text: str, key_label="slug") -> list[str]:
    """The values of a cell that lists several (repeats dropped)."""
    values = (value.strip() for value in SEPARATORS[key_label].split(text))
    return list(dict.fromkeys(value for value in values if value))


class Related(Text):
    """A foreign key, named by slug; empty for none."""

    def __init__(self, model, key="slug", key_label="slug"):
        self.lookup = Lookup(model, key, key_label)

    def keys(self, text: str) -> list[str]:
        return [text.strip()] if text.strip() else []

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        return self.lookup.many([text])[0] if text else None


class RelationWidget(Text):
    """A cell naming rows related to this one, saved once the row itself is (it needs its id).

    `current` and `wanted` are read before the row is saved (from what the resource's queryset
    prefetched; nothing for a new row), compared, and handed to `save` if they differ. `wanted`
    keeps links to drafts that the cell does not name: the public export leaves drafts out, so
    importing an export back must not take them away unseen.
    """

    lookup: Lookup

    def keys(self, text: str) -> list[str]:
        """The slugs (or addresses) the cell names, read loosely, to find them in one query."""
        return split_list(text, self.lookup.key_label)

    def current(self, instance):
        """What is stored now, in a form `wanted` can be compared with."""
        raise NotImplementedError

    def wanted(self, instance, parsed):
        """What `save` will store, in the form `current` returns."""
        raise NotImplementedError

    def save(self, instance, parsed, current, wanted) -> None:
        raise NotImplementedError


def _is_draft(obj) -> bool:
    return getattr(obj, "is_published", True) is False


class RelatedList(RelationWidget):
    """A many-to-many field, as slugs (or addresses) separated by `; `."""

    def __init__(self, model, name, key="slug", key_label="slug"):
        self.name, self.lookup = name, Lookup(model, key, key_label)

    def clean(self, value, row=None, **kwargs):
        return self.lookup.many(split_list(super().clean(value), self.lookup.key_label))

    def current(self, instance):
        if instance.pk is None:
            return frozenset()
        return frozenset(obj.pk for obj in getattr(instance, self.name).all())

    def wanted(self, instance, parsed):
        kept = set()
        if instance.pk is not None:
            kept = {obj.pk for obj in getattr(instance, self.name).all() if _is_draft(obj)}
        return frozenset(obj.pk for obj in parsed) | kept

    def save(self, instance, parsed, current, wanted) -> None:
        manager = getattr(instance, self.name)
        if current - wanted:
            manager.remove(*(current - wanted))
        if wanted - current:
            manager.add(*(wanted - current))


PARTY = re.compile(r"([-\w]+)\s*\((\w+)\)")


class Parties(RelationWidget):
    """An agreement's parties, as `body-slug (role)` separated by `; `."""

    def __init__(self, model):
        self.lookup = Lookup(model)

    def keys(self, text: str) -> list[str]:
        return [match.group(1) for match in PARTY.finditer(text)]

    def clean(self, value, row=None, **kwargs):
        wanted = []
        for text in split_list(super().clean(value)):
            match = PARTY.fullmatch(text)
            if not match or match.group(2) not in PartyRole.values:
                raise ValueError(
                    f"“{_short(text)}” should read “body-slug (role)”, the role one of "
                    f"{', '.join(PartyRole.values)}."
                )
            wanted.append(match.groups())
        slugs = [slug for slug, _ in wanted]
        for slug in slugs:
            if slugs.count(slug) > 1:
                raise ValueError(f"{slug} is listed twice among the parties.")
        bodies = self.lookup.many(slugs)
        return [(body, role) for body, (_, role) in zip(bodies, wanted, strict=True)]

    def current(self, instance):
        if instance.pk is None:
            return {}
        return {party.body_id: party.role for party in instance.parties.all()}

    def wanted(self, instance, parsed):
        kept = {}
        if instance.pk is not None:
            kept = {p.body_id: p.role for p in instance.parties.all() if _is_draft(p.body)}
        return kept | {body.pk: role for body, role in parsed}

    def save(self, instance, parsed, current, wanted) -> None:
        Party.objects.filter(agreement=instance).exclude(body_id__in=wanted).delete()
        Party.objects.bulk_create(
            Party(agreement=instance, body_id=body_id, role=role)
            for body_id, role in wanted.items()
            if body_id not in current
        )
        for body_id, role in wanted.items():
            if body_id in current and current[body_id] != role:
                Party.objects.filter(agreement=instance, body_id=body_id).update(role=role)
        getattr(instance, "_prefetched_objects_cache", {}).pop("parties", None)


_QUOTED = r'"((?:[^"]|"")*)"'
# One claim as exports.columns._saving_text writes it; the amount may carry $ and commas.
CLAIM = re.compile(
    r"\s*(?P<kind>\w+)\s+\$?(?P<amount>\d[\d,]*(?:\.\d+)?)\s+(?P<period>a year|once)\s+"
    r"\((?P<year>\d{4})\)"
    rf"(?:\s+by\s+{_QUOTED.replace('(', '(?P<by>', 1)})?"
    rf"(?:\s*:\s*{_QUOTED.replace('(', '(?P<about>', 1)})?"
    r"\s+<(?P<source>[^<>\s]+)>\s*"
)
CLAIM_EXAMPLE = (
    'projected 7000.00 a year (1997) by "who said it": "what it covers" <https://source>'
)
SAVINGS_FIELDS = ["amount", "period", "year", "kind", "stated_by", "description", "source_id"]


class Savings(RelationWidget):
    """An agreement's savings claims, each as `exports.columns._saving_text` writes it,
    separated by `; `. Importing sets the claims to exactly these."""

    def __init__(self, source_model):
        self.lookup = Lookup(source_model, "url", "address")

    def keys(self, text: str) -> list[str]:
        return re.findall(r"<([^<>\s]+)>", text)

    def clean(self, value, row=None, **kwargs):
        text, claims, position = super().clean(value), [], 0
        while position < len(text):
            number = f"claim {len(claims) + 1}: " if ";" in text else ""
            match = CLAIM.match(text, position)
            if not match:
                raise ValueError(f"{number}each claim should read like: {CLAIM_EXAMPLE}")
            if match["kind"] not in SavingsKind.values:
                raise ValueError(
                    f"{number}“{match['kind']}” is not a kind of claim; use one of "
                    f"{', '.join(SavingsKind.values)}."
                )
            try:
                (source,) = self.lookup.many([match["source"]])
            except ValueError as error:
                raise ValueError(f"{number}{error}") from None
            claim = SavingsClaim(
                kind=match["kind"],
                amount=Decimal(match["amount"].replace(",", "")),
                period={label: code for code, label in SavingsPeriod.choices}[match["period"]],
                year=int(match["year"]),
                stated_by=(match["by"] or "").replace('""', '"'),
                description=(match["about"] or "").replace('""', '"'),
                source=source,
            )
            try:
                # The source is found above; the fields' validators cover the check constraints
                # (each of which would cost a query).
                claim.full_clean(exclude=["agreement", "source"], validate_constraints=False)
            except ValidationError as error:
                field, messages = next(iter(error.message_dict.items()))
                raise ValueError(f"{number}{field}: {' '.join(messages)}") from None
            claims.append(claim)
            position = match.end()
            if position < len(text):
                if text[position] != ";":
                    raise ValueError(f"{number}separate the claims with “; ”.")
                position += 1
        return claims

    @staticmethod
    def _comparable(claims) -> list[tuple]:
        return sorted(tuple(getattr(claim, name) for name in SAVINGS_FIELDS) for claim in claims)

    def current(self, instance):
        if instance.pk is None:
            return []
        return self._comparable(instance.savings_claims.all())

    def wanted(self, instance, parsed):
        return self._comparable(parsed)

    def save(self, instance, parsed, current, wanted) -> None:
        if current:
            SavingsClaim.objects.filter(agreement=instance).delete()
        for claim in parsed:
            claim.agreement = instance
        SavingsClaim.objects.bulk_create(parsed)
        getattr(instance, "_prefetched_objects_cache", {}).pop("savings_claims", None)
