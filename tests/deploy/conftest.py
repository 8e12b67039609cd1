"""The deploy tests record their figures like the fault tests do."""

from tests.faults.conftest import figure  # noqa: F401
