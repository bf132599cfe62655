from django.db import transaction

from sites.models import Site


@transaction.atomic
def site_create(*, name, region) -> Site:
    """A new active site, as a reviewer names it on Nyt review (administrators complete it)."""
    site = Site(name=name.strip(), region=region)
    site.full_clean()
    site.save()
    return site
