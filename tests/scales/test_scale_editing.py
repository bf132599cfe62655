"""A new scale version made in the app, without the Django admin: drafted from the published
one, its items and anchors edited, the difference shown field by field, then published."""

import pytest
from django.urls import reverse

from scales.models import Scale
from tests.clients import Client


@pytest.fixture
def ips15(db):
    return Scale.objects.published().get(code="ips-15")


def item_data(item, **changes):
    data = {
        "revision_seen": item.revision,
        "name": item.name,
        "english_name": item.english_name,
        "definition": item.definition,
        "data_sources": item.data_sources,
        "guidance": item.guidance,
    }
    for anchor in item.anchors.all():
        data[f"anchor_{anchor.score}"] = anchor.text
    data.update(changes)
    return data


def test_an_administrator_drafts_edits_compares_and_publishes_a_version(client, admin, ips15):
    client.force_login(admin)
    page = client.get(ips15.get_absolute_url()).text
    assert 'data-testid="scale-new-version"' in page
    response = client.post(reverse("scales:scale_new_version", args=[ips15.pk]))
    draft = Scale.objects.get(code="ips-15", status=Scale.Status.DRAFT)
    assert response.url == draft.get_absolute_url()
    # Asking again opens the draft already begun.
    assert client.post(reverse("scales:scale_new_version", args=[ips15.pk])).url == response.url
    assert Scale.objects.filter(code="ips-15", status=Scale.Status.DRAFT).count() == 1

    item = draft.items.get(number=1)
    old_name, old_five = item.name, item.anchors.get(score=5).text
    url = reverse("scales:item_edit", args=[draft.pk, 1])
    assert "Ankre: hvad hver score betyder" in client.get(url).text
    response = client.post(
        url, item_data(item, name="Sagsstamme pr. konsulent", anchor_5="Højst 20 kandidater.")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "Sagsstamme pr. konsulent"
    assert item.anchors.get(score=5).text == "Højst 20 kandidater."
    assert ips15.items.get(number=1).name == old_name  # the published version is untouched

    publish = reverse("scales:scale_publish", args=[draft.pk])
    page = " ".join(client.get(publish).text.split())
    table = page[page.index('data-testid="scale-differences"') :].split("</table>")[0]
    assert "Item 1 (Sagsstamme pr. konsulent)" in table
    assert (
        f"<td>Navn</td> <td><del>{old_name}</del></td> <td><ins>Sagsstamme pr. konsulent</ins></td>"
        in table
    )
    assert (
        f"<td>Anker 5</td> <td><del>{old_five}</del></td> <td><ins>Højst 20 kandidater.</ins></td>"
        in table
    )
    assert table.count("<tr>") == 3  # the header and the two changed fields, nothing else

    refused = client.post(publish, {"change_note": "", "confirm": "on"})
    assert "Skriv, hvad der er ændret i denne version" in refused.text
    response = client.post(
        publish, {"change_note": "Item 1: nyt navn og anker 5.", "confirm": "on"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    ips15.refresh_from_db()
    assert (draft.status, ips15.status) == (Scale.Status.PUBLISHED, Scale.Status.RETIRED)
    assert "Item 1: nyt navn og anker 5." in client.get(draft.get_absolute_url()).text


def test_a_second_administrator_overwrites_nothing_unseen(admin, ips15, django_user_model):
    from tests.factories import make_user

    other = make_user("ada2", role="Administrator")
    first, second = Client(), Client()
    first.force_login(admin)
    second.force_login(other)
    first.post(reverse("scales:scale_new_version", args=[ips15.pk]))
    draft = Scale.objects.get(code="ips-15", status=Scale.Status.DRAFT)
    item = draft.items.get(number=2)
    url = reverse("scales:item_edit", args=[draft.pk, 2])
    seen = item_data(item)
    assert first.post(url, {**seen, "name": "Første navn"}).status_code == 302
    response = second.post(url, {**seen, "name": "Andet navn"})
    assert response.status_code == 200
    assert "Andet navn" in response.text  # their text stays in the form
    item.refresh_from_db()
    assert item.name == "Første navn"


def test_only_administrators_edit_and_only_drafts(client, reviewer, admin, ips15):
    client.force_login(reviewer)
    assert 'data-testid="scale-new-version"' not in client.get(ips15.get_absolute_url()).text
    assert client.post(reverse("scales:scale_new_version", args=[ips15.pk])).status_code == 403
    assert client.get(reverse("scales:item_edit", args=[ips15.pk, 1])).status_code == 403
    client.force_login(admin)
    # A published version is never edited: its pages do not exist.
    assert client.get(reverse("scales:item_edit", args=[ips15.pk, 1])).status_code == 404
    assert client.get(reverse("scales:scale_publish", args=[ips15.pk])).status_code == 404
    assert not Scale.objects.filter(status=Scale.Status.DRAFT).exists()
