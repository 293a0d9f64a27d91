"""Step 2 of 3: encrypt the identity numbers already stored in plain text.

Reads the keys from settings (IDENTITY_NUMBER_KEYS, IDENTITY_NUMBER_HMAC_KEY); production
settings refuse to start without them, so this never runs keyless. Backwards, it decrypts."""

from django.db import migrations

from children.identity import (
    identity_number_decrypt,
    identity_number_encrypt,
    identity_number_lookup_hash,
)

MODELS = {"child": "children.Child", "guardian": "children.Guardian"}
BATCH = 1000


def encrypt(apps, schema_editor):
    for model_name, label in MODELS.items():
        model = apps.get_model("children", model_name)
        column = f"{label}.identity_number"
        rows = model.objects.exclude(identity_number="").only("pk", "identity_number")
        changed = []
        for row in rows.iterator(chunk_size=BATCH):
            row.identity_number_encrypted = identity_number_encrypt(
                row.identity_number, column=column, row_id=row.pk
            )
            row.identity_number_hash = identity_number_lookup_hash(row.identity_number)
            changed.append(row)
            if len(changed) >= BATCH:
                model.objects.bulk_update(
                    changed, ["identity_number_encrypted", "identity_number_hash"]
                )
                changed = []
        model.objects.bulk_update(changed, ["identity_number_encrypted", "identity_number_hash"])


def decrypt(apps, schema_editor):
    for model_name, label in MODELS.items():
        model = apps.get_model("children", model_name)
        column = f"{label}.identity_number"
        changed = []
        for row in model.objects.exclude(identity_number_encrypted="").iterator(chunk_size=BATCH):
            row.identity_number = identity_number_decrypt(
                row.identity_number_encrypted, column=column, row_id=row.pk
            )
            changed.append(row)
        model.objects.bulk_update(changed, ["identity_number"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("children", "0003_identity_number_encrypted_columns")]

    operations = [migrations.RunPython(encrypt, decrypt)]
