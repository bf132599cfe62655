"""The schedule's site is now sites.Site (the same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("sites", "0001_initial"),
    ]

    # The tables stay where they are (reviews_site …): only Django's picture of which app
    # owns the models changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="schedulechange",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="schedule_changes",
                        to="sites.site",
                        verbose_name="site",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
