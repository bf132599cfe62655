"""Sites, regions, clusters and skipped rounds now belong to the sites app (the same tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_site_moved"),
        ("outcomes", "0002_site_moved"),
        ("reviews", "0008_after_the_fact"),
        ("sites", "0001_initial"),
    ]

    # The tables stay where they are (reviews_site …): only Django's picture of which app
    # owns the models changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="site",
                    name="cluster",
                ),
                migrations.RemoveField(
                    model_name="site",
                    name="region",
                ),
                migrations.RemoveField(
                    model_name="site",
                    name="leaders",
                ),
                migrations.AlterField(
                    model_name="review",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviews",
                        to="sites.site",
                        verbose_name="site",
                    ),
                ),
                migrations.RemoveField(
                    model_name="skippedround",
                    name="site",
                ),
                migrations.AlterField(
                    model_name="historicalreview",
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
                migrations.DeleteModel(
                    name="Cluster",
                ),
                migrations.DeleteModel(
                    name="Region",
                ),
                migrations.DeleteModel(
                    name="SkippedRound",
                ),
                migrations.DeleteModel(
                    name="Site",
                ),
            ],
            database_operations=[],
        ),
    ]
