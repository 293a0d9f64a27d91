from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 3 of 3: drop the plain-text numbers; one child per number and municipality is now
    kept by the lookup hash."""

    dependencies = [("children", "0004_identity_number_encrypt_existing")]

    operations = [
        migrations.RemoveConstraint(
            model_name="child", name="unique_child_identity_number_per_municipality"
        ),
        migrations.RemoveField(model_name="child", name="identity_number"),
        migrations.RemoveField(model_name="guardian", name="identity_number"),
        migrations.AddConstraint(
            model_name="child",
            constraint=models.UniqueConstraint(
                condition=models.Q(("identity_number_hash", ""), _negated=True),
                fields=("municipality", "identity_number_hash"),
                name="unique_child_identity_number_per_municipality",
            ),
        ),
    ]
