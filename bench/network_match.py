"""Benchmark of the practitioner matching and the directory search at directory sizes far
beyond the demo: copies of the demo's practitioners are added in bulk to a fresh SQLite
database until it holds N, then the matching (SQL pre-filter + exact ranking) and one
directory page (nearest first) are timed for a handful of municipalities.

    DJANGO_SETTINGS_MODULE=bloem.settings.dev BLOEM_VAR_DIR=$(mktemp -d) \
        python bench/network_match.py [--practitioners 5000]
"""

import argparse
import statistics
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--practitioners", type=int, default=5000)
    args = parser.parse_args()
    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from bloem.accounts.models import Municipality
    from bloem.demo.network import ensure_network
    from bloem.network import selectors, services
    from bloem.network.models import Practitioner, PractitionerMethod

    call_command("migrate", verbosity=0)
    from django.utils import timezone

    ensure_network(seed=1, today=timezone.localdate())
    originals = list(Practitioner.objects.all())
    methods = list(PractitionerMethod.objects.filter(supervisor__isnull=True))
    copy = 0
    while Practitioner.objects.count() < args.practitioners:
        copy += 1
        made = Practitioner.objects.bulk_create([
            Practitioner(organisation_id=p.organisation_id, name=f"{p.name} #{copy}",
                         population=p.population, base_id=p.base_id, max_age=p.max_age,
                         open_places=p.open_places, waiting_weeks=p.waiting_weeks,
                         serves_region=p.serves_region) for p in originals])
        by_old = {old.pk: new for old, new in zip(originals, made, strict=True)}
        PractitionerMethod.objects.bulk_create([
            PractitionerMethod(practitioner=by_old[m.practitioner_id], method=m.method,
                               status=m.status, certified_on=m.certified_on)
            for m in methods])
    total = Practitioner.objects.count()
    places = list(Municipality.objects.filter(code__in=[
        "GM0363", "GM0014", "GM0344", "GM0935", "GM0080"]))
    timings, directory, found = [], [], []
    for place in places * 5:
        reset_queries()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            matches = services.match(method="emdr", age=10, municipality=place)
        timings.append(time.perf_counter() - started)
        found.append(len(matches))
        started = time.perf_counter()
        list(selectors.directory(method="emdr", municipality=place)[:25])
        directory.append(time.perf_counter() - started)
    print(f"{total} practitioners: matching median {statistics.median(timings) * 1000:.1f} ms "
          f"(max {max(timings) * 1000:.1f} ms, {len(queries)} query, "
          f"{statistics.median(found):.0f} proposals); directory page median "
          f"{statistics.median(directory) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
