"""Load the catalogue of help (the flower, M-20) from bloem/catalogue/flower.py."""

from django.db import migrations


def load(apps, schema_editor):
    from bloem.catalogue.flower import DOMAINS

    Domain = apps.get_model("catalogue", "Domain")
    Petal = apps.get_model("catalogue", "Petal")
    for domain_order, spec in enumerate(DOMAINS):
        domain = Domain.objects.using(schema_editor.connection.alias).create(
            code=spec["code"], name=spec["name"], provider_kind=spec["provider_kind"],
            financing=spec["financing"], order=domain_order,
        )
        Petal.objects.using(schema_editor.connection.alias).bulk_create(
            Petal(
                code=code, domain=domain, name=name, description=description,
                provider_kind=spec["provider_kind"], financing=spec["financing"], order=order,
            )
            for order, (code, name, description) in enumerate(spec["petals"])
        )


def unload(apps, schema_editor):
    apps.get_model("catalogue", "Petal").objects.using(schema_editor.connection.alias).all().delete()
    apps.get_model("catalogue", "Domain").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
