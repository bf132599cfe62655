"""Who saw what: reads, downloads and exports are logged, append-only, kept for a period."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.accesslog import record_access
from accounts.management.commands.prune_access_log import months_before
from accounts.models import AccessLogEntry, AppendOnly
from tests.factories import finalize, make_review, make_site, score_all
from tests.urlwalk import all_url_names


@pytest.fixture
def finalized(reviewer, leader, placeholder_pdf):
    site = make_site(leaders=[leader])
    return finalize(score_all(make_review(lead=reviewer, site=site, scale="ips-15")), reviewer)


# Every URL, and whether its successful responses are logged. A new URL fails
# `test_every_url_declares_whether_it_is_logged` until it is added here.
READ, DOWNLOAD, EXPORT = AccessLogEntry.Action
LOGGED = {
    # Review data on a page: the review, its log, one's rating, the consensus, a site's page.
    "reviews:review_detail": READ,
    "reviews:review_log": READ,
    "reviews:my_rating": READ,
    "reviews:consensus": READ,
    # The site's comments on a draft (høring).
    "reviews:hearing": READ,
    # The draft's moderation: its steps and the moderator's comments.
    "reviews:moderation": READ,
    "overview:site_detail": READ,
    "reports:report_pdf": DOWNLOAD,
    "overview:overview_pdf": DOWNLOAD,
    "overview:export": EXPORT,
    "overview:national_export": EXPORT,
    # Item scores of a region's reviews, and the reviewers' ratings across reviews.
    "analytics:regional_analytics": READ,
    "analytics:regional_export": EXPORT,
    "analytics:calibration": READ,
    "people:person_export": EXPORT,
    # A finalized review's action plan, on the page and as PDF, CSV or XLSX.
    "followup:action_plan": READ,
    "followup:action_plan_pdf": DOWNLOAD,
    "followup:action_plan_export": EXPORT,
    "people:access_log_export": EXPORT,
    # The visit's plan and the reviewers' notes (personal data from the visit).
    "visits:visit": READ,
    "visits:programme_pdf": DOWNLOAD,
}
NOT_LOGGED = {
    # Lists and overviews of totals, scales, the people pages, account and login pages.
    *(
        "overview:home",
        "reviews:my_reviews",
        "reviews:all_reviews",
        "reviews:leader_reports",
        "overview:overview",
        "scales:scale_list",
    ),
    *(
        "scales:scale_detail",
        "scales:scale_download",
        "scales:scale_upload",
        "scales:scale_new_version",
        "scales:scale_edit",
        "scales:item_edit",
        "scales:scale_publish",
        "people:people",
        "people:person_invite",
        "people:person_reinvite",
        "people:person_deactivate",
    ),
    *(
        "people:access_log",
        "accounts:login",
        "accounts:logout",
        "accounts:second_factor",
        "accounts:second_factor_setup",
    ),
    *(
        "accounts:recovery_codes",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
    ),
    *(
        "accounts:password_reset_complete",
        "accounts:invitation_accept",
        # Writing the visit's plan and notes (the page that shows them is logged).
        "visits:session_add",
        "visits:note_add",
        "visits:note_edit",
        "visits:note_delete",
        # Logging in and out through an identity provider (the attempts: sso.SignOnAttempt).
        "sso:login",
        "sso:acs",
        "sso:logout",
        "sso:logged_out",
        "sso:logged_out_post",
        "sso:metadata",
        "ops:healthz",
        "ops:favicon",
        "ops:accessibility",
        "ops:offline_worker",
        "notices:notice_settings",
    ),
    # A site's "Handleplan" link: it only redirects to the plan's page (logged there).
    "followup:site_action_plan",
    # Writes, kept with who and when by the change history instead.
    *(
        "reviews:review_create",
        "reviews:save_header",
        "reviews:save_item",
        "reviews:save_evidence",
        "reviews:save_area",
    ),
    *(
        "reviews:evidence_add",
        "reviews:evidence_remove",
        "reviews:area_add",
        "reviews:area_remove",
        "reviews:area_move",
    ),
    *(
        "reviews:basis_suggestion",
        "reviews:save_rating",
        "reviews:rating_done",
        "reviews:rating_reopen",
    ),
    *(
        "reports:review_finalize",
        "reviews:review_reopen",
        "reviews:checklist_attach",
        "reports:report_rerender",
        "reviews:hearing_send",
        "reviews:hearing_close",
        "reviews:moderation_request",
        "reviews:moderation_decide",
        "reviews:region_moderation",
    ),
    # A site's outcome figures are entered and kept with who and when; the formulas and the
    # import template hold no review data.
    *(
        "outcomes:outcome_period_create",
        "outcomes:outcome_period_edit",
        "outcomes:outcome_period_delete",
    ),
    *("outcomes:outcomes_import", "outcomes:outcomes_template", "outcomes:outcome_formulas"),
    # Actions and notes are kept with who and when; the schedule's changes with their reason;
    # the upcoming reviews list sites and dates, like the overview.
    *(
        "followup:action_create",
        "followup:action_carry_over",
        "followup:action_edit",
        "followup:action_note",
        "followup:next_review_edit",
        "followup:upcoming_reviews",
    ),
    # The information request is the scale's data sources for a planned visit: nothing
    # the reviewers wrote.
    *("reports:information_request", "reports:information_request_pdf"),
    # Sites, regions and clusters: names and partners, no review data.
    *(
        "sites:site_list",
        "sites:site_create",
        "sites:site_edit",
        "sites:region_create",
        "sites:region_edit",
    ),
    *("sites:cluster_create", "sites:cluster_edit"),
}


def test_every_url_declares_whether_it_is_logged():
    names = set(all_url_names())
    assert sorted(names - set(LOGGED) - NOT_LOGGED) == []
    assert sorted((set(LOGGED) | NOT_LOGGED) - names) == []
    for name in names:
        view = resolve(reverse_any(name)).func
        assert getattr(view, "access_log_action", None) == LOGGED.get(name), name


def reverse_any(name):
    from tests.urlwalk import iter_named_patterns

    params = dict(iter_named_patterns())[name]
    kwargs = {p: "csv" if p in {"fmt", "table"} else "MQ" if p == "uidb64" else "1" for p in params}
    return reverse(name, kwargs=kwargs)


def test_a_page_read_a_download_and_an_export_are_logged(client, leader, finalized):
    client.force_login(leader)
    client.get(finalized.get_absolute_url(), REMOTE_ADDR="10.1.2.3")
    client.get(reverse("reports:report_pdf", args=[finalized.pk]))
    url = reverse("overview:export", args=["totaler", "csv"]) + "?scale=ips-15"
    b"".join(client.get(url).streaming_content)
    read, download, export = AccessLogEntry.objects.order_by("pk")
    assert (read.user, read.action, read.page) == (leader, "read", "reviews:review_detail")
    assert read.subject == str(finalized)
    assert (read.subject_type, read.subject_id) == ("review", finalized.pk)
    assert read.ip_address == "10.1.2.3"
    assert (download.action, download.subject_id) == ("download", finalized.pk)
    assert (export.action, export.path) == ("export", url)
    assert export.subject == ""


def test_a_refused_read_is_not_logged(client, other_leader, finalized):
    client.force_login(other_leader)
    assert client.get(finalized.get_absolute_url()).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_the_address_behind_a_proxy(client, leader, finalized, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    client.force_login(leader)
    client.get(
        finalized.get_absolute_url(),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7",
    )
    assert AccessLogEntry.objects.get().ip_address == "192.0.2.7"


def entry(user, **extra):
    values = {
        "user": user,
        "action": "read",
        "page": "reviews:review_detail",
        "path": "/reviews/1/",
    }
    return AccessLogEntry.objects.create(**{**values, **extra})


def test_the_log_is_append_only(admin):
    logged = entry(admin)
    logged.path = "/reviews/2/"
    with pytest.raises(AppendOnly):
        logged.save()
    with pytest.raises(AppendOnly):
        logged.delete()
    with pytest.raises(AppendOnly):
        AccessLogEntry.objects.update(path="/")
    with pytest.raises(AppendOnly):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().path == "/reviews/1/"


def test_the_admin_site_shows_the_log_but_changes_nothing(client, admin):
    logged = entry(admin)
    client.force_login(admin)
    change_url = reverse("admin:accounts_accesslogentry_change", args=[logged.pk])
    assert client.get(change_url).status_code == 200
    client.post(change_url, {"path": "/"})
    delete_url = reverse("admin:accounts_accesslogentry_delete", args=[logged.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.get().path == "/reviews/1/"


def test_administrators_filter_the_log(client, admin, reviewer, leader):
    entry(reviewer, subject="Vejle Kommune 01.10.2026 (IPS-25)")
    entry(leader, action="download", subject="Kolding Kommune 01.10.2026 (IPS-25)")
    entry(leader, action="export", path="/eksport/scores.csv", at=timezone.now() - timedelta(40))
    client.force_login(admin)

    def shown(**filters):
        page = client.get(reverse("people:access_log"), filters).context["page"]
        return [(e.user.username, e.action) for e in page.object_list]

    assert len(shown()) == 3
    assert shown(person=reviewer.pk) == [("reviewer", "read")]
    assert shown(action="download") == [("leader", "download")]
    assert shown(q="kolding") == [("leader", "download")]
    assert shown(q="scores.csv") == [("leader", "export")]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert ("leader", "export") not in shown(date_from=since)
    page = client.get(reverse("people:access_log")).text
    assert "Vejle Kommune 01.10.2026 (IPS-25)" in page
    assert "Hentet" in page


def test_the_log_page_runs_the_same_queries_for_any_number_of_entries(
    client, admin, reviewer, django_assert_num_queries
):
    client.force_login(admin)
    entry(reviewer)
    # session, user, the administrator's second-factor device, groups; count; people for
    # the filter; the page of entries with their people (the session is written at most
    # once a minute, not now).
    with django_assert_num_queries(7):
        client.get(reverse("people:access_log"))
    for _ in range(60):
        entry(reviewer)
    with django_assert_num_queries(7):
        client.get(reverse("people:access_log"))


def test_administrators_export_the_log_and_the_export_is_logged(client, admin, reviewer):
    entry(reviewer, subject="=HYPERLINK(1)")
    client.force_login(admin)
    response = client.get(
        reverse("people:access_log_export", args=["xlsx"]), {"person": reviewer.pk}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("Tidspunkt", "Navn", "Brugernavn", "Handling")
    assert rows[1][2:4] == ("reviewer", "Læst")
    assert rows[1][5] == "=HYPERLINK(1)"  # a string cell, never a formula
    assert isinstance(rows[1][0], datetime)
    response = client.get(reverse("people:access_log_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Tidspunkt;Navn;Brugernavn")
    logged = AccessLogEntry.objects.filter(user=admin, action="export")
    assert logged.count() == 2


def test_only_administrators_read_the_log(client, leader, reviewer):
    for person in (leader, reviewer):
        client.force_login(person)
        assert client.get(reverse("people:access_log")).status_code == 403
        assert client.get(reverse("people:access_log_export", args=["csv"])).status_code == 403


def test_the_retention_command_removes_old_entries_and_nothing_else(admin, reviewer, finalized):
    now = timezone.now()
    kept = [entry(reviewer, at=now), entry(admin, at=months_before(now, 6) + timedelta(hours=1))]
    entry(reviewer, at=months_before(now, 6) - timedelta(hours=1))
    entry(admin, at=now - timedelta(days=400))
    reviews_before = type(finalized).objects.count()
    out = io.StringIO()
    call_command("prune_access_log", stdout=out)
    assert "Removed 2 access log entries" in out.getvalue()
    assert sorted(AccessLogEntry.objects.values_list("pk", flat=True)) == [e.pk for e in kept]
    assert type(finalized).objects.count() == reviews_before


def test_the_retention_period_is_a_setting(admin, settings):
    now = timezone.now()
    entry(admin, at=now - timedelta(days=40))
    settings.ACCESS_LOG_RETENTION_MONTHS = 1
    call_command("prune_access_log", stdout=io.StringIO())
    assert not AccessLogEntry.objects.exists()
    with pytest.raises(CommandError):
        call_command("prune_access_log", "--months", "0")


def test_months_are_calendar_months():
    at = datetime(2026, 8, 31, 12, tzinfo=UTC)
    assert months_before(at, 6) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert months_before(at, 8) == datetime(2025, 12, 31, 12, tzinfo=UTC)


def test_a_view_records_any_object_it_names(rf, admin):
    request = rf.get("/x/")
    request.user = admin
    request.resolver_match = None
    logged = record_access(request, AccessLogEntry.Action.EXPORT, subject=admin)
    assert (logged.subject_type, logged.subject_id, logged.page) == ("user", admin.pk, "")


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("overview:export", ["scores", "csv"], {"date_from": "2026-02-30"}),
        ("overview:national_export", ["xlsx"], {"date_from": "2026-02-30"}),
        ("overview:overview_pdf", [], {"scale": "nope"}),
        ("analytics:regional_export", ["csv"], {"region": "x"}),
        ("people:access_log_export", ["csv"], {"date_from": "tomorrow"}),
    ],
)
def test_an_export_with_refused_filters_is_no_export_and_is_not_logged(
    client, admin, name, args, query
):
    client.force_login(admin)
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 400
    assert not AccessLogEntry.objects.filter(action__in=["export", "download"]).exists()
