"""The team log moved here from `teams` (issue 17): only Django's idea of the model moves; the
table keeps its name, `teams_logentry`, its rows and its row-level security policy."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("children", "0005_identity_number_plain_removed"),
        ("concerns", "0003_unit_measures"),
        ("municipalities", "0001_initial"),
        ("teams", "0004_unit_invitations_and_meeting_participants"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LogEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("note", "Note"), ("level", "Level changed"), ("member", "Membership"), ("consent", "Consent"), ("plan", "Plan"), ("measure", "Measure"), ("evaluation", "Evaluation"), ("decision", "Decision"), ("meeting", "Meeting"), ("task", "Task"), ("handover", "Hand-over"), ("closed", "Closed")], max_length=16, verbose_name="kind")),
                        ("text", models.TextField(blank=True, verbose_name="text")),
                        ("message", models.CharField(blank=True, max_length=300)),
                        ("params", models.JSONField(blank=True, default=dict)),
                        ("author_label", models.CharField(blank=True, max_length=200, verbose_name="written by (outside staff)")),
                        ("occurred_at", models.DateTimeField(verbose_name="time")),
                        ("author", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="written by")),
                        ("child", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="children.child", verbose_name="child")),
                        ("concern", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="log", to="concerns.concern", verbose_name="concern")),
                        ("municipality", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="municipalities.municipality", verbose_name="municipality")),
                        ("team", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="log", to="teams.team", verbose_name="team")),
                    ],
                    options={
                        "verbose_name": "log entry",
                        "verbose_name_plural": "log entries",
                        "db_table": "teams_logentry",
                        "ordering": ["-occurred_at", "-id"],
                        "indexes": [models.Index(fields=["concern", "occurred_at"], name="teams_logen_concern_efec9c_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
