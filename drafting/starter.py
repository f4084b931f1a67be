"""The starter clause library of the draft-agreement builder: one clause or more for every topic
and every choice on the form, in plain drafting English.

What the guidance says the law requires rests only on the points checked in
/work/shared/reference/ct_interlocal_law.json (CGS §§ 7-148cc, 7-339a, 7-339b, 7-339c(a),
7-339g, 7-339k); everything else is offered as a drafting choice, for counsel to review. Advice
is worded as advice ("consider …"), never as a fact about what parties usually do.

Loaded by `load_starter_content` (which also links each clause to its statute once the
statutes are loaded) and, on a new database, by migration 0002 from its own frozen copy
(drafting/migrations/_starter_0002.py), so that editing this file never changes what a migration
does. Both only add what is missing, matched by slug, as search/starter.py does for synonyms, so
staff's edits in the admin (Drafting › Clauses) are never overwritten (a starter clause staff
deleted, or a statute link staff removed, comes back only if `load_starter_content` runs again).

Changing the wording here therefore reaches new databases only. For existing ones, add a data
migration that replaces the old wording where a clause still holds it unedited (as 0003 does).
"""

from portal.models import PublicationStatus

ALWAYS = ""  # a clause every draft uses for its topic

STARTER_CLAUSES = [
    # --- Parties and purpose ------------------------------------------------------------------
    {
        "slug": "parties-and-purpose",
        "topic": "parties",
        "option": ALWAYS,
        "order": 10,
        "title": "Parties and purpose",
        "text": (
            "This interlocal agreement (the “Agreement”) is made among the following public "
            "agencies (each a “Party” and together the “Parties”):\n\n{party_list}\n\n"
            "The Parties make this Agreement so that they may provide {service} (the "
            "“Service”) together, as each of them may provide it separately. They make it "
            "under Sections 7-339a to 7-339l of the Connecticut General Statutes and, for the "
            "Parties that are municipalities, Section 7-148cc."
        ),
        "guidance": (
            "Two or more municipalities may jointly perform any function each may perform "
            "separately, by entering into an interlocal agreement under CGS §§ 7-339a to "
            "7-339l (CGS § 7-148cc). Under CGS § 7-339b an interlocal agreement may provide "
            "for the joint performance of such functions, for an interlocal advisory board, and "
            "for interlocal employees or officers.\n\n"
            "Check each Party's exact legal name (for example “Town of …” or “City of …”) and "
            "describe the Service precisely: what is included, and what is not."
        ),
        "statute": "cgs-7-148cc",
        "citation": "CGS § 7-148cc; CGS § 7-339b",
    },
    {
        "slug": "lead-party",
        "topic": "parties",
        "option": "lead",
        "order": 20,
        "title": "Lead Party",
        "text": (
            "{lead} (the “Lead Party”) provides the Service for all the Parties on the terms of "
            "this Agreement. The other Parties receive the Service and pay their shares of the "
            "Costs as this Agreement provides."
        ),
        "guidance": (
            "Name one lead when one Party already has the staff, equipment or facility, and the "
            "others buy the Service from it. Say in a schedule what level of service each "
            "Party can expect, so that disagreements have a yardstick."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "joint-delivery",
        "topic": "parties",
        "option": "joint",
        "order": 20,
        "title": "Joint delivery",
        "text": (
            "No Party leads. The Parties provide the Service jointly, each contributing the "
            "staff, equipment, facilities and money this Agreement and its schedules describe."
        ),
        "guidance": (
            "Joint delivery suits partners of similar size that pool what they have. Describe "
            "each Party's contribution in a schedule; without a lead, the governance article "
            "must say clearly who decides day-to-day questions."
        ),
        "statute": None,
        "citation": "",
    },
    # --- Term and renewal ---------------------------------------------------------------------
    {
        "slug": "term",
        "topic": "term",
        "option": ALWAYS,
        "order": 10,
        "title": "Term",
        "text": (
            "This Agreement begins on the Effective Date and continues for {term}, unless it "
            "ends sooner under this Agreement."
        ),
        "guidance": (
            "A term long enough to recover start-up costs (equipment, training, a new "
            "facility) gives every Party a fair chance to see the savings. The Effective Date "
            "is defined in the ratification article."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "no-renewal",
        "topic": "term",
        "option": "no_renewal",
        "order": 20,
        "title": "No renewal",
        "text": (
            "This Agreement ends at the end of its term. The Parties may extend it only by an "
            "amendment made under this Agreement's amendment article."
        ),
        "guidance": (
            "Without renewal, the Service stops at the end of the term unless the Parties act "
            "in time. Put a reminder in each Party's calendar well before the end date."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "automatic-renewal",
        "topic": "term",
        "option": "automatic_renewal",
        "order": 20,
        "title": "Automatic renewal",
        "text": (
            "At the end of its term, and at the end of each renewal term, this Agreement renews "
            "for a further {term} for every Party that has not given written notice to all the "
            "other Parties, at least {notice_period} before the term ends, that it will not "
            "renew. The Agreement continues among the Parties that renew, as long as at least "
            "two of them remain."
        ),
        "guidance": (
            "Automatic renewal keeps a working arrangement going without a new vote each time. "
            "Ask counsel whether a Party's charter or ordinances require its legislative body "
            "to approve each renewal."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "renewal-by-agreement",
        "topic": "term",
        "option": "renewal_by_agreement",
        "order": 20,
        "title": "Renewal by written agreement",
        "text": (
            "The Parties may renew this Agreement for a further term by a written agreement "
            "that all of them sign before the term ends, each having approved it as its charter "
            "and ordinances require."
        ),
        "guidance": (
            "Renewal by agreement makes every Party decide again; start the conversation early "
            "enough for each legislative body to meet."
        ),
        "statute": None,
        "citation": "",
    },
    # --- Governance ---------------------------------------------------------------------------
    {
        "slug": "joint-board",
        "topic": "governance",
        "option": "joint_board",
        "order": 10,
        "title": "Joint board",
        "text": (
            "The Parties establish a joint board (the “Board”) to oversee the Service. The chief "
            "executive officer of each Party appoints one member of the Board and one alternate, "
            "who serve until replaced by the Party that appointed them. A majority of the "
            "members is a quorum. The Board decides by a majority of the members present and "
            "voting, except where this Agreement requires more. Each year the Board prepares a "
            "proposed budget for the Service and sends it to every Party in time for the "
            "Party's own budget process. The Board keeps minutes of its meetings."
        ),
        "guidance": (
            "Municipalities may jointly perform any function each may perform separately, by "
            "an interlocal agreement under CGS §§ 7-339a to 7-339l (CGS § 7-148cc). Where the "
            "statute text lists the bodies an agreement may set up (CGS § 7-339b), it mentions "
            "interlocal advisory boards, not governing boards: counsel should confirm which "
            "powers this Board may lawfully exercise (hiring, contracting, spending). Write "
            "them out here, and anything the Board may not do. Ask counsel whether the Board's "
            "meetings are public meetings."
        ),
        "statute": "cgs-7-148cc",
        "citation": "CGS § 7-148cc; CGS §§ 7-339a to 7-339l",
    },
    {
        "slug": "lead-town-contract",
        "topic": "governance",
        "option": "lead_town",
        "order": 10,
        "title": "Lead-town management",
        "text": (
            "{lead} manages the Service under its own policies, procedures and collective "
            "bargaining agreements, and employs or contracts for the staff who deliver it. "
            "{lead} consults the other Parties before any change that would affect the level "
            "of service or the Costs, and reports to every Party on the Service and its Costs "
            "at least once a year."
        ),
        "guidance": (
            "In a lead-town contract the other Parties are customers. Protect them with a "
            "clear schedule of services and a reporting duty. If staff of one Party will work "
            "for another, CGS § 7-339b allows an agreement to provide for interlocal employees "
            "or officers, who may keep merit-system, insurance and pension status if the "
            "agreement provides for it: ask counsel and the unions concerned."
        ),
        "statute": None,
        "citation": "CGS § 7-339b",
    },
    {
        "slug": "interlocal-advisory-board",
        "topic": "governance",
        "option": "advisory_board",
        "order": 10,
        "title": "Interlocal advisory board",
        "text": (
            "The Parties establish an interlocal advisory board (the “Board”) of one "
            "representative appointed by the chief executive officer of each Party. The Board "
            "meets at least twice a year, advises the Parties on the Service, its budget and "
            "its performance, and makes recommendations to them. Decisions on the Service "
            "remain with each Party's own officials and bodies."
        ),
        "guidance": (
            "CGS § 7-339b lets an interlocal agreement provide for an interlocal advisory "
            "board. An advisory board keeps every decision with each Party; it suits services "
            "where each town wants to keep control."
        ),
        "statute": None,
        "citation": "CGS § 7-339b",
    },
    {
        "slug": "officials-committee",
        "topic": "governance",
        "option": "officials_committee",
        "order": 10,
        "title": "Committee of chief executive officers",
        "text": (
            "The chief executive officers of the Parties, or the officials they designate in "
            "writing, form a committee (the “Committee”) that oversees the Service. The "
            "Committee meets at least twice a year and whenever a Party asks. It decides by "
            "consensus; where it cannot agree, the matter is settled under the dispute "
            "resolution article."
        ),
        "guidance": (
            "A committee of the towns' chief executives is light to run and suits small "
            "arrangements. Consensus protects each Party but can stall decisions: the dispute "
            "resolution article is the way out."
        ),
        "statute": None,
        "citation": "",
    },
    # --- Cost allocation ----------------------------------------------------------------------
    {
        "slug": "costs",
        "topic": "costs",
        "option": ALWAYS,
        "order": 10,
        "title": "Costs",
        "text": (
            "“Costs” means the costs of providing the Service under this Agreement, including "
            "staff, equipment, supplies, facilities, insurance and administration, less any "
            "grants, fees or other revenue the Service receives. Each Party appropriates, "
            "finances and audits its share of the Costs in the same way, and under the same "
            "rules, as it would if it provided the Service without this Agreement."
        ),
        "guidance": (
            "CGS § 7-339g: costs a participating agency incurs under an interlocal agreement "
            "are appropriated, financed and audited the same way, and under the same rules, as "
            "if the agency did the same thing without an agreement. Each Party's share "
            "therefore goes through its normal budget and audit."
        ),
        "statute": "cgs-7-339g",
        "citation": "CGS § 7-339g",
    },
    {
        "slug": "costs-per-capita",
        "topic": "costs",
        "option": "per_capita",
        "order": 20,
        "title": "Shares by population",
        "text": (
            "Each Party pays a share of the Costs in proportion to its population. The Parties "
            "agree in writing, before each fiscal year, which official population figures they "
            "will use for that year."
        ),
        "guidance": (
            "Population shares are simple and predictable, but a town that uses the Service "
            "little may feel it pays for others. Name the source of the figures in the "
            "agreement or a schedule so that it is never in doubt."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "costs-per-use",
        "topic": "costs",
        "option": "per_use",
        "order": 20,
        "title": "Shares by use",
        "text": (
            "Each Party pays a share of the Costs in proportion to its use of the Service, "
            "measured as [the unit of use, for example inspections, calls or tons] and "
            "recorded by {administrator}, who gives every Party a statement of each Party's use "
            "and share at least [quarterly]."
        ),
        "guidance": (
            "Use-based shares are fair when use can be counted reliably. Choose a unit every "
            "Party can check, and decide how fixed costs (a building, a vehicle) are shared "
            "when use is low."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "costs-fixed-shares",
        "topic": "costs",
        "option": "fixed_shares",
        "order": 20,
        "title": "Fixed shares",
        "text": (
            "Each Party pays the following fixed share of the Costs:\n\n{share_list}\n\n"
            "The shares total one hundred percent. They change only by an amendment under this "
            "Agreement. If a Party withdraws, the remaining Parties share its part in "
            "proportion to their own shares until the Agreement is amended."
        ),
        "guidance": (
            "Fixed percentages are easy to budget. Fill in each percentage, check that they "
            "add up to one hundred, and agree when they will be revisited."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "costs-host-bills",
        "topic": "costs",
        "option": "host_bills",
        "order": 20,
        "title": "Host pays and bills the others",
        "text": (
            "{lead} pays the Costs as they arise and bills each other Party for its share "
            "[monthly / quarterly], as set out in Schedule A (a fixed fee, a rate per use or a "
            "share of the Costs, as the Parties agree). Each Party pays within [number] days of "
            "receiving a bill."
        ),
        "guidance": (
            "The host carries the cash flow; the others pay on a bill. Agree the billing "
            "period, what happens if a bill is disputed, and whether the host may charge an "
            "administrative fee."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "costs-equal-shares",
        "topic": "costs",
        "option": "equal_shares",
        "order": 20,
        "title": "Equal shares",
        "text": (
            "Each Party pays an equal share of the Costs ({party_count} equal shares when this "
            "Agreement is signed). If the number of Parties changes, the shares change to equal "
            "shares among the Parties from the date the change takes effect."
        ),
        "guidance": (
            "Equal shares suit Parties of similar size and use. Where they differ much, "
            "consider shares by population or by use."
        ),
        "statute": None,
        "citation": "",
    },
    # --- Records and audit --------------------------------------------------------------------
    {
        "slug": "records-and-audit",
        "topic": "records",
        "option": ALWAYS,
        "order": 10,
        "title": "Records and audit",
        "text": (
            "Each Party keeps records of its own Costs under this Agreement and includes them "
            "in its own annual audit, as it would if it provided the Service without this "
            "Agreement. Each Party may inspect and copy the records of the Service at "
            "reasonable times, and its auditors may examine them."
        ),
        "guidance": (
            "CGS § 7-339g: costs under an interlocal agreement are audited the same way, and "
            "under the same rules, as if the agency acted without an agreement. Ask counsel "
            "which records retention and public-records rules apply to the Service's records."
        ),
        "statute": "cgs-7-339g",
        "citation": "CGS § 7-339g",
    },
    {
        "slug": "records-kept-by-administrator",
        "topic": "records",
        "option": "administrator_keeps",
        "order": 20,
        "title": "Accounts of the Service",
        "text": (
            "The records and accounts of the Service are kept by {administrator}, who gives "
            "every Party, within [number] days after the end of each fiscal year, a statement "
            "of the Costs, the revenue and each Party's share."
        ),
        "guidance": (
            "One keeper of the accounts makes the yearly statement simple. Agree the fiscal "
            "year the statement follows if the Parties' fiscal years differ."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "records-kept-by-each-party",
        "topic": "records",
        "option": "each_keeps",
        "order": 20,
        "title": "Records kept by each Party",
        "text": (
            "Each Party keeps the records of the part of the Service it provides and gives the "
            "other Parties a summary of them at least once a year."
        ),
        "guidance": (
            "Where each Party runs part of the Service, each keeps its own records; agree a "
            "common format for the yearly summary."
        ),
        "statute": None,
        "citation": "",
    },
    # --- Periodic review ----------------------------------------------------------------------
    {
        "slug": "no-scheduled-review",
        "topic": "review",
        "option": "no_review",
        "order": 10,
        "title": "Review",
        "text": (
            "Any Party may ask the others at any time to review how this Agreement is working. "
            "No periodic review is scheduled."
        ),
        "guidance": (
            "A periodic review is not a current statutory requirement under § 7-148cc. The "
            "pre-2011 text of CGS § 7-148cc required a review at least once every five years; "
            "P.A. 11-99 removed it in 2011. Agreements made between 2001 and 2011 may still "
            "contain one."
        ),
        "statute": "cgs-7-148cc",
        "citation": "CGS § 7-148cc, as amended by P.A. 11-99",
    },
    {
        "slug": "periodic-review",
        "topic": "review",
        "option": "periodic_review",
        "order": 10,
        "title": "Periodic review",
        "text": (
            "At least once every {review_period}, {administrator} reports to the chief "
            "executive officer and the legislative body of every Party on the Service: what it "
            "delivered, what it cost, and whether this Agreement should be amended."
        ),
        "guidance": (
            "A review is offered here as an option; it is not a current statutory requirement "
            "under § 7-148cc: P.A. 11-99 removed the five-year review from CGS § 7-148cc in "
            "2011. Agreements made between 2001 and 2011 may still contain one; a regular "
            "review can help the Parties decide renewals on evidence."
        ),
        "statute": "cgs-7-148cc",
        "citation": "CGS § 7-148cc, as amended by P.A. 11-99",
    },
    # --- Insurance and indemnification --------------------------------------------------------
    {
        "slug": "no-waiver-of-immunity",
        "topic": "insurance",
        "option": ALWAYS,
        "order": 30,
        "title": "No waiver of immunities",
        "text": (
            "Nothing in this Agreement waives any immunity or defense that a Party, or its "
            "officers and employees, may have by law."
        ),
        "guidance": "Ask counsel whether this clause fits the Parties' insurance policies.",
        "statute": None,
        "citation": "",
    },
    {
        "slug": "insurance-own-acts",
        "topic": "insurance",
        "option": "own_acts",
        "order": 10,
        "title": "Each Party answers for its own acts",
        "text": (
            "Each Party is responsible for the acts and omissions of its own officers, employees "
            "and agents in carrying out this Agreement, and keeps liability insurance (or "
            "self-insurance or risk-pool coverage) for them. To the extent the law allows, each "
            "Party shall indemnify and hold harmless the other Parties against claims arising "
            "from the negligent acts or omissions of its own officers, employees and agents "
            "under this Agreement."
        ),
        "guidance": (
            "Send the draft to each Party's insurer or risk pool before it is signed; they may "
            "ask for changes to the indemnity wording."
        ),
        "statute": None,
        "citation": "",
    },
    {
        "slug": "insurance-by-lead",
        "topic": "insurance",
        "option": "lead_insures",
        "order": 10,
        "title": "Insurance of the Service",
        "text": (
            "{lead} keeps general liability insurance, and any other insurance the Parties "
            "list in a schedule, covering the Service, in amounts the Parties agree in that "
            "schedule, and names the other Parties as additional insureds where the insurer "
            "allows. The premiums are Costs. To the extent the law allows, each Party shall "
            "indemnify and hold harmless the other Parties against claims arising from the "
            "negligent acts or omissions of its own officers, employees and agents under this "
            "Agreement."
        ),
        "guidance": (
            "When the lead delivers the Service, its policy is the natural one to cover it. "
            "Ask each Party's insurer or risk pool to confirm the additional-insured wording."
        ),
        "statute": None,
        "citation": "",
    },
    # --- Dispute resolution -------------------------------------------------------------------
    {
        "slug": "disputes-negotiation-mediation",
        "topic": "disputes",
        "option": "negotiation_mediation",
        "order": 10,
        "title": "Negotiation, then mediation",
        "text": (
            "The Parties first try to settle any dispute under this Agreement by negotiation "
            "among their chief executive officers. If the dispute is not settled within [number] "
            "days after a Party asks in writing for negotiation, any Party may refer it to "
            "mediation by a mediator the Parties in the dispute choose together. Each Party "
            "pays its own costs of mediation and an equal share of the mediator's fees. No "
            "Party goes to court over the dispute before mediation has ended, except to "
            "prevent irreparable harm."
        ),
        "guidance": (
            "An interlocal agreement has the status of an interstate compact, and in a "
            "controversy over it the contracting agencies are the real parties in interest "
            "(CGS § 7-339k). Ask counsel what that means for a court case before choosing."
        ),
        "statute": None,
        "citation": "CGS § 7-339k",
    },
    {
        "slug": "disputes-arbitration",
        "topic": "disputes",
        "option": "arbitration",
        "order": 10,
        "title": "Negotiation, then arbitration",
        "text": (
            "The Parties first try to settle any dispute under this Agreement by negotiation "
            "among their chief executive officers. If the dispute is not settled within [number] "
            "days after a Party asks in writing for negotiation, any Party in the dispute may "
            "refer it to binding arbitration by [a single arbitrator the Parties in the dispute "
            "choose together]. The arbitrator's decision is final. Each Party pays its own costs "
            "and an equal share of the arbitrator's fees."
        ),
        "guidance": (
            "Binding arbitration gives up a trial in court. Ask counsel whether each Party may "
            "agree to it, and under which rules. An interlocal agreement has the status of an "
            "interstate compact, and the contracting agencies are the real parties in interest "
            "in a controversy over it (CGS § 7-339k)."
        ),
        "statute": None,
        "citation": "CGS § 7-339k",
    },
    {
        "slug": "disputes-court",
        "topic": "disputes",
        "option": "court",
        "order": 10,
        "title": "Negotiation, then court",
        "text": (
            "The Parties first try to settle any dispute under this Agreement by negotiation "
            "among their chief executive officers. If the dispute is not settled within [number] "
            "days after a Party asks in writing for negotiation, any Party in the dispute may "
            "bring an action in the Superior Court of the State of Connecticut. This Agreement "
            "is governed by the laws of the State of Connecticut."
        ),
        "guidance": (
            "An interlocal agreement has the status of an interstate compact; in a controversy "
            "over it the contracting agencies are the real parties in interest "
            "(CGS § 7-339k). Counsel should confirm the court and venue."
        ),
        "statute": None,
        "citation": "CGS § 7-339k",
    },
    # --- Withdrawal ---------------------------------------------------------------------------
    {
        "slug": "withdrawal",
        "topic": "withdrawal",
        "option": ALWAYS,
        "order": 10,
        "title": "Withdrawal",
        "text": (
            "Any Party may withdraw from this Agreement by giving written notice to every other "
            "Party at least {notice_period} before the date its withdrawal takes effect. The "
            "withdrawing Party remains responsible for its share of the Costs incurred, and of "
            "the commitments made with its approval, before its withdrawal takes effect. The "
            "Agreement continues among the remaining Parties; if fewer than two remain, it ends "
            "on the date the withdrawal takes effect."
        ),
        "guidance": (
            "CGS § 7-339c(a): an interlocal agreement must establish a process for amendment, "
            "termination and withdrawal. Choose a notice period long enough for the others to "
            "adjust their budgets. Consider aligning it with the end of a fiscal year."
        ),
        "statute": "cgs-7-339c",
        "citation": "CGS § 7-339c(a)",
    },
    # --- Amendment ----------------------------------------------------------------------------
    {
        "slug": "amendment-by-legislative-bodies",
        "topic": "amendment",
        "option": "amend_by_legislative_bodies",
        "order": 10,
        "title": "Amendment",
        "text": (
            "This Agreement may be amended only by a written amendment approved by every Party "
            "in the same way as this Agreement was ratified, and signed for every Party."
        ),
        "guidance": (
            "CGS § 7-339c(a): an interlocal agreement must establish a process for amendment, "
            "termination and withdrawal. Approving amendments as the Agreement was ratified is "
            "the safest process; it is also the slowest."
        ),
        "statute": "cgs-7-339c",
        "citation": "CGS § 7-339c(a)",
    },
    {
        "slug": "amendment-of-schedules",
        "topic": "amendment",
        "option": "amend_schedules_by_officials",
        "order": 10,
        "title": "Amendment",
        "text": (
            "The schedules to this Agreement (such as rates, contacts and service levels) may "
            "be updated by a written agreement signed by the chief executive officers of all "
            "the Parties, where each Party's charter and ordinances allow. Every other amendment "
            "must be approved by every Party in the same way as this Agreement was ratified, "
            "and signed for every Party."
        ),
        "guidance": (
            "CGS § 7-339c(a): an interlocal agreement must establish a process for amendment, "
            "termination and withdrawal. Letting the chief executives update schedules keeps "
            "routine changes quick; counsel should confirm each Party's charter allows it."
        ),
        "statute": "cgs-7-339c",
        "citation": "CGS § 7-339c(a)",
    },
    # --- Termination --------------------------------------------------------------------------
    {
        "slug": "termination-by-agreement",
        "topic": "termination",
        "option": "terminate_by_agreement",
        "order": 10,
        "title": "Termination",
        "text": (
            "The Parties may terminate this Agreement at any time by a written agreement "
            "approved by every Party in the same way as this Agreement was ratified. It also "
            "ends at the end of its term unless renewed, and when fewer than two Parties remain."
        ),
        "guidance": (
            "CGS § 7-339c(a): an interlocal agreement must establish a process for amendment, "
            "termination and withdrawal."
        ),
        "statute": "cgs-7-339c",
        "citation": "CGS § 7-339c(a)",
    },
    {
        "slug": "termination-for-breach",
        "topic": "termination",
        "option": "terminate_for_breach",
        "order": 10,
        "title": "Termination",
        "text": (
            "The Parties may terminate this Agreement at any time by a written agreement "
            "approved by every Party in the same way as this Agreement was ratified. It also "
            "ends at the end of its term unless renewed, and when fewer than two Parties remain. "
            "If a Party fails to perform a material obligation under this Agreement and does not "
            "cure the failure within [number] days after written notice from another Party, the "
            "other Parties may, by a written agreement among all of them, end the defaulting "
            "Party's participation. The defaulting Party remains responsible for its share of "
            "the Costs incurred before its participation ends."
        ),
        "guidance": (
            "CGS § 7-339c(a): an interlocal agreement must establish a process for amendment, "
            "termination and withdrawal. A breach clause lets the others act when one Party "
            "stops paying or performing; the cure period gives it a fair chance first."
        ),
        "statute": "cgs-7-339c",
        "citation": "CGS § 7-339c(a)",
    },
    {
        "slug": "winding-up",
        "topic": "termination",
        "option": ALWAYS,
        "order": 20,
        "title": "Winding up",
        "text": (
            "When this Agreement ends, the Parties settle their accounts within [number] days: "
            "each pays its share of the Costs incurred before the end, and any money left over "
            "is returned to the Parties in proportion to what they paid. Property bought with "
            "shared money is sold, or kept by one Party at a value the Parties agree, and the "
            "proceeds are divided in the same proportion."
        ),
        "guidance": (
            "Deciding now what happens to shared property and balances avoids disputes later. "
            "List significant shared property in a schedule."
        ),
        "statute": None,
        "citation": "",
    },
    # --- General provisions -------------------------------------------------------------------
    {
        "slug": "status-and-general-provisions",
        "topic": "general",
        "option": ALWAYS,
        "order": 10,
        "title": "Status of this Agreement",
        "text": (
            "This Agreement is an interlocal agreement under Sections 7-339a to 7-339l of the "
            "Connecticut General Statutes. As the law provides, it has the status of an "
            "interstate compact, and in any controversy over it the Parties are the real "
            "parties in interest."
        ),
        "guidance": (
            "CGS § 7-339k gives an interlocal agreement the status of an interstate compact "
            "and makes the contracting agencies the real parties in interest in a controversy "
            "over it. CGS § 7-339a defines the terms the statutes use (public agency, "
            "legislative body, participating public agency)."
        ),
        "statute": "cgs-7-339a",
        "citation": "CGS § 7-339a; CGS § 7-339k",
    },
    {
        "slug": "notices-and-whole-agreement",
        "topic": "general",
        "option": ALWAYS,
        "order": 20,
        "title": "Notices and the whole agreement",
        "text": (
            "Notices under this Agreement are given in writing to each Party's chief executive "
            "officer at the Party's official address, or by any other means the Parties agree "
            "in writing. This Agreement, with its schedules, is the whole agreement of the "
            "Parties on the Service. It creates no rights for anyone who is not a Party. If a "
            "court holds any part of it invalid, the rest remains in effect. It may be signed "
            "in counterparts, which together form one agreement."
        ),
        "guidance": "Standard provisions; counsel may prefer their own wording.",
        "statute": None,
        "citation": "",
    },
    # --- Ratification and effective date ------------------------------------------------------
    {
        "slug": "ratification-and-effective-date",
        "topic": "ratification",
        "option": ALWAYS,
        "order": 10,
        "title": "Ratification and effective date",
        "text": (
            "This Agreement is submitted to the legislative body of each Party for ratification. "
            "Before ratifying it, each legislative body gives the public an opportunity to "
            "comment, except where that legislative body is the town meeting. This Agreement "
            "takes effect on the date (the “Effective Date”) when it has been ratified by the "
            "legislative body of every Party and signed for every Party."
        ),
        "guidance": (
            "CGS § 7-339c(a): the proposed agreement goes to each participating agency's "
            "legislative body for ratification or rejection, after an opportunity for public "
            "comment; public comment is not required where the legislative body is the town "
            "meeting (see the definitions in CGS § 7-339a). Plan the schedule of each Party's "
            "meetings early."
        ),
        "statute": "cgs-7-339c",
        "citation": "CGS § 7-339c(a); CGS § 7-339a",
    },
]


def add_starter_clauses(clause_model, statute_model=None) -> int:
    """Add the missing starter clauses (matched by slug), published; with `statute_model`, link
    each starter clause that has no statute to its statute when that exists. Returns how many
    clauses were added or linked: 0 when run again. Works with the real models and with a
    migration's historical ones."""
    existing = set(clause_model._base_manager.values_list("slug", flat=True))
    missing = [
        clause_model(
            **{key: value for key, value in row.items() if key != "statute"},
            publication=PublicationStatus.PUBLISHED,
        )
        for row in STARTER_CLAUSES
        if row["slug"] not in existing
    ]
    clause_model._base_manager.bulk_create(missing)
    changed = {clause.slug for clause in missing}
    if statute_model is not None:
        wanted = {row["slug"]: row["statute"] for row in STARTER_CLAUSES if row["statute"]}
        statutes = dict(
            statute_model._base_manager.filter(slug__in=set(wanted.values())).values_list(
                "slug", "pk"
            )
        )
        unlinked = clause_model._base_manager.filter(slug__in=wanted, statute__isnull=True)
        for pk, slug in unlinked.values_list("pk", "slug"):
            if statute_id := statutes.get(wanted[slug]):
                clause_model._base_manager.filter(pk=pk).update(statute_id=statute_id)
                changed.add(slug)
    return len(changed)
