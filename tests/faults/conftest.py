"""Fault tests: each test records its figure here; the summary prints them at the end."""

import pytest

FIGURES: list[str] = []


@pytest.fixture
def figure():
    """Call `figure("…")` with the line a test proves; it is printed now and in the summary."""

    def record(line: str) -> None:
        FIGURES.append(line)
        print(f"\n{line}")

    return record


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("fault figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
