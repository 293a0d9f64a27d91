"""The team log moved to `teamlog` (issue 17): Django forgets the model here without touching
the table, which `teamlog.LogEntry` now names (`teams_logentry`, rows and policy kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0004_unit_invitations_and_meeting_participants"),
        ("teamlog", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LogEntry")],
            database_operations=[],
        ),
    ]
