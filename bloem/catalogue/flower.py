"""The catalogue of help as method.md lists it (M-20). The data migration loads it; the
strings are msgids so that the catalogue is translated like the rest of the UI."""

from django.utils.translation import gettext_noop as _

DOMAINS = [
    {
        "code": "opvang",
        "name": _("Shelter"),
        "provider_kind": "shelter",
        "financing": "wmo",
        "petals": [
            ("safety-stabilisation", _("Direct safety & stabilisation"),
             _("Safe shelter, basic needs and a stable daily life.")),
            ("daily-life-guidance", _("Guidance in daily life"),
             _("Support with the household, parenting and daily routines.")),
            ("stress-reduction", _("Reduction of stress"),
             _("Debts, poverty, housing and residence status.")),
            ("toontje-veerkracht", _("Tijd voor Toontje / Veerkracht"),
             _("Group programme and the Veerkracht method for children in the shelter.")),
        ],
    },
    {
        "code": "jeugdhulp",
        "name": _("Specialist youth care"),
        "provider_kind": "youth_care",
        "financing": "jeugdwet",
        "petals": [
            ("nika", _("NIKA (attachment)"),
             _("Restoring the parent–child attachment with video feedback.")),
            ("child-trauma-treatment", _("Trauma treatment of the child"),
             _("EMDR, trauma-focused CBT or narrative exposure therapy on location.")),
            ("supervised-contact", _("Supervised contact"),
             _("Contact between the child and the other parent under supervision.")),
            ("separation-contact", _("Help with separation & contact"),
             _("Help for parents and children with separation and contact arrangements.")),
            ("school-guidance", _("Trauma-sensitive guidance of teachers and day care"),
             _("Advice to schools and day care on trauma-sensitive handling.")),
        ],
    },
    {
        "code": "ggz",
        "name": _("Adult mental health"),
        "provider_kind": "ggz",
        "financing": "zvw",
        "petals": [
            ("parent-trauma-treatment", _("Trauma treatment of parents"),
             _("For victims and perpetrators.")),
            ("forensic-ggz", _("Forensic GGZ"),
             _("Forensic mental-health care, often for the perpetrator.")),
            ("relationship-therapy", _("Relationship therapy"),
             _("Therapy for the (ex-)partners when safety allows.")),
            ("impulse-control", _("Impulse control & emotion regulation"),
             _("Training in controlling impulses and regulating emotions.")),
        ],
    },
]
