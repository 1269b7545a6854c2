"""The group programmes of the method (M-28, method.md), loaded by a data migration and
editable in the admin afterwards. Names of themes are msgids, translated when shown. The
session count and duration are left empty: they vary by provider (domain-rules.md §6,
to be verified in the NJi Databank Effectieve Jeugdinterventies), so an administrator
fills them in."""

from django.utils.translation import gettext_noop as _

# All three are the shelter's group programme petal of the flower (M-20): enrolment asks
# the consent recorded for that form of help.
PETAL = "toontje-veerkracht"

PROGRAMMES = [
    {
        "code": "tijd-voor-toontje",
        "name": "Tijd voor Toontje",
        "description": _("For children of 0 to 10: a children's group with a parallel "
                         "mothers' group, and a mother–child group for the youngest."),
        "parallel_group": _("Mothers' group; mother–child group for the youngest"),
        "run_by": _("A drama therapist and child workers"),
        "themes": [_("The power of doing nice things"), _("Being angry safely"),
                   _("Whom do you love?"), _("Memories")],
    },
    {
        "code": "en-nu-ik",
        "name": "En nu ik..!",
        "description": _("For children of 7 to 11, with a parallel parents' group."),
        "parallel_group": _("Parents' group"),
        "run_by": "",
        "themes": [],
    },
    {
        "code": "kan-iemand-mij-horen",
        "name": "Kan iemand mij horen?",
        "description": _("For teenagers of 12 to 15, with a parallel parents' group."),
        "parallel_group": _("Parents' group"),
        "run_by": "",
        "themes": [],
    },
]
