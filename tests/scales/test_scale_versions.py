import pytest
from django.core.exceptions import ValidationError

from scales import services
from scales.models import Anchor, Band, FrozenScaleError, Item, Scale, Section


@pytest.fixture
def ips25(db):
    return Scale.objects.published().get(code="ips-25")


def test_a_published_item_cannot_be_changed(ips25):
    item = ips25.items.get(number=1)
    item.name = "Noget andet"
    with pytest.raises(FrozenScaleError):
        item.save()
    assert Item.objects.get(pk=item.pk).name == "Case load"


def test_a_published_anchor_cannot_be_changed_or_deleted(ips25):
    anchor = Anchor.objects.get(item__scale=ips25, item__number=1, score=5)
    anchor.text = "Hvad som helst"
    with pytest.raises(FrozenScaleError):
        anchor.save()
    with pytest.raises(FrozenScaleError):
        anchor.delete()
    assert Anchor.objects.filter(pk=anchor.pk).exists()


def test_bulk_writes_to_a_published_version_are_refused(ips25):
    with pytest.raises(FrozenScaleError):
        Band.objects.filter(scale=ips25).update(label="Alt er godt")
    with pytest.raises(FrozenScaleError):
        Anchor.objects.filter(item__scale=ips25).delete()
    with pytest.raises(FrozenScaleError):
        Section.objects.bulk_create([Section(scale=ips25, position=9, name="Ekstra")])
    assert ips25.bands.filter(label="Alt er godt").count() == 0
    assert Anchor.objects.filter(item__scale=ips25).count() == 125


def test_moving_a_draft_item_into_a_published_version_is_refused(ips25):
    draft = services.scale_create_version(scale=ips25)
    item = draft.items.get(number=1)
    item.scale = ips25
    with pytest.raises(FrozenScaleError):
        item.save()


def test_a_published_scale_cannot_be_renamed_unpublished_or_deleted(ips25):
    ips25.name = "Ny skala"
    with pytest.raises(FrozenScaleError):
        ips25.save()
    ips25.refresh_from_db()
    ips25.status = Scale.Status.DRAFT
    with pytest.raises(FrozenScaleError):
        ips25.save()
    with pytest.raises(FrozenScaleError):
        Scale.objects.filter(pk=ips25.pk).update(status=Scale.Status.DRAFT)
    with pytest.raises(FrozenScaleError):
        ips25.delete()
    assert Scale.objects.get(pk=ips25.pk).status == Scale.Status.PUBLISHED


def test_a_new_version_is_an_editable_draft_copy(ips25):
    draft = services.scale_create_version(scale=ips25)
    assert (draft.code, draft.version, draft.status) == ("ips-25", 2, Scale.Status.DRAFT)
    assert draft.items.count() == 25
    assert Anchor.objects.filter(item__scale=draft).count() == 125
    item = draft.items.get(number=1)
    item.name = "Caseload pr. konsulent"
    item.save()
    assert ips25.items.get(number=1).name == "Case load"


def test_publishing_a_new_version_retires_the_old_one(ips25):
    draft = services.scale_create_version(scale=ips25)
    services.scale_publish(scale=draft, change_note="Ny ordlyd i item 1.")
    ips25.refresh_from_db()
    draft.refresh_from_db()
    assert ips25.status == Scale.Status.RETIRED
    assert draft.status == Scale.Status.PUBLISHED
    assert list(Scale.objects.published().filter(code="ips-25")) == [draft]


def test_an_incomplete_draft_cannot_be_published(ips25):
    draft = services.scale_create_version(scale=ips25)
    Anchor.objects.filter(item__scale=draft, item__number=3, score=4).delete()
    draft.bands.filter(min_total=74).delete()
    with pytest.raises(ValidationError) as excinfo:
        services.scale_publish(scale=draft, change_note=" ")
    messages = " ".join(excinfo.value.messages)
    assert "Skriv, hvad der er ændret i denne version" in messages
    assert "Item 3 skal have en tekst til hver af scorerne 1–5." in messages
    assert "Intet interval dækker totalerne 74–99." in messages
    draft.refresh_from_db()
    assert draft.status == Scale.Status.DRAFT


def test_retired_versions_are_not_offered_for_new_reviews(ips25):
    services.scale_retire(scale=ips25)
    assert not Scale.objects.published().filter(code="ips-25").exists()


def test_anchor_scores_are_limited_to_one_to_five(ips25):
    draft = services.scale_create_version(scale=ips25)
    item = draft.items.get(number=1)
    with pytest.raises(ValidationError):
        Anchor(item=item, score=6, text="For meget").full_clean()
    with pytest.raises(ValidationError):
        Anchor(item=item, score=5, text="Dobbelt").full_clean()
