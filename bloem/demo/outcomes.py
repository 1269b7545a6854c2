"""Demo measurement schedule (issue 8): which questionnaires are due when, per petal, in
line with what the demo screening writes (T0 in the first two weeks of the stay, T1 about
eight weeks in), so that the worker's Metingen page and the completeness figures of the
effects dashboard show something real. Idempotent: existing rows are kept."""

from bloem.outcomes.models import Anchor, MeasurementSchedule
from bloem.screening.models import Informant, Moment

SCHEDULE = (
    # petal, instrument family, informant, moment, anchor, offset days, window days
    ("safety-stabilisation", "phq-9", Informant.SELF, Moment.T0, Anchor.HELP_START, 7, 14),
    ("safety-stabilisation", "pcl-5", Informant.SELF, Moment.T0, Anchor.HELP_START, 7, 14),
    ("safety-stabilisation", "phq-9", Informant.SELF, Moment.T1, Anchor.HELP_START, 63, 21),
    ("safety-stabilisation", "pcl-5", Informant.SELF, Moment.T1, Anchor.HELP_START, 63, 21),
    ("parent-trauma-treatment", "pcl-5", Informant.SELF, Moment.T0, Anchor.HELP_START, 0, 14),
    ("parent-trauma-treatment", "pcl-5", Informant.SELF, Moment.T2, Anchor.HELP_END, -7, 14),
    ("toontje-veerkracht", "early-life-stress", Informant.WORKER, Moment.T0,
     Anchor.HELP_START, 7, 14),
    ("toontje-veerkracht", "problem-indicators", Informant.WORKER, Moment.T0,
     Anchor.HELP_START, 7, 14),
    ("child-trauma-treatment", "cats", Informant.SELF, Moment.T0, Anchor.HELP_START, 0, 14),
    ("child-trauma-treatment", "cats", Informant.SELF, Moment.T1, Anchor.HELP_START, 63, 21),
)


def ensure_schedules() -> int:
    """Create the demo schedule rows that are missing; returns how many were created."""
    existing = set(MeasurementSchedule.objects.values_list(
        "petal_id", "instrument_family", "informant", "moment"))
    rows = [MeasurementSchedule(petal_id=petal, instrument_family=family, informant=informant,
                                moment=moment, anchor=anchor, offset_days=offset,
                                window_days=window)
            for petal, family, informant, moment, anchor, offset, window in SCHEDULE
            if (petal, family, informant, moment) not in existing]
    MeasurementSchedule.objects.bulk_create(rows)
    return len(rows)
