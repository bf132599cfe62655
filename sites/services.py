from django.db import transaction

from sites.models import Site
from toolkit.versioning import VersionedForm, create_once, save_unless_changed


@transaction.atomic
def site_create(*, name, region) -> Site:
    """A new active site, as a reviewer names it on Nyt review (administrators complete it)."""
    site = Site(name=name.strip(), region=region)
    site.full_clean()
    site.save()
    return site


def form_save(form):
    """Save a valid Steder form: a new site, region or cluster once (two administrators
    creating the same name at once get Duplicate), a site unless someone saved it since the
    form was opened (EditConflict)."""
    if form.instance.pk is None:
        return create_once(form.save)
    if not isinstance(form, VersionedForm):
        return form.save()
    with transaction.atomic():
        obj = form.save(commit=False)
        kept = ("id", "version")
        fields = [f.name for f in obj._meta.concrete_fields if f.name not in kept]
        save_unless_changed(obj, base_version=form.base_version, fields=fields)
        form.save_m2m()
    return obj
