"""One Danish term per concept, in the app and in the shipped scale texts (issue #12)."""

from django.urls import reverse

from accounts import roles
from reviews import services
from reviews.models import EvidenceSource
from reviews.text import basis_from_evidence
from scales import services as scale_services
from scales.models import Scale
from tests.factories import make_review, make_site, make_user


def test_the_shipped_descriptions_say_item_and_bedoemmer(db):
    for scale in Scale.objects.filter(version=1):
        assert "punkt" not in scale.description
        assert "reviewere" not in scale.description
        assert f"{scale.item_count} items fordelt" in scale.description
        assert "To bedømmere scorer hvert item" in scale.description


def test_the_pages_use_one_word_per_concept(client, reviewer, other_reviewer):
    client.force_login(reviewer)
    assert (
        "Du er endnu ikke bedømmer på noget review."
        in client.get(reverse("reviews:my_reviews")).text
    )
    alone = make_review(lead=reviewer, scale="ips-15")
    make_review(
        lead=reviewer, co_reviewers=[other_reviewer], site=make_site("Kolding"), scale="ips-15"
    )
    page = client.get(reverse("reviews:my_reviews")).text
    assert '<td data-label="Status">Udkast' in page
    assert '<td data-label="Status">Egne bedømmelser' in page
    assert "Kladde" not in page
    page = client.get(alone.get_absolute_url()).text
    assert "delsum" in page
    assert ">subtotal" not in page


def test_the_generated_basis_does_not_repeat_the_kind_of_source(db, reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    sources = [
        ("interview", "Interviews med to IPS-konsulenter og lederen", 4, ""),
        ("observation", "Observation af et teammøde", 1, ""),
        ("interview", "", 2, "IPS-kandidater"),
    ]
    for kind, description, count, people in sources:
        row = services.row_add(review=review, model=EvidenceSource)
        row.kind, row.description, row.count, row.roles = kind, description, count, people
        row.save()
    assert basis_from_evidence(review.evidence.all()) == (
        "Rapporten bygger på 4 interviews med to IPS-konsulenter og lederen; 1 observation "
        "af et teammøde; 2 interviews: IPS-kandidater."
    )


def test_the_admin_speaks_plain_danish_and_offers_only_leaders_by_name(client, admin, leader):
    make_user("bent", role=roles.REVIEWER, first_name="Bent", last_name="Bedømmer")
    site = make_site()
    client.force_login(admin)
    page = client.get(reverse("admin:sites_site_change", args=[site.pk])).text
    assert ">Lis Leader</option>" in page
    assert "Bent Bedømmer" not in page
    assert ">leader</option>" not in page
    draft = scale_services.scale_create_version(scale=Scale.objects.published().get(code="ips-15"))
    page = client.get(reverse("admin:scales_scale_change", args=[draft.pk])).text
    # The inline's "add" link text, as the admin's script gets it (JSON in an attribute).
    assert "Tilf\\u00f8j r\\u00e6kke: Afsnit" in page
    assert "Tilf\\u00f8j endnu" not in page
