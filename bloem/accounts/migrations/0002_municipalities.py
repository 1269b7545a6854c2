"""Load the 342 Dutch municipalities (1 January 2026) from shared/data/gemeenten.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "gemeenten.csv"


def load(apps, schema_editor):
    Municipality = apps.get_model("accounts", "Municipality")
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    Municipality.objects.using(schema_editor.connection.alias).bulk_create(
        Municipality(
            code=row["code"], name=row["name"], province=row["province"],
            youth_region=row["jeugdregio"], latitude=row["lat"], longitude=row["lon"],
            inhabitants=int(row["inhabitants"]),
        )
        for row in rows
    )


def unload(apps, schema_editor):
    apps.get_model("accounts", "Municipality").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
