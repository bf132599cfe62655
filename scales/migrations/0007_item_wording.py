"""One word per concept in the shipped descriptions of IPS-25 v1 and IPS-15 v1: the app says
"item" and "bedømmer", the descriptions said "punkt" and "reviewer".

The published versions are frozen for the app's own writes (`Scale.save`, the queryset's
`update`); this migration changes only the wording of the description, with the historical
model, and no anchor, band or score. The item texts already say "item".
"""

from django.db import migrations

WORDING = (
    ("25 punkter fordelt", "25 items fordelt"),
    ("15 punkter fordelt", "15 items fordelt"),
    ("To reviewere scorer hvert punkt", "To bedømmere scorer hvert item"),
    ("fælles score pr. punkt", "fælles score pr. item"),
)


def reword(apps, schema_editor, pairs):
    Scale = apps.get_model("scales", "Scale")
    for scale in Scale.objects.filter(code__in=["ips-25", "ips-15"], version=1):
        text = scale.description
        for old, new in pairs:
            text = text.replace(old, new)
        if text != scale.description:
            Scale.objects.filter(pk=scale.pk).update(description=text)


def forwards(apps, schema_editor):
    reword(apps, schema_editor, WORDING)


def backwards(apps, schema_editor):
    reword(apps, schema_editor, [(new, old) for old, new in WORDING])


class Migration(migrations.Migration):
    dependencies = [("scales", "0006_change_note")]

    operations = [migrations.RunPython(forwards, backwards)]
