"""A starter list of the words residents use for what the portal calls otherwise.

Written for the vocabulary of municipal shared services: "trash" is what residents say, "solid
waste" what agreements say. Loaded by a migration on a new database and by
`load_starter_content`; both only add terms that are missing, so staff's edits in the admin
(Search › Synonyms) are never overwritten (a starter term staff deleted comes back only if
`load_starter_content` is run again).
"""

# term: what residents type -> the portal's words (comma-separated alternatives)
STARTER_SYNONYMS = {
    "trash": "solid waste, waste management, refuse",
    "garbage": "solid waste, waste management, refuse",
    "rubbish": "solid waste, waste management",
    "refuse": "solid waste, waste management",
    "dump": "landfill, transfer station, solid waste",
    "bulky waste": "solid waste, transfer station",
    "911": "dispatch, emergency communications",
    "e911": "dispatch, emergency communications",
    "emergency calls": "dispatch, emergency communications",
    "cop": "police",
    "cops": "police",
    "law enforcement": "police",
    "dog warden": "animal control",
    "dog catcher": "animal control",
    "stray dogs": "animal control",
    "animal shelter": "animal control",
    "pound": "animal control",
    "building inspector": "building inspection, building official",
    "building permit": "building inspection",
    "building permits": "building inspection",
    "fire marshal": "fire marshal, fire prevention, fire inspection",
    "assessor": "assessment, revaluation",
    "reval": "revaluation",
    "property tax": "assessment, revaluation, tax collection",
    "tax bill": "tax collection",
    "tax collector": "tax collection",
    "health department": "health district, public health",
    "restaurant inspections": "health district, public health",
    "septic": "health district, public health",
    "ambulance": "emergency medical services, ems, paramedic",
    "ems": "emergency medical services, ambulance",
    "paramedic": "emergency medical services, ambulance",
    "paramedics": "emergency medical services, ambulance",
    "firefighters": "fire",
    "snow plowing": "public works, highway",
    "snow removal": "public works, highway",
    "plowing": "public works, highway",
    "potholes": "public works, highway, roads",
    "roads": "public works, highway",
    "streets": "public works, highway, roads",
    "sewage": "sewer, wastewater, water pollution control",
    "wastewater": "sewer, water pollution control",
    "schools": "education, board of education, school district",
    "school": "education, board of education, school district",
    "kids": "youth, children, childcare",
    "daycare": "childcare, child care",
    "day care": "childcare, child care",
    "child care": "childcare",
    "seniors": "senior, elderly, aging",
    "elderly": "senior, aging",
    "older adults": "senior, elderly, aging",
    "bus": "transit, transportation",
    "buses": "transit, transportation",
    "computers": "information technology",
    "computer": "information technology",
    "it support": "information technology",
    "it services": "information technology",
    "tech support": "information technology",
    "internet": "information technology, broadband",
    "buying": "purchasing, procurement",
    "bulk buying": "cooperative purchasing, purchasing council",
    "bidding": "purchasing, procurement",
    "procurement": "purchasing",
    "purchasing": "procurement",
    "insurance": "risk management, risk pool",
    "hr": "human resources, personnel",
    "hiring": "human resources, personnel",
    "lawyer": "legal services, attorney, counsel",
    "attorney": "legal services, counsel",
    "voting": "elections, registrar of voters",
    "elections": "registrar of voters",
    "disaster": "emergency management",
    "hurricane": "emergency management",
    "storm": "emergency management",
    "contract": "agreement",
    "deal": "agreement",
    "law": "statute",
    "laws": "statute",
    "legislation": "statute, public act",
    "grant": "incentive program, funding",
    "grants": "incentive program, funding",
    "town": "municipality",
    "towns": "municipalities",
    "city": "municipality",
    "cities": "municipalities",
    "shared services": "joint performance, interlocal, regional cooperation",
    "regionalization": "regional, shared services",
    "consolidation": "regional, shared services",
}


def add_starter_synonyms(synonym_model) -> int:
    """Add the terms staff do not have yet; returns how many were added."""
    existing = set(synonym_model.objects.values_list("term", flat=True))
    missing = [
        synonym_model(term=term, meaning=meaning)
        for term, meaning in STARTER_SYNONYMS.items()
        if term not in existing
    ]
    synonym_model.objects.bulk_create(missing)
    return len(missing)
