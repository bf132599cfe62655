"""Enumerate the project's own URL patterns, for tests that must cover every page."""

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_NAMESPACES = {"admin"}


def iter_named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, list(entry.pattern.converters)


def all_url_names():
    return sorted({name for name, _ in iter_named_patterns()})
