import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scales.models import Anchor, Item, Scale


def export(code, version=None):
    out = StringIO()
    args = [code] + (["--version", str(version)] if version else [])
    call_command("export_scale", *args, stdout=out)
    return json.loads(out.getvalue())


def import_file(tmp_path, content):
    path = tmp_path / "scale.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    out = StringIO()
    call_command("import_scale", str(path), stdout=out)
    return out.getvalue()


def without_version(data):
    return {k: v for k, v in data.items() if k not in {"version", "status"}}


@pytest.mark.parametrize("code", ["ips-25", "ips-15"])
def test_export_import_export_is_lossless(db, tmp_path, code):
    first = export(code)
    message = import_file(tmp_path, first)
    assert "v2" in message
    second = export(code, version=2)
    assert second["status"] == "draft"
    assert without_version(second) == without_version(first)


def counts():
    return Scale.objects.count(), Item.objects.count(), Anchor.objects.count()


def test_bad_json_is_refused_and_nothing_is_created(db, tmp_path):
    before = counts()
    with pytest.raises(CommandError, match="JSON"):
        import_file(tmp_path, '{"format": "ipsfidelity.scale/1", ')
    assert counts() == before


def test_an_invalid_scale_is_refused_with_its_reasons_and_nothing_is_created(db, tmp_path):
    data = export("ips-15")
    data["bands"][1]["min"] = 58  # leaves 56–57 in no band
    del data["sections"][0]["items"][0]["anchors"][2]
    before = counts()
    with pytest.raises(CommandError) as excinfo:
        import_file(tmp_path, data)
    message = str(excinfo.value)
    assert "56–57" in message
    assert "1" in message
    assert counts() == before


def test_a_structurally_broken_file_names_what_is_wrong(db, tmp_path):
    data = export("ips-15")
    data["sections"][1]["items"][0]["anchors"][0]["score"] = 7
    data["sections"][2]["items"][0]["number"] = 1
    data["bands"][0]["level"] = "purple"
    before = counts()
    with pytest.raises(CommandError) as excinfo:
        import_file(tmp_path, data)
    assert counts() == before
    assert excinfo.value.args[0].count("  - ") == 3


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="kan ikke læses"):
        call_command("import_scale", str(tmp_path / "nope.json"))


def test_exporting_an_unknown_scale_is_a_clear_error(db):
    with pytest.raises(CommandError, match="ips-99"):
        export("ips-99")
