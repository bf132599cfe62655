from accounts.rules import user_access


def access_context(request):
    """What the navigation may offer the user, from the access policy."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_access": user_access(user)}
