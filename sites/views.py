"""The Steder page: administrators make and change sites, regions and clusters in the app.

Every page asks the access table's `can_manage_sites` before it looks anything up, so a
person it refuses learns nothing of which sites exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.rules import user_access
from sites import services
from sites.forms import ClusterForm, RegionForm, SiteForm, leader_choices
from sites.models import Cluster, Region, Site
from toolkit.versioning import Duplicate, EditConflict


def _require_manager(request):
    if not user_access(request.user).can_manage_sites:
        raise PermissionDenied(_("Only an administrator can make and change sites."))


@login_required
def site_list(request):
    """Every region with its clusters and sites, each with a way to change it."""
    _require_manager(request)
    sites = Site.objects.select_related("cluster").prefetch_related(
        Prefetch("leaders", queryset=leader_choices())
    )
    regions = Region.objects.prefetch_related(
        Prefetch("sites", queryset=sites),
        Prefetch("clusters", queryset=Cluster.objects.annotate(site_count=Count("sites"))),
    )
    return render(request, "sites/site_list.html", {"regions": regions})


def _form_page(request, form, *, title, saved, back):
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.form_save(form)
        except EditConflict as exc:
            form.show_conflict(exc.current)
        except Duplicate:
            form.add_error("name", _("Someone made one of that name just now."))
        else:
            messages.success(request, saved % {"name": obj})
            return redirect("sites:site_list")
    return render(request, "sites/site_form.html", {"form": form, "title": title, "back": back})


@login_required
def site_create(request):
    _require_manager(request)
    form = SiteForm(request.POST or None)
    return _form_page(
        request, form, title=_("New site"), saved=_("%(name)s was created."), back=None
    )


@login_required
def site_edit(request, pk):
    _require_manager(request)
    site = get_object_or_404(Site, pk=pk)
    form = SiteForm(request.POST or None, instance=site)
    title = _("Change %(name)s") % {"name": site.name}
    return _form_page(request, form, title=title, saved=_("%(name)s was saved."), back=site)


@login_required
def region_create(request):
    _require_manager(request)
    form = RegionForm(request.POST or None)
    return _form_page(
        request, form, title=_("New region"), saved=_("%(name)s was created."), back=None
    )


@login_required
def region_edit(request, pk):
    _require_manager(request)
    region = get_object_or_404(Region, pk=pk)
    form = RegionForm(request.POST or None, instance=region)
    title = _("Change %(name)s") % {"name": region.name}
    return _form_page(request, form, title=title, saved=_("%(name)s was saved."), back=None)


@login_required
def cluster_create(request):
    _require_manager(request)
    form = ClusterForm(request.POST or None)
    return _form_page(
        request, form, title=_("New cluster"), saved=_("%(name)s was created."), back=None
    )


@login_required
def cluster_edit(request, pk):
    _require_manager(request)
    cluster = get_object_or_404(Cluster, pk=pk)
    form = ClusterForm(request.POST or None, instance=cluster)
    title = _("Change %(name)s") % {"name": cluster.name}
    return _form_page(request, form, title=title, saved=_("%(name)s was saved."), back=None)
