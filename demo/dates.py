"""Honest dates for the demo's reviews: finalized in their day, not when the demo loaded."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def demo_time(year, month, day, hour=14) -> datetime:
    """A time of day in the app's time zone."""
    return timezone.make_aware(datetime.combine(date(year, month, day), time(hour)))


def finalized_after(visit: date, *, days: int) -> datetime:
    """When a review of a visit on `visit` was finalized, `days` later."""
    day = visit + timedelta(days=days)
    return demo_time(day.year, day.month, day.day)
