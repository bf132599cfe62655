"""The roles of the application, kept as auth groups.

A role says what kind of person someone is; what they may do with which review or site is
decided by the access policy (`reviews.access`). The group permissions below decide only
what each role may do in the admin site.
"""

from django.contrib.auth.models import Group, Permission

REVIEWER = "Bedømmer"
LEADER = "Leder"
ADMINISTRATOR = "Administrator"
# Follows the regions they are listed as coordinator of (sites.Region.coordinators).
COORDINATOR = "Regional koordinator"
# Reads every region's finalized results and aggregates, nothing still a draft.
NATIONAL_READER = "National læser"

# The order roles are named in.
ROLE_ORDER = (ADMINISTRATOR, COORDINATOR, NATIONAL_READER, REVIEWER, LEADER)

# Apps whose every permission an administrator holds.
ADMIN_APPS = (
    "scales",
    "reviews",
    "reports",
    "outcomes",
    "followup",
    "outbox",
    "notices",
    "auth",
    "axes",
    "accounts",
    "otp_totp",
    "otp_static",
    "sso",
)


def role_names(user) -> frozenset[str]:
    """The role group names of a user, read once per request and cached on the user."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        if "groups" in getattr(user, "_prefetched_objects_cache", {}):
            names = {group.name for group in user.groups.all()}
        else:
            names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(ADMINISTRATOR)
        user._role_names = frozenset(names & set(ROLE_ORDER))
    return user._role_names


def is_admin(user) -> bool:
    return ADMINISTRATOR in role_names(user)


def is_reviewer(user) -> bool:
    return REVIEWER in role_names(user)


def is_leader(user) -> bool:
    return LEADER in role_names(user)


def is_coordinator(user) -> bool:
    return COORDINATOR in role_names(user)


def is_national_reader(user) -> bool:
    return NATIONAL_READER in role_names(user)


def sync_role_groups(**kwargs):
    """Create the role groups and give them exactly the declared permissions (idempotent)."""
    admin_group, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    admin_group.permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    # The other roles work in the app, never in the admin site: no permissions there.
    for name in (REVIEWER, LEADER, COORDINATOR, NATIONAL_READER):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.clear()


def role_label(name: str) -> str:
    from django.utils.translation import gettext

    labels = {
        REVIEWER: gettext("Reviewer"),
        LEADER: gettext("Leader"),
        ADMINISTRATOR: gettext("Administrator"),
        COORDINATOR: gettext("Regional coordinator"),
        NATIONAL_READER: gettext("National reader"),
    }
    return labels.get(name, name)
