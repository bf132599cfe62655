"""Plain builders for test objects (no factory library): `make_user(...)`, `make_review(...)`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from reviews import roles

PASSWORD = "correct-horse-battery-staple"


def make_user(username, *, role=None, first_name="", last_name="", **extra):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=first_name or username.title(),
        last_name=last_name,
        **extra,
    )
    if role:
        roles.sync_role_groups()
        user.groups.add(Group.objects.get(name=role))
    return user
