"""Sites, regions, clusters and skipped rounds move here from the reviews app, tables and all."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("reviews", "0008_after_the_fact"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables stay where they are (reviews_site …): only Django's picture of which app
    # owns the models changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Region",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=100, unique=True, verbose_name="name"),
                        ),
                    ],
                    options={
                        "verbose_name": "region",
                        "verbose_name_plural": "regions",
                        "db_table": "reviews_region",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Cluster",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "psychiatry",
                            models.CharField(blank=True, max_length=300, verbose_name="psychiatry"),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(
                                default=0,
                                help_text="Clusters are listed in this order in overviews (lowest first).",
                                verbose_name="order",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="clusters",
                                to="sites.region",
                                verbose_name="region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "cluster",
                        "verbose_name_plural": "clusters",
                        "db_table": "reviews_cluster",
                        "ordering": ["region", "order", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="Site",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=150, unique=True, verbose_name="name"),
                        ),
                        (
                            "jobcenter",
                            models.CharField(blank=True, max_length=150, verbose_name="jobcenter"),
                        ),
                        (
                            "psychiatry_partner",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="psychiatry partner"
                            ),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        (
                            "cluster",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="sites",
                                to="sites.cluster",
                                verbose_name="cluster",
                            ),
                        ),
                        (
                            "leaders",
                            models.ManyToManyField(
                                blank=True,
                                db_table="reviews_site_leaders",
                                help_text="Leaders read the finalized reviews and reports of this site.",
                                related_name="led_sites",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="leaders",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="sites",
                                to="sites.region",
                                verbose_name="region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "site",
                        "verbose_name_plural": "sites",
                        "db_table": "reviews_site",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="SkippedRound",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "scale_code",
                            models.SlugField(
                                help_text="E.g. ips-15.", max_length=20, verbose_name="scale code"
                            ),
                        ),
                        ("round", models.PositiveSmallIntegerField(verbose_name="round")),
                        ("reason", models.CharField(max_length=300, verbose_name="reason")),
                        (
                            "site",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="skipped_rounds",
                                to="sites.site",
                                verbose_name="site",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "missing review",
                        "verbose_name_plural": "missing reviews",
                        "db_table": "reviews_skippedround",
                        "ordering": ["site", "scale_code", "round"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="cluster",
                    constraint=models.UniqueConstraint(
                        fields=("region", "name"), name="reviews_cluster_unique_name"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="skippedround",
                    constraint=models.UniqueConstraint(
                        fields=("site", "scale_code", "round"), name="reviews_skippedround_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="skippedround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("round__gte", 1)),
                        name="reviews_skippedround_round_gte_1",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
