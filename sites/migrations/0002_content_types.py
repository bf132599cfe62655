"""The moved models' content types (and so their permissions and admin log entries) follow
them to the sites app, in a database made before the move."""

from django.db import migrations

MOVED = ["region", "cluster", "site", "skippedround"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label="reviews", model=model)
        if not ContentType.objects.filter(app_label="sites", model=model).exists():
            old.update(app_label="sites")


def back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="sites", model__in=MOVED).update(app_label="reviews")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("sites", "0001_initial"),
        ("reviews", "0009_sites_moved"),
    ]

    operations = [migrations.RunPython(move_content_types, back)]
