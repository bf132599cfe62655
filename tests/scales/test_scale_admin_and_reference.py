from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts import roles
from scales import services
from scales.models import Scale
from tests.clients import Client
from tests.factories import make_user


@pytest.fixture
def ips25(db):
    return Scale.objects.published().get(code="ips-25")


@pytest.fixture
def ips15(db):
    return Scale.objects.published().get(code="ips-15")


def test_admin_shows_a_published_version_read_only(client, admin, ips25):
    client.force_login(admin)
    response = client.get(reverse("admin:scales_scale_change", args=[ips25.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    assert "Case load" in response.text


def test_admin_refuses_a_posted_change_to_a_published_version(client, admin, ips25):
    client.force_login(admin)
    response = client.post(
        reverse("admin:scales_scale_change", args=[ips25.pk]),
        {"code": "ips-25", "name": "Ændret", "edition_year": 2008},
    )
    assert response.status_code == 403
    ips25.refresh_from_db()
    assert ips25.name == "Fidelityskalaen 2008"


def test_admin_refuses_to_edit_a_published_item(client, admin, ips25):
    client.force_login(admin)
    item = ips25.items.get(number=2)
    response = client.get(reverse("admin:scales_item_change", args=[item.pk]))
    assert 'name="_save"' not in response.text
    response = client.post(reverse("admin:scales_item_change", args=[item.pk]), {"name": "x"})
    assert response.status_code == 403


def test_admin_makes_edits_and_publishes_a_new_version(client, admin, ips25):
    client.force_login(admin)
    changelist = reverse("admin:scales_scale_changelist")
    response = client.post(
        changelist, {"action": "create_new_version", "_selected_action": [ips25.pk]}, follow=True
    )
    assert "Oprettede udkastet IPS-25 v2 – Fidelityskalaen 2008" in response.text
    draft = Scale.objects.get(code="ips-25", version=2)

    item = draft.items.get(number=1)
    anchors = list(item.anchors.all())
    data = {
        "section": item.section_id,
        "number": 1,
        "name": "Caseload pr. IPS-konsulent",
        "english_name": item.english_name,
        "definition": item.definition,
        "data_sources": item.data_sources,
        "guidance": item.guidance,
        "anchors-TOTAL_FORMS": 5,
        "anchors-INITIAL_FORMS": 5,
        "anchors-MIN_NUM_FORMS": 0,
        "anchors-MAX_NUM_FORMS": 5,
    }
    for index, anchor in enumerate(anchors):
        data[f"anchors-{index}-id"] = anchor.pk
        data[f"anchors-{index}-item"] = item.pk
        data[f"anchors-{index}-score"] = anchor.score
        data[f"anchors-{index}-text"] = anchor.text
    data["anchors-4-text"] = "Højst 19 aktive IPS-kandidater pr. fuldtids IPS-konsulent."
    # The calculator's ladder is the draft's too, edited beside the anchors.
    ladder = item.ladder
    data.update(
        {
            "ladder-TOTAL_FORMS": 1,
            "ladder-INITIAL_FORMS": 1,
            "ladder-MIN_NUM_FORMS": 0,
            "ladder-MAX_NUM_FORMS": 1,
            "ladder-0-id": ladder.pk,
            "ladder-0-item": item.pk,
            "ladder-0-quantity": ladder.quantity,
            "ladder-0-unit": ladder.unit,
            "ladder-0-per_consultant": "on",
            "ladder-0-direction": ladder.direction,
            "ladder-0-score_5": 19,
            "ladder-0-score_4": 25,
            "ladder-0-score_3": 30,
            "ladder-0-score_2": 40,
        }
    )
    response = client.post(reverse("admin:scales_item_change", args=[item.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    item.refresh_from_db()
    assert item.name == "Caseload pr. IPS-konsulent"
    assert item.anchors.get(score=5).text.startswith("Højst 19")
    item.ladder.refresh_from_db()
    assert item.ladder.score_5 == 19

    # A ladder out of order is refused with the reason, and nothing is saved.
    data["ladder-0-score_4"] = 18
    response = client.post(reverse("admin:scales_item_change", args=[item.pk]), data)
    assert response.status_code == 200
    assert "skal hver score have et lavere tal" in response.text

    # Publishing asks for a confirmation and a note of what changed, which it sums up.
    response = client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    publish_url = reverse("admin:scales_scale_publish", args=[draft.pk])
    assert response.url == publish_url
    page = client.get(publish_url).text
    assert "Item 1 (Caseload pr. IPS-konsulent)" in page
    assert "IPS-25 v1 – Fidelityskalaen 2008 udgår" in page
    response = client.post(publish_url, {"change_note": "", "confirm": "on"})
    assert "Skriv, hvad der er ændret i denne version" in response.text
    draft.refresh_from_db()
    assert draft.status == Scale.Status.DRAFT
    note = "Item 1 hedder nu Caseload pr. IPS-konsulent; score 5 kræver højst 19 kandidater."
    response = client.post(publish_url, {"change_note": note, "confirm": "on"})
    assert response.url == changelist
    draft.refresh_from_db()
    ips25.refresh_from_db()
    assert draft.status == Scale.Status.PUBLISHED
    assert draft.change_note == note
    assert ips25.status == Scale.Status.RETIRED
    assert ips25.items.get(number=1).name == "Case load"


def test_reviewers_read_what_changed_on_the_scale_page(client, reviewer, ips25):
    draft = services.scale_create_version(scale=ips25)
    services.scale_publish(scale=draft, change_note="Item 7: ny tekst til score 4.")
    client.force_login(reviewer)
    page = client.get(draft.get_absolute_url()).text
    assert "Det er nyt i version 2" in page
    assert "Item 7: ny tekst til score 4." in page
    assert "Det er nyt i version" not in client.get(ips25.get_absolute_url()).text


def test_admin_publish_reports_why_a_draft_is_invalid(client, admin, ips15):
    client.force_login(admin)
    draft = services.scale_create_version(scale=ips15)
    draft.bands.filter(min_total=56).delete()
    response = client.post(
        reverse("admin:scales_scale_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "56–65" in response.text
    response = client.post(
        reverse("admin:scales_scale_publish", args=[draft.pk]),
        {"change_note": "Bånd rettet", "confirm": "on"},
    )
    assert "56–65" in response.text
    draft.refresh_from_db()
    assert draft.status == Scale.Status.DRAFT


def test_reference_page_lists_every_item_and_anchor(client, reviewer, ips25):
    client.force_login(reviewer)
    response = client.get(ips25.get_absolute_url())
    assert response.status_code == 200
    for item in ips25.items.all():
        assert item.name in response.text
    assert response.text.count('<th scope="row" class="anchor-score">') == 125
    assert "100–114" in response.text


def test_reference_page_runs_the_same_queries_for_any_scale(
    client, reviewer, ips15, ips25, django_assert_num_queries
):
    client.force_login(reviewer)
    client.get(ips15.get_absolute_url())
    # session, user, groups (roles: may they see drafts? and the role labels), scale,
    # sections, items, anchors, bands (the session is written at most once a minute, not now)
    with django_assert_num_queries(8):
        client.get(ips15.get_absolute_url())
    with django_assert_num_queries(8):
        client.get(ips25.get_absolute_url())


def test_drafts_are_hidden_from_reviewers_but_shown_to_admins(client, reviewer, admin, ips15):
    draft = services.scale_create_version(scale=ips15)
    client.force_login(reviewer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    # Not a bare "v2": a random CSRF token on the page may hold those two characters.
    assert f'href="{draft.get_absolute_url()}"' not in client.get(reverse("scales:scale_list")).text
    client.force_login(admin)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_scales_list_names_each_scale_once_newest_version_first(client, admin, ips25):
    services.scale_create_version(scale=ips25)
    client.force_login(admin)
    page = client.get(reverse("scales:scale_list")).text
    assert "Fidelityskalaen 2008" in page
    assert "(2008)" not in page
    # Grouped by scale, the new draft above the version it replaces.
    rows = [line for line in page.splitlines() if 'data-label="Version"' in line]
    versions = [row.split(">")[1].split("<")[0] for row in rows]
    assert versions == ["1", "2", "1"]


def test_two_administrators_editing_one_draft_item_lose_nothing(client, admin, ips15):
    draft = services.scale_create_version(scale=ips15)
    item = draft.items.get(number=1)
    other = make_user("admin2", role=roles.ADMINISTRATOR, is_superuser=True)
    second = Client()
    client.force_login(admin)
    second.force_login(other)
    url = reverse("admin:scales_item_change", args=[item.pk])
    page = client.get(url).text
    assert 'name="revision_seen" value="0"' in page
    form = browser_form(page)
    client.post(url, {**form, "name": "Sagsstamme (ny)"})
    response = second.post(url, {**form, "name": "Sagsstamme (anden)"})
    assert response.status_code == 200
    assert "Nogen andre gemte dette, mens du redigerede det" in response.text
    item.refresh_from_db()
    assert (item.name, item.revision) == ("Sagsstamme (ny)", 1)


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.values[name] = attrs.get("value", "")
        elif tag == "input" and name and "checked" in attrs:
            self.values[name] = attrs.get("value", "on")
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data


def browser_form(page) -> dict:
    """What a browser would post from the page's form, as it stands."""
    parser = _Form()
    parser.feed(page)
    return {k: v for k, v in parser.values.items() if k != "csrfmiddlewaretoken"}
