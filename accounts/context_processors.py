from accounts import roles


def roles_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    names = roles.role_names(user)
    return {
        "user_is_admin": roles.ADMINISTRATOR in names,
        "user_is_reviewer": roles.REVIEWER in names,
        "user_is_leader": roles.LEADER in names,
        "user_role_labels": [
            roles.role_label(name)
            for name in (roles.ADMINISTRATOR, roles.REVIEWER, roles.LEADER)
            if name in names
        ],
    }
