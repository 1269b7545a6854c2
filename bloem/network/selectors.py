"""Reads of the practitioner network: the directory search (nearest first, in the
database), the candidates of a matching (pre-filtered in SQL by method, age and a
bounding box, then ranked in Python by bloem.network.matching), the network overview
(aggregated in the database) and a person's network referrals."""

import math
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractQuarter, ExtractYear

from bloem.access import policy
from bloem.accounts.models import Municipality

from .matching import DEFAULT_RADIUS_KM, Candidate, Place
from .models import (
    CertificationStatus,
    Method,
    NetworkOrganisation,
    NetworkReferral,
    Practitioner,
    PractitionerMethod,
    SupervisedCase,
)

KM_PER_DEGREE = 111.32
QUARTERS_SHOWN = 8


def place_of(municipality: Municipality) -> Place:
    return Place(code=municipality.code, youth_region=municipality.youth_region,
                 latitude=float(municipality.latitude),
                 longitude=float(municipality.longitude))


def bounding_box(place: Place, radius_km: float) -> dict:
    """Latitude and longitude ranges around `place` that contain every point within
    `radius_km` (a little more: the exact distance is applied afterwards)."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * math.cos(math.radians(place.latitude)))
    return {"base__latitude__range": (place.latitude - dlat, place.latitude + dlat),
            "base__longitude__range": (place.longitude - dlon, place.longitude + dlon)}


def _serves_q(municipality: Municipality, prefix: str = "") -> Q:
    """The practitioners (reached through `prefix`) who work in, serve, or serve the
    youth-care region of `municipality`."""
    served = Practitioner.serves.through.objects.filter(
        practitioner_id=OuterRef(f"{prefix}pk"), municipality_id=municipality.code)
    return (Q(**{f"{prefix}base_id": municipality.code}) | Exists(served)
            | Q(**{f"{prefix}serves_region": municipality.youth_region}))


def _methods_prefetch() -> Prefetch:
    return Prefetch("methods", queryset=PractitionerMethod.objects.select_related("supervisor"))


def directory(*, method: str = "", population: str = "",
              municipality: Municipality | None = None) -> QuerySet[Practitioner]:
    """The directory, filtered; with a municipality the nearest first (those who serve
    it, then by the squared equirectangular distance of their base — monotone with the
    true distance at the scale of the Netherlands), else by name. Constant queries per
    page: the page, its count, and the methods prefetch."""
    practitioners = Practitioner.objects.select_related("organisation", "base").prefetch_related(
        _methods_prefetch())
    if method:
        practitioners = practitioners.filter(
            Exists(PractitionerMethod.objects.filter(practitioner_id=OuterRef("pk"),
                                                     method=method)))
    if population:
        practitioners = practitioners.for_population(population)
    if municipality is None:
        return practitioners.order_by("name", "id")
    lat, lon = float(municipality.latitude), float(municipality.longitude)
    scale = math.cos(math.radians(lat))
    dlat = Cast("base__latitude", FloatField()) - Value(lat)
    dlon = (Cast("base__longitude", FloatField()) - Value(lon)) * Value(scale)
    return practitioners.annotate(
        serves_place=Case(When(_serves_q(municipality), then=Value(0)), default=Value(1),
                          output_field=IntegerField()),
        nearness=dlat * dlat + dlon * dlon,
    ).order_by("serves_place", "nearness", "name", "id")


@dataclass(frozen=True)
class MatchQuery:
    method: str
    age: int
    municipality: Municipality
    radius_km: float = DEFAULT_RADIUS_KM


def candidates(query: MatchQuery) -> list[Candidate]:
    """The practitioners who offer the method for this age and work within the bounding
    box of the radius or serve the municipality or its region: one query, whatever the
    size of the directory."""
    place = place_of(query.municipality)
    near = Q(**{f"practitioner__{k}": v for k, v in bounding_box(place, query.radius_km).items()})
    rows = (
        PractitionerMethod.objects.filter(
            method=query.method,
            practitioner__in=Practitioner.objects.for_age(query.age).values("pk"))
        .filter(near | _serves_q(query.municipality, prefix="practitioner__"))
        .annotate(serves_place=Exists(Practitioner.serves.through.objects.filter(
            practitioner_id=OuterRef("practitioner_id"),
            municipality_id=query.municipality.code)))
        .values("practitioner_id", "practitioner__name", "practitioner__organisation__name",
                "practitioner__base_id", "practitioner__base__youth_region",
                "practitioner__base__latitude", "practitioner__base__longitude",
                "practitioner__serves_region", "practitioner__open_places",
                "practitioner__waiting_weeks", "status", "supervisor__name", "serves_place")
    )
    return [
        Candidate(
            id=row["practitioner_id"], name=row["practitioner__name"],
            organisation=row["practitioner__organisation__name"],
            base=Place(code=row["practitioner__base_id"],
                       youth_region=row["practitioner__base__youth_region"],
                       latitude=float(row["practitioner__base__latitude"]),
                       longitude=float(row["practitioner__base__longitude"])),
            serves_codes=frozenset({query.municipality.code} if row["serves_place"] else ()),
            serves_region=row["practitioner__serves_region"],
            open_places=row["practitioner__open_places"],
            waiting_weeks=row["practitioner__waiting_weeks"],
            in_training=row["status"] == CertificationStatus.IN_TRAINING,
            supervisor=row["supervisor__name"] or "",
        )
        for row in rows
    ]


def maintainable_organisations(user) -> QuerySet[NetworkOrganisation]:
    if not policy.has_role_permission(user, "network.maintain"):
        return NetworkOrganisation.objects.none()
    return NetworkOrganisation.objects.filter(policy.network_maintainable_q(user))


def maintainable_practitioners(user) -> QuerySet[Practitioner]:
    return Practitioner.objects.filter(
        organisation__in=maintainable_organisations(user)).select_related("organisation", "base")


def supervised_cases(practitioner: Practitioner) -> QuerySet[SupervisedCase]:
    return SupervisedCase.objects.filter(method__practitioner=practitioner).select_related(
        "supervisor", "method")


def referrals_for_person(*, user, person) -> list[NetworkReferral]:
    """The network referrals of a person the worker can see (the person was fetched
    through the policy already)."""
    return list(NetworkReferral.objects.visible_to(user).filter(person=person)
                .select_related("chosen_by"))


def referrals(*, user) -> QuerySet[NetworkReferral]:
    return NetworkReferral.objects.visible_to(user).select_related("person", "chosen_by")


def overview() -> dict:
    """The network's growth, each figure one aggregate query: practitioners per method
    (certified / in training), certifications per year and in the last quarters,
    supervised cases per year, and
    coverage (practitioners with an open place) per province and youth-care region."""
    per_method = list(PractitionerMethod.objects.values("method").annotate(
        certified=Count("pk", filter=Q(status=CertificationStatus.CERTIFIED)),
        in_training=Count("pk", filter=Q(status=CertificationStatus.IN_TRAINING)),
    ).order_by("method"))
    certified_per_year = list(
        PractitionerMethod.objects.filter(certified_on__isnull=False)
        .annotate(year=ExtractYear("certified_on")).values("year")
        .annotate(count=Count("pk")).order_by("year"))
    certified_per_quarter = list(
        PractitionerMethod.objects.filter(certified_on__isnull=False)
        .annotate(year=ExtractYear("certified_on"), quarter=ExtractQuarter("certified_on"))
        .values("year", "quarter").annotate(count=Count("pk"))
        .order_by("-year", "-quarter")[:QUARTERS_SHOWN])
    supervised_per_year = list(
        SupervisedCase.objects.annotate(year=ExtractYear("treated_on")).values("year")
        .annotate(count=Count("pk")).order_by("year"))
    per_province = list(
        Practitioner.objects.values(province=F("base__province")).annotate(
            practitioners=Count("pk"), with_place=Count("pk", filter=Q(open_places__gt=0)))
        .order_by("province"))
    per_region = list(
        Practitioner.objects.values(region=F("base__youth_region")).annotate(
            practitioners=Count("pk"), with_place=Count("pk", filter=Q(open_places__gt=0)))
        .order_by("region"))
    regions_total = Municipality.objects.values("youth_region").distinct().count()
    for row in per_method:
        row["label"] = Method(row["method"]).label
    years: dict[int, dict] = {}
    for rows, key in ((certified_per_year, "certified"), (supervised_per_year, "supervised")):
        for row in rows:
            years.setdefault(row["year"], {"year": row["year"], "certified": 0,
                                           "supervised": 0})[key] = row["count"]
    return {
        "per_method": per_method,
        "per_year": [years[year] for year in sorted(years)],
        "per_quarter": certified_per_quarter,
        "per_province": per_province,
        "per_region": per_region,
        "regions_covered": len(per_region),
        "regions_total": regions_total,
        "practitioners": Practitioner.objects.count(),
        "in_training": PractitionerMethod.objects.filter(
            status=CertificationStatus.IN_TRAINING).count(),
        "supervised_cases": SupervisedCase.objects.count(),
    }
