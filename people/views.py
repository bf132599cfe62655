from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.accesslog import logged_export
from accounts.models import AccessLogEntry, Invitation
from accounts.rules import user_access
from people import services
from people.forms import AccessLogFilterForm, InviteForm
from people.personal_data import personal_data_sheets
from sites.models import Site
from toolkit.exports import csv_response, workbook_response, xlsx_response

LOG_PAGE_SIZE = 50


def _require(request, rule):
    if not getattr(user_access(request.user), rule):
        raise PermissionDenied(_("Only an administrator can do this."))


def _person_or_404(pk):
    return get_object_or_404(get_user_model(), pk=pk)


@login_required
def people(request):
    """Everyone with an account: roles, sites, two-factor login, invitation, active."""
    _require(request, "can_manage_people")
    persons = (
        get_user_model()
        .objects.annotate(
            has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .prefetch_related(
            "groups",
            Prefetch("led_sites", queryset=Site.objects.order_by("name")),
            Prefetch("invitations", queryset=Invitation.objects.order_by("-sent_at")),
        )
        .order_by("-is_active", "first_name", "last_name", "username")
    )
    rows = []
    for person in persons:
        names = roles.role_names(person)
        invitations = list(person.invitations.all())
        rows.append(
            {
                "person": person,
                "roles": [roles.role_label(n) for n in roles.ROLE_ORDER if n in names],
                "sites": list(person.led_sites.all()),
                "invited": invitations[0] if invitations else None,
                "waiting": not person.has_usable_password() and person.is_active,
            }
        )
    return render(request, "people/people.html", {"rows": rows})


@login_required
def person_invite(request):
    _require(request, "can_manage_people")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_invite(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                sites=data["sites"],
                regions=data["regions"],
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s was invited; the e-mail with the link is on its way to %(email)s.")
                % {"name": person.get_full_name(), "email": person.email},
            )
            return redirect("people:people")
    return render(request, "people/invite.html", {"form": form})


@login_required
@require_POST
def person_reinvite(request, pk):
    _require(request, "can_manage_people")
    person = _person_or_404(pk)
    try:
        services.invitation_send(
            person=person, invited_by=request.user, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A new link was sent to %(email)s.") % {"email": person.email})
    return redirect("people:people")


@login_required
def person_deactivate(request, pk):
    """Confirm (GET), then deactivate (POST): no more logins, sessions end now."""
    _require(request, "can_manage_people")
    person = _person_or_404(pk)
    if request.method == "POST":
        try:
            services.person_deactivate(person=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is deactivated and logged out everywhere.")
                % {"name": person.get_full_name() or person.username},
            )
        return redirect("people:people")
    return render(request, "people/deactivate.html", {"person": person})


@login_required
@logged_export
def person_export(request, pk):
    """Everything stored about a person, as a workbook in Danish."""
    _require(request, "can_manage_people")
    person = _person_or_404(pk)
    request.accessed_object = person
    day = timezone.localdate().isoformat()
    return workbook_response(
        f"persondata-{person.username}-{day}.xlsx", personal_data_sheets(person)
    )


def _log_filters(request):
    form = AccessLogFilterForm(request.GET or None)
    entries = AccessLogEntry.objects.select_related("user")
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    elif form.is_bound:
        entries = entries.none()
    return form, entries


@login_required
def access_log(request):
    """Who read, downloaded and exported what, newest first, with filters."""
    _require(request, "can_read_access_log")
    form, entries = _log_filters(request)
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "people/access_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "retention_months": settings.ACCESS_LOG_RETENTION_MONTHS,
        },
    )


def _log_rows(entries):
    for entry in entries.iterator(chunk_size=2000):
        yield [
            entry.at,
            entry.user.get_full_name(),
            entry.user.username,
            str(entry.get_action_display()),
            entry.page,
            entry.subject,
            entry.path,
            entry.ip_address or "",
        ]


@login_required
@logged_export
def access_log_export(request, fmt):
    _require(request, "can_read_access_log")
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    form, entries = _log_filters(request)
    if form.is_bound and not form.is_valid():
        # The filters were refused: nothing is exported (nor logged as an export).
        return HttpResponseBadRequest(
            _("The filters are not valid; nothing was exported. Go back and correct them.")
        )
    header = [
        _("Time"),
        _("Name"),
        _("User name"),
        _("Action"),
        _("Page"),
        _("What"),
        _("Address (URL)"),
        _("IP address"),
    ]
    filename = f"adgangslog-{timezone.localdate().isoformat()}.{fmt}"
    rows = _log_rows(entries)
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows)
