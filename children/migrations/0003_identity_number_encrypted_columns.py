from django.db import migrations, models


def _columns(model: str) -> list[migrations.AddField]:
    return [
        migrations.AddField(
            model_name=model,
            name="identity_number_encrypted",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=120,
                verbose_name="national identity number (encrypted)",
            ),
        ),
        migrations.AddField(
            model_name=model,
            name="identity_number_hash",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=64,
                verbose_name="national identity number (lookup hash)",
            ),
        ),
    ]


class Migration(migrations.Migration):
    """Step 1 of 3: the columns for encrypted identity numbers and their lookup hash."""

    dependencies = [("children", "0002_jobs_and_retention")]

    operations = [*_columns("child"), *_columns("guardian")]
