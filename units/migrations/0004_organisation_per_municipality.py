"""Every municipality is an organisation, and every existing unit belongs to its municipality's:
the same rows `load_organisations` keeps in step (it also adds the county authorities)."""

from django.db import migrations


def organisations_per_municipality(apps, schema_editor):
    Municipality = apps.get_model("municipalities", "Municipality")
    Organisation = apps.get_model("units", "Organisation")
    Unit = apps.get_model("units", "Unit")
    for municipality in Municipality.objects.all():
        # Municipality.label: SSB's form where two share a name ("Herøy (Nordland)").
        label = municipality.name_ssb if "(" in municipality.name_ssb else municipality.name
        organisation, _created = Organisation.objects.get_or_create(
            municipality=municipality,
            defaults={"kind": "municipality", "name": f"{label} kommune"},
        )
        organisation.serves.add(municipality)
        Unit.objects.filter(municipality=municipality, organisation__isnull=True).update(
            organisation=organisation
        )


class Migration(migrations.Migration):
    dependencies = [("units", "0003_organisation")]

    operations = [
        migrations.RunPython(organisations_per_municipality, migrations.RunPython.noop),
    ]
