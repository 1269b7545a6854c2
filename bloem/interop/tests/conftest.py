import pytest
from django.utils import translation


@pytest.fixture
def english():
    """The reports in English, so the tests can read them."""
    with translation.override("en"):
        yield
