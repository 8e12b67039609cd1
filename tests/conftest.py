import os

import pytest

# Playwright's sync API runs an event loop in the test thread; live_server needs this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def municipality(db):
    from tests.municipality.factories import MunicipalityFactory

    return MunicipalityFactory()


def _user_with_role(role):
    from tests.municipality.factories import UserFactory

    return UserFactory(roles=[role] if role else [])


@pytest.fixture
def resident(db):
    return _user_with_role(None)


@pytest.fixture
def staff_user(db):
    return _user_with_role("staff")


@pytest.fixture
def head_user(db):
    return _user_with_role("head")


@pytest.fixture
def kenesh_user(db):
    return _user_with_role("kenesh_secretary")


@pytest.fixture
def admin_user_role(db):
    return _user_with_role("administrator")
