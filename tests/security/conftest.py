"""Figures of the security checks, printed in the terminal summary (visible without -s)."""

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
