"""The house was re-cut by concept without moving a URL or a table: every URL path and every
table with its columns are as the lists beside this test say (written before the move).

A deliberate change of a URL or of the schema updates the list in the same commit:
`.venv/bin/python -m pytest tests/project/test_house_unchanged.py --write-lists`.
"""

from pathlib import Path

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

HERE = Path(__file__).resolve().parent
URL_LIST = HERE / "url_paths.txt"
TABLE_LIST = HERE / "db_tables.txt"


def url_paths(resolver=None, prefix="") -> list[str]:
    """Every route of the project's URL patterns but the admin site's, as written."""
    resolver = resolver or get_resolver()
    paths = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            paths += url_paths(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            paths.append(prefix + str(entry.pattern))
    return sorted(set(paths))


def columns(cursor, table) -> list[str]:
    if connection.vendor == "sqlite":
        # PRAGMA, not Django's introspection, which stumbles on a check constraint with
        # COALESCE in the table's SQL.
        cursor.execute(f'PRAGMA table_info("{table}")')
        return sorted(row[1] for row in cursor.fetchall())
    return sorted(c.name for c in connection.introspection.get_table_description(cursor, table))


def tables() -> list[str]:
    """Each table of the schema with its columns, as `table: column, column …`."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        return [f"{name}: " + ", ".join(columns(cursor, name)) for name in names]


def compare(current: list[str], path: Path, write: bool):
    if write:
        path.write_text("\n".join(current) + "\n", encoding="utf-8")
    assert current == path.read_text(encoding="utf-8").splitlines()


def test_every_url_path_is_where_it_was(request):
    compare(url_paths(), URL_LIST, request.config.getoption("--write-lists"))


@pytest.mark.django_db
def test_every_table_and_column_is_where_it_was(request):
    compare(tables(), TABLE_LIST, request.config.getoption("--write-lists"))
