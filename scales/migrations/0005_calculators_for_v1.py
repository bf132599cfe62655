"""Give the numeric items of IPS-25 v1 and IPS-15 v1 their calculators.

The ladders restate numbers the published v1 anchors already print (caseload 20 / 25 / 30 /
40 …): no anchor, band or score changes meaning, so the versions stay v1 rather than being
republished as v2 with identical text. Versions made after this carry the ladders through
export and import; a ladder of a published version is frozen like its anchors.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data" / "ladders-v1.json"


def ship_ladders(apps, schema_editor):
    Item = apps.get_model("scales", "Item")
    Ladder = apps.get_model("scales", "Ladder")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for code, ladders in data["scales"].items():
        items = {
            item.number: item
            for item in Item.objects.filter(scale__code=code, scale__version=1, ladder=None)
        }
        Ladder.objects.bulk_create(
            Ladder(
                item=items[int(number)],
                quantity=ladder["quantity"],
                unit=ladder["unit"],
                per_consultant=ladder["per_consultant"],
                direction=ladder["direction"],
                score_2=ladder["steps"][0],
                score_3=ladder["steps"][1],
                score_4=ladder["steps"][2],
                score_5=ladder["steps"][3],
            )
            for number, ladder in ladders.items()
            if int(number) in items
        )


class Migration(migrations.Migration):
    dependencies = [("scales", "0004_calculators")]

    operations = [migrations.RunPython(ship_ladders, migrations.RunPython.noop)]
