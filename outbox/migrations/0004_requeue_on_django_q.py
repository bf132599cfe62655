"""The task queue moved from django-tasks to django-q2: e-mails still waiting in the old queue
are queued again in the new one, and the old queue's table goes."""

from django.db import migrations


def requeue(apps, schema_editor):
    from outbox.tasks import enqueue  # the real task queue, not a historical model

    Email = apps.get_model("outbox", "Email")
    for pk in Email.objects.filter(status__in=["queued", "sending"]).values_list("pk", flat=True):
        enqueue(pk)


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0003_delivery_attempts"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(requeue, migrations.RunPython.noop),
        migrations.RunSQL(
            "DROP TABLE IF EXISTS django_tasks_database_dbtaskresult",
            migrations.RunSQL.noop,
        ),
    ]
