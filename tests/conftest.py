from importlib import import_module

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from reviews import row_html
from scales import frozen
from tests.clients import Client
from tests.factories import make_user

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _cold_scale_items():
    # Each test starts as a fresh process does, so a page's query count does not depend on
    # which tests ran before it in the same worker.
    frozen._frozen_items.clear()
    row_html.clear()


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", role=roles.REVIEWER, first_name="Rita", last_name="Reviewer")


@pytest.fixture
def other_reviewer(db):
    return make_user("other_reviewer", role=roles.REVIEWER, first_name="Otto", last_name="Other")


@pytest.fixture
def leader(db):
    return make_user("leader", role=roles.LEADER, first_name="Lis", last_name="Leader")


@pytest.fixture
def other_leader(db):
    return make_user("other_leader", role=roles.LEADER, first_name="Ole", last_name="Outsider")


@pytest.fixture
def reviewer_leader(db):
    """Bedømmer and Leder at once (a municipality's own reviewer who also leads a site)."""
    user = make_user("reviewer_leader", role=roles.REVIEWER, first_name="Bo", last_name="Both")
    user.groups.add(Group.objects.get(name=roles.LEADER))
    return user


@pytest.fixture
def two_site_leader(db):
    return make_user("two_site_leader", role=roles.LEADER, first_name="Tove", last_name="Two")


@pytest.fixture
def admin(db):
    return make_user(
        "admin", role=roles.ADMINISTRATOR, first_name="Ada", is_staff=True, is_superuser=True
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back the scales the data migration ships once a transactional test flushed them.

    Live-server tests commit, so their database is flushed when they end; running after
    every fixture's teardown, this leaves the database as migrations made it for the next test.
    """
    result = yield
    if nextitem is None:
        return result  # the session is over and the test database already gone
    marker = item.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(getattr(item, "fixturenames", ()))
    if transactional:
        from django.db import connection
        from django.db.migrations.loader import MigrationLoader
        from pytest_django.plugin import blocking_manager_key

        shipped = [
            ("0002_ship_ips_25_and_ips_15", "ship_scales"),
            ("0005_calculators_for_v1", "ship_ladders"),
            ("0007_item_wording", "forwards"),
        ]
        with item.config.stash[blocking_manager_key].unblock():
            for name, function in shipped:
                state = MigrationLoader(connection).project_state(("scales", name))
                getattr(import_module(f"scales.migrations.{name}"), function)(state.apps, None)
    return result


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded one: the machines are offline.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The app's service worker (offline use) stays out of the browser tests but those that
    # test it (tests/visits/test_e2e_offline.py): a page's requests then reach `page.route`.
    return {
        **browser_context_args,
        "locale": "da-DK",
        "timezone_id": "Europe/Copenhagen",
        "service_workers": "block",
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    yield
    # Playwright's sync API runs browser tests in a greenlet with its own context, where
    # Django opens connections the session teardown cannot see; end them so PostgreSQL
    # can drop the test database.
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def run_tasks(db):
    """Run every due background task the way `make worker` does, then return.

    The cluster's own scheduler, pusher step, worker and monitor (django-q2), in this process
    and with the test's database connection: only their connection tidying is left out,
    which would close the test's transaction.
    """
    import queue
    from multiprocessing import Value
    from unittest import mock

    from django_q import monitor, scheduler, worker
    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage

    def run():
        broker = get_broker()
        quiet = "django_q.utils.close_old_django_connections"
        with (
            mock.patch(quiet),
            mock.patch.object(scheduler, "close_old_django_connections"),
            mock.patch.object(worker, "close_old_django_connections"),
            mock.patch.object(monitor, "close_old_django_connections", create=True),
        ):
            scheduler.scheduler(broker=broker)
            while True:
                pulled = broker.dequeue() if broker.queue_size() else None
                if not pulled:
                    return
                tasks, results = queue.Queue(), queue.Queue()
                for ack_id, payload in pulled:
                    task = SignedPackage.loads(payload)
                    task["ack_id"] = ack_id
                    tasks.put(task)
                tasks.put("STOP")
                worker.worker(tasks, results, Value("f", -1), timeout=None)
                results.put("STOP")
                monitor.monitor(results, broker)

    return run


def pytest_addoption(parser):
    parser.addoption(
        "--write-lists",
        action="store_true",
        help="write the URL and table lists of test_house_unchanged.py anew",
    )


@pytest.fixture
def placeholder_pdf(monkeypatch):
    """Finalizing without WeasyPrint: a placeholder PDF for tests whose subject is not the
    report (reports are rendered for real in tests/reports/, marked `pdf`)."""
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")


@pytest.fixture
def network(live_server):
    """The live server behind a network the test can cut (tests/netcut.py)."""
    from tests.netcut import Network

    net = Network(int(live_server.url.rsplit(":", 1)[1]))
    yield net
    net.close()
