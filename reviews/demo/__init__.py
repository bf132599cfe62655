"""Demo data for `manage.py load_demo`: users, sites and reviews for trying the app locally.

Everything here is idempotent: running it twice leaves the same data as running it once.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from reviews import roles

DEMO_PASSWORD = "ips-demo-2026"  # noqa: S105 - printed by `make run`, local demo only


def ensure_user(username, *, first_name, last_name, role, email="", superuser=False):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.first_name = first_name
    user.last_name = last_name
    user.email = email or f"{username}@demo.invalid"
    user.is_staff = superuser
    user.is_superuser = superuser
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user


def load_demo() -> list[str]:
    roles.sync_role_groups()
    ensure_user(
        "admin",
        first_name="Ada",
        last_name="Administrator",
        role=roles.ADMINISTRATOR,
        superuser=True,
    )
    ensure_user("reviewer", first_name="Lone", last_name="Hellström", role=roles.REVIEWER)
    ensure_user("leader", first_name="Lars", last_name="Leder", role=roles.LEADER)
    return [
        "Demo data loaded. Log in at http://127.0.0.1:8000/ with (local demo only):",
        f"  admin / {DEMO_PASSWORD}    (Administrator)",
        f"  reviewer / {DEMO_PASSWORD} (Bedømmer)",
        f"  leader / {DEMO_PASSWORD}   (Leder)",
    ]
