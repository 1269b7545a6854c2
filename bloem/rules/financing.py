"""Who pays for a form of help (M-60; shared/docs/domain-rules.md §7): the financing stream
and the responsible municipality on one day, from the family's situation. Pure Python, no
Django: `bloem.finance` builds the facts and stores the answer (and its rule id) on every
registration of delivered care.

Sources checked (via the search tool, stored copies):
- Jeugdwet art. 1.1, definition of *woonplaats*, as amended by the Wet wijziging
  woonplaatsbeginsel (in force 1 January 2022), quoted in VNG, "Woonplaatsbeginsel
  jeugdhulp" (vng.nl/artikelen/woonplaatsbeginsel-jeugdhulp): 1° the municipality of the
  child's BRP address; 2° for a child staying with a youth-care provider, a foster parent,
  or *in an institution for shelter (opvang) or protected living under the Wmo 2015*: the
  municipality of the child's BRP address immediately before that stay; 3° otherwise, or
  when the BRP address carries a note under art. 2.26 Wet BRP: the municipality where the
  mother was resident at the child's birth. Bloem does not record 3° (nor the old rule
  before 2022, which followed the parent with authority): those cases are left
  undetermined and need an override with a reason.
- Wmo 2015 shelter for domestic violence: nationally accessible, commissioned by the
  central municipality (*centrumgemeente*) of the shelter's region (domain-rules.md §7).
- Zvw: adult GGZ is paid by the client's health insurer, not by a municipality.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from .engine import Rule, Text, register

WMO, JEUGDWET, ZVW = "wmo", "jeugdwet", "zvw"
NEW_RESIDENCE_RULE = datetime.date(2022, 1, 1)


class Payer(StrEnum):
    MUNICIPALITY = "municipality"
    INSURER = "insurer"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class DeterminePayer:
    """The facts about one day of one form of help. Municipalities are CBS codes.

    - `in_shelter`: the client stays in the shelter (a Wmo opvang stay) on `day`;
    - `brp_before_stay`: the BRP municipality immediately before that stay (for a family in
      the shelter: the municipality of origin);
    - `brp_now`: the client's current BRP municipality, when known;
    - `central_municipality`: the central municipality of the shelter's region;
    - `override`: a municipality set by a person, with a reason, for this day."""

    stream: str
    day: datetime.date
    in_shelter: bool = False
    brp_before_stay: str | None = None
    brp_now: str | None = None
    central_municipality: str | None = None
    override: str | None = None


@dataclass(frozen=True)
class Responsibility:
    payer: Payer
    municipality: str | None
    rule_id: str


OVERRIDE = "financing.override"
WMO_CENTRAL = "financing.wmo-central-municipality"
JW_SHELTER = "financing.jeugdwet-residence-before-stay"
JW_BRP = "financing.jeugdwet-residence-brp"
JW_UNKNOWN = "financing.jeugdwet-undetermined"
ZVW_INSURER = "financing.zvw-insurer"

register(
    Rule(
        id=OVERRIDE,
        title=Text(nl="Verantwoordelijke gemeente handmatig vastgesteld",
                   en="Responsible municipality set by hand"),
        explanation=Text(
            nl="Een medewerker financiën heeft voor deze hulp en periode een andere gemeente "
               "vastgelegd, met een reden (bijvoorbeeld een besluit van de Geschillencommissie "
               "Sociaal Domein of een afspraak tussen gemeenten). Die gaat voor de afgeleide "
               "gemeente.",
            en="A finance officer recorded another municipality for this help and period, "
               "with a reason (for instance a binding advice or an agreement between "
               "municipalities). It takes precedence over the derived municipality."),
        source="Bloem (integral family financing, M-60)",
        applies_to=(DeterminePayer,),
    ),
    Rule(
        id=WMO_CENTRAL,
        title=Text(nl="Wmo-opvang: de centrumgemeente van de regio van de opvang",
                   en="Wmo shelter: the central municipality of the shelter's region"),
        explanation=Text(
            nl="Vrouwenopvang is landelijk toegankelijk en wordt ingekocht door de "
               "centrumgemeente van de regio waarin de opvang ligt, ongeacht waar het gezin "
               "vandaan komt.",
            en="Shelter for domestic violence is nationally accessible and commissioned by "
               "the central municipality of the region the shelter lies in, wherever the "
               "family comes from."),
        source="Wmo 2015; landelijke toegankelijkheid vrouwenopvang (domain-rules.md §7)",
        applies_to=(DeterminePayer,),
    ),
    Rule(
        id=JW_SHELTER,
        title=Text(nl="Jeugdwet, kind in de opvang: de gemeente van inschrijving vlak "
                      "voor het verblijf",
                   en="Jeugdwet, child in the shelter: the municipality of registration "
                      "just before the stay"),
        explanation=Text(
            nl="Voor een jeugdige die verblijft in een instelling voor opvang (Wmo 2015) is "
               "de woonplaats de gemeente waar hij onmiddellijk voorafgaand aan het verblijf "
               "zijn woonadres in de BRP had (woonplaatsbeginsel sinds 1 januari 2022).",
            en="For a child staying in a shelter institution (Wmo 2015) the residence is the "
               "municipality of the child's BRP address immediately before the stay (the "
               "residence rule since 1 January 2022)."),
        source="Jeugdwet art. 1.1 'woonplaats' onder 2° (Wet wijziging woonplaatsbeginsel)",
        applies_to=(DeterminePayer,),
    ),
    Rule(
        id=JW_BRP,
        title=Text(nl="Jeugdwet zonder verblijf: de gemeente van inschrijving in de BRP",
                   en="Jeugdwet without a stay: the municipality of BRP registration"),
        explanation=Text(
            nl="Buiten een verblijf is de woonplaats de gemeente waar de jeugdige zijn "
               "woonadres in de BRP heeft.",
            en="Outside a stay the residence is the municipality of the child's BRP "
               "address."),
        source="Jeugdwet art. 1.1 'woonplaats' onder 1° (Wet wijziging woonplaatsbeginsel)",
        applies_to=(DeterminePayer,),
    ),
    Rule(
        id=JW_UNKNOWN,
        title=Text(nl="Jeugdwet: verantwoordelijke gemeente niet af te leiden",
                   en="Jeugdwet: the responsible municipality cannot be derived"),
        explanation=Text(
            nl="Bloem kent de gemeente niet: de BRP-gemeente ontbreekt, de hulp ligt vóór "
               "2022 (toen volgde de woonplaats de ouder met gezag), of onderdeel 3° geldt "
               "(de gemeente van de moeder bij de geboorte). Leg de gemeente vast met een "
               "reden.",
            en="Bloem does not know the municipality: the BRP municipality is missing, the "
               "help lies before 2022 (when the residence followed the parent with "
               "authority), or part 3° applies (the mother's municipality at the birth). "
               "Record the municipality with a reason."),
        source="Jeugdwet art. 1.1 'woonplaats' onder 3°; the rule before 2022 is not encoded",
        applies_to=(DeterminePayer,),
    ),
    Rule(
        id=ZVW_INSURER,
        title=Text(nl="Zvw: de zorgverzekeraar betaalt", en="Zvw: the health insurer pays"),
        explanation=Text(
            nl="Volwassenen-GGZ valt onder de Zorgverzekeringswet en wordt gedeclareerd bij "
               "de zorgverzekeraar van de cliënt, niet bij een gemeente.",
            en="Adult mental health care falls under the Health Insurance Act and is "
               "declared to the client's health insurer, not to a municipality."),
        source="Zorgverzekeringswet (domain-rules.md §7)",
        applies_to=(DeterminePayer,),
    ),
)


def responsible(facts: DeterminePayer) -> Responsibility:
    """Who pays for this day of help, and by which rule."""
    if facts.stream == ZVW:
        return Responsibility(Payer.INSURER, None, ZVW_INSURER)
    if facts.override:
        return Responsibility(Payer.MUNICIPALITY, facts.override, OVERRIDE)
    if facts.stream == WMO:
        if facts.central_municipality:
            return Responsibility(Payer.MUNICIPALITY, facts.central_municipality, WMO_CENTRAL)
        return Responsibility(Payer.UNDETERMINED, None, WMO_CENTRAL)
    if facts.stream == JEUGDWET:
        if facts.day >= NEW_RESIDENCE_RULE:
            if facts.in_shelter and facts.brp_before_stay:
                return Responsibility(Payer.MUNICIPALITY, facts.brp_before_stay, JW_SHELTER)
            if not facts.in_shelter and facts.brp_now:
                return Responsibility(Payer.MUNICIPALITY, facts.brp_now, JW_BRP)
        return Responsibility(Payer.UNDETERMINED, None, JW_UNKNOWN)
    raise ValueError(f"Unknown financing stream {facts.stream!r}.")
