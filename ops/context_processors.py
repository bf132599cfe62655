from django.conf import settings


def footer(request):
    """Where every page's footer links for the accessibility statement (ops/views.py)."""
    return {"accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL}
