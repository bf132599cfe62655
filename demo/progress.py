"""What `load_demo` tells while it renders the demo's reports (a few seconds each), so that
the first `make run` is not silent for a minute."""

import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from reports import services as issuing

_write: ContextVar[Callable[[str], None] | None] = ContextVar("demo_progress", default=None)
_count: ContextVar[int] = ContextVar("demo_progress_count", default=0)


@contextmanager
def reporting(write: Callable[[str], None]):
    """Within the block, each report the demo renders is announced through `write`."""
    token, count = _write.set(write), _count.set(0)
    try:
        yield
    finally:
        _write.reset(token)
        _count.reset(count)


def announce(line: str) -> None:
    write = _write.get()
    if write is not None:
        write(line)


def finalize(*, review, user, at):
    """Finalize the demo review (rendering and storing its report), telling how it went."""
    started = time.monotonic()
    finalized = issuing.review_finalize(review=review, user=user, at=at)
    count = _count.get() + 1
    _count.set(count)
    announce(
        f"  report {count}: {review.site.name}, {review.scale.label}, "
        f"{review.visit_date:%d.%m.%Y} ({time.monotonic() - started:.1f} s)"
    )
    return finalized
