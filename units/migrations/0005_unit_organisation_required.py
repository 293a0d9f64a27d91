import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("units", "0004_organisation_per_municipality")]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="units",
                to="units.organisation",
                verbose_name="organisation",
            ),
        ),
    ]
