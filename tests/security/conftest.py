"""Figures of the security checks, printed in the terminal summary (visible without -s),
and the Hypothesis profiles of the form fuzzing."""

from hypothesis import HealthCheck, settings

# A few examples per form on top of the fixed hostile corpus: the whole fuzz run stays
# around a minute on CI's two cores. Derandomized, so CI runs are reproducible.
settings.register_profile(
    "security-ci",
    max_examples=4,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "security-deep",
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

FIGURES: list[tuple[str, str]] = []


def record_figure(name: str, figure: str) -> None:
    print(f"{name}: {figure}")
    FIGURES.append((name, figure))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    terminalreporter.section("security figures")
    for name, figure in FIGURES:
        terminalreporter.write_line(f"{name}: {figure}")
