from django.db import migrations

from bloem.programmes.programme_data import PETAL, PROGRAMMES


def load(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    ProgrammeTheme = apps.get_model("programmes", "ProgrammeTheme")
    for data in PROGRAMMES:
        programme, _ = Programme.objects.update_or_create(
            code=data["code"],
            defaults={"name": data["name"], "description": data["description"],
                      "parallel_group": data["parallel_group"], "run_by": data["run_by"],
                      "petal_id": PETAL},
        )
        for order, name in enumerate(data["themes"], start=1):
            ProgrammeTheme.objects.update_or_create(programme=programme, order=order,
                                                    defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_group_programmes_and_treatment"),
        ("catalogue", "0002_flower"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
