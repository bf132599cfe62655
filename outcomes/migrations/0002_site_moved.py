"""The outcome period's site is now sites.Site (the same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_outcome_period"),
        ("sites", "0001_initial"),
    ]

    # The tables stay where they are (reviews_site …): only Django's picture of which app
    # owns the models changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicaloutcomeperiod",
                    name="site",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sites.site",
                        verbose_name="site",
                    ),
                ),
                migrations.AlterField(
                    model_name="outcomeperiod",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="outcome_periods",
                        to="sites.site",
                        verbose_name="site",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
