"""Ship IPS-25 (2008) and IPS-15 (2003) in Danish as published version 1.

The definitions are read from the JSON files beside this migration, which hold exactly what
version 1 was; later changes are made as new versions, never by editing these files.
"""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data"
FILES = ["ips-25-v1.json", "ips-15-v1.json"]


def ship_scales(apps, schema_editor):
    Scale = apps.get_model("scales", "Scale")
    Section = apps.get_model("scales", "Section")
    Item = apps.get_model("scales", "Item")
    Anchor = apps.get_model("scales", "Anchor")
    Band = apps.get_model("scales", "Band")
    for filename in FILES:
        data = json.loads((DATA / filename).read_text(encoding="utf-8"))
        if Scale.objects.filter(code=data["code"]).exists():
            continue
        scale = Scale.objects.create(
            code=data["code"],
            name=data["name"],
            edition_year=data["edition_year"],
            description=data["description"],
            version=1,
            status="published",
            published_at=timezone.now(),
        )
        for position, section_data in enumerate(data["sections"], start=1):
            section = Section.objects.create(
                scale=scale, position=position, name=section_data["name"]
            )
            for item_data in section_data["items"]:
                item = Item.objects.create(
                    scale=scale,
                    section=section,
                    number=item_data["number"],
                    name=item_data["name"],
                    english_name=item_data["english_name"],
                    definition=item_data["definition"],
                    data_sources=item_data["data_sources"],
                    guidance=item_data["guidance"],
                )
                Anchor.objects.bulk_create(
                    Anchor(item=item, score=a["score"], text=a["text"])
                    for a in item_data["anchors"]
                )
        Band.objects.bulk_create(
            Band(
                scale=scale,
                min_total=b["min"],
                max_total=b["max"],
                label=b["label"],
                level=b["level"],
            )
            for b in data["bands"]
        )


class Migration(migrations.Migration):
    dependencies = [("scales", "0001_scales")]

    operations = [migrations.RunPython(ship_scales, migrations.RunPython.noop)]
