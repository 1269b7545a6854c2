import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _dutch():
    """The services' refusals come in the active language; these tests read Dutch."""
    with translation.override("nl"):
        yield
