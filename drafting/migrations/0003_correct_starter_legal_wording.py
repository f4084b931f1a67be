# Corrects the legal wording of starter clauses that databases migrated before it still hold
# unedited: claims beyond /work/shared/reference/ct_interlocal_law.json ("not a current legal
# requirement", "many Parties align it ...", CGS § 7-339b cited for a governing board). A clause
# staff have edited in any of these fields is theirs and stays as it is. A new database gets the
# corrected wording from 0002 already, so this changes nothing there.
#
# Frozen, like _starter_0002.py: never import drafting/starter.py here.

from django.db import migrations

# slug: {field: (wording as first added, corrected wording)}
CORRECTIONS = {
    "joint-board": {
        "guidance": (
            (
                "CGS § 7-339b lets an interlocal agreement provide for an interlocal advisory "
                "board and for interlocal employees or officers. Which powers a board may exercise "
                "beyond advice (hiring, contracting, spending) is a question for counsel: write "
                "them out here, and anything the Board may not do. Ask counsel whether the Board's "
                "meetings are public meetings."
            ),
            (
                "Municipalities may jointly perform any function each may perform separately, by "
                "an interlocal agreement under CGS §§ 7-339a to 7-339l (CGS § 7-148cc). Where the "
                "statute text lists the bodies an agreement may set up (CGS § 7-339b), it mentions "
                "interlocal advisory boards, not governing boards: counsel should confirm which "
                "powers this Board may lawfully exercise (hiring, contracting, spending). Write "
                "them out here, and anything the Board may not do. Ask counsel whether the Board's "
                "meetings are public meetings."
            ),
        ),
        "citation": (
            "CGS § 7-339b",
            "CGS § 7-148cc; CGS §§ 7-339a to 7-339l",
        ),
    },
    "no-scheduled-review": {
        "guidance": (
            (
                "A periodic review is not a current legal requirement. The pre-2011 text of CGS § "
                "7-148cc required a review at least once every five years; P.A. 11-99 removed it "
                "in 2011. Agreements made between 2001 and 2011 may still contain one."
            ),
            (
                "A periodic review is not a current statutory requirement under § 7-148cc. The "
                "pre-2011 text of CGS § 7-148cc required a review at least once every five years; "
                "P.A. 11-99 removed it in 2011. Agreements made between 2001 and 2011 may still "
                "contain one."
            ),
        ),
    },
    "periodic-review": {
        "guidance": (
            (
                "A review is offered here as good practice, not as a legal requirement: P.A. 11-99 "
                "removed the five-year review from CGS § 7-148cc in 2011. Agreements made between "
                "2001 and 2011 may still contain one; a regular review helps the Parties decide "
                "renewals on evidence."
            ),
            (
                "A review is offered here as an option; it is not a current statutory requirement "
                "under § 7-148cc: P.A. 11-99 removed the five-year review from CGS § 7-148cc in "
                "2011. Agreements made between 2001 and 2011 may still contain one; a regular "
                "review can help the Parties decide renewals on evidence."
            ),
        ),
    },
    "withdrawal": {
        "guidance": (
            (
                "CGS § 7-339c(a): an interlocal agreement must establish a process for amendment, "
                "termination and withdrawal. Choose a notice period long enough for the others to "
                "adjust their budgets; many Parties align it with the end of a fiscal year."
            ),
            (
                "CGS § 7-339c(a): an interlocal agreement must establish a process for amendment, "
                "termination and withdrawal. Choose a notice period long enough for the others to "
                "adjust their budgets. Consider aligning it with the end of a fiscal year."
            ),
        ),
    },
}
# A clause corrected here that had no statute link gets this one, if the statute is loaded.
STATUTE_LINKS = {"joint-board": "cgs-7-148cc"}


def correct_wording(apps, schema_editor):
    Clause = apps.get_model("drafting", "Clause")
    Statute = apps.get_model("statutes", "Statute")
    for clause in Clause._base_manager.filter(slug__in=CORRECTIONS):
        fields = CORRECTIONS[clause.slug]
        if any(getattr(clause, field) != old for field, (old, _) in fields.items()):
            continue  # edited by staff
        changes = {field: new for field, (_, new) in fields.items()}
        if clause.statute_id is None and clause.slug in STATUTE_LINKS:
            statute = Statute._base_manager.filter(slug=STATUTE_LINKS[clause.slug]).first()
            changes["statute"] = statute
        Clause._base_manager.filter(pk=clause.pk).update(**changes)


class Migration(migrations.Migration):

    dependencies = [
        ("drafting", "0002_starter_clauses"),
    ]

    # Not reversed: the earlier wording overstated the law.
    operations = [migrations.RunPython(correct_wording, migrations.RunPython.noop)]
