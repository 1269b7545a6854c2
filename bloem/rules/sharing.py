"""Sharing information with a third party (M-70: the warm handover at outflow).

Sources checked: Jeugdwet art. 7.3.11 (the youth-care provider shares information about the
young person with others only with consent), read with art. 7.3.4 and 7.3.8 for who gives
it at which age; BW 7:457 (WGBO: no information to others without the patient's consent)
with 7:450, 7:465 and 7:447 for minors; UAVG art. 5 (consent for a child under 16 is given
by the holder of parental authority). A parent's own information is shared only with that
parent's own consent. The age rules are those of consent for help (bloem.rules.consent),
applied to the sharing: the same `consent_status` decides who must consent."""

from .consent import State, _names, consent_status
from .engine import Finding, Rule, Text, check, finding, register
from .facts import ShareWithThirdParty

CHILD = "sharing.child"
OWN_DATA = "sharing.own-data"

register(
    Rule(
        id=CHILD,
        title=Text(nl="Delen over een kind met een derde: dezelfde leeftijdsregels als "
                      "toestemming voor hulp",
                   en="Sharing about a child with a third party: the same age rules as "
                      "consent for help"),
        explanation=Text(
            nl="Informatie over een kind gaat alleen naar een derde (zoals het jeugdteam "
               "van de nieuwe gemeente) met toestemming. Wie toestemt hangt af van de "
               "leeftijd op de dag van delen: jonger dan 12 alle ouders met gezag of de "
               "voogd; van 12 tot en met 15 het kind én de ouders met gezag; vanaf 16 het "
               "kind alleen. Ontbreekt een toestemming, dan wordt niets gedeeld.",
            en="Information about a child goes to a third party (such as the youth team of "
               "the new municipality) only with consent. Who consents depends on the age "
               "on the day of sharing: under 12 every parent with authority or the "
               "guardian; 12 to 15 the child and the parents with authority; from 16 the "
               "child alone. When a consent is missing, nothing is shared."),
        source="Jeugdwet art. 7.3.11, 7.3.4; BW 7:457, 7:450, 7:465, 7:447 (WGBO); UAVG art. 5",
        applies_to=(ShareWithThirdParty,),
        messages={
            "missing": Text(
                nl="Voor het delen over {child} ontbreekt nog de toestemming van: "
                   "{missing_names}.",
                en="To share about {child}, consent is still missing from: "
                   "{missing_names}."),
            "record": Text(
                nl="Leg de toestemming van {missing_names} voor de overdracht vast.",
                en="Record the consent of {missing_names} to the handover."),
            "no_authority": Text(
                nl="Er is niemand met gezag of een voogd vastgelegd voor {child}.",
                en="Nobody with parental authority and no guardian is recorded for {child}."),
            "record_authority": Text(
                nl="Leg het gezag van de ouders of de voogd vast.",
                en="Record the parents' authority or the guardian."),
            "unknown": Text(nl="De geboortedatum van {child} is niet bekend.",
                            en="The date of birth of {child} is not known."),
            "record_birth": Text(nl="Leg de geboortedatum van {child} vast.",
                                 en="Record the date of birth of {child}."),
        },
    ),
    Rule(
        id=OWN_DATA,
        title=Text(nl="Een ouder deelt de eigen gegevens zelf",
                   en="A parent shares their own data themselves"),
        explanation=Text(
            nl="Informatie over een volwassene, zoals de ouder in de opvang, gaat alleen "
               "naar een derde met de eigen toestemming van die persoon.",
            en="Information about an adult, such as the parent in the shelter, goes to a "
               "third party only with that person's own consent."),
        source="Jeugdwet art. 7.3.11; BW 7:457 (WGBO); AVG art. 6 and 9",
        applies_to=(ShareWithThirdParty,),
        messages={
            "missing": Text(nl="{name} heeft nog geen toestemming gegeven om de eigen "
                               "gegevens te delen.",
                            en="{name} has not yet consented to sharing their own data."),
            "record": Text(nl="Leg de toestemming van {name} voor de overdracht vast.",
                           en="Record the consent of {name} to the handover."),
        },
    ),
)


@check(ShareWithThirdParty)
def share_consent(action: ShareWithThirdParty) -> list[Finding]:
    findings: list[Finding] = []
    for subject in action.subjects:
        if subject.consent is None:
            if subject.person_id not in subject.consented_by:
                findings.append(finding(OWN_DATA, "missing", unblock="record",
                                        missing=(subject.person_id,), name=subject.name))
            continue
        status = consent_status(subject.consent)
        if status.age is None:
            findings.append(finding(CHILD, "unknown", unblock="record_birth",
                                    child=subject.name))
            continue
        if status.no_authority:
            findings.append(finding(CHILD, "no_authority", unblock="record_authority",
                                    child=subject.name))
        missing = [r for r in status.required if r.state in (State.MISSING, State.WITHDRAWN)]
        if missing:
            findings.append(finding(CHILD, "missing", unblock="record",
                                    missing=tuple(r.person_id for r in missing),
                                    child=subject.name, missing_names=_names(missing)))
    return findings
