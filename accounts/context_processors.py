from accounts import roles


def roles_context(request):
    """The user's role names for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    names = roles.role_names(user)
    return {
        "user_role_labels": [roles.role_label(name) for name in roles.ROLE_ORDER if name in names],
    }
