"""The summary table of `make bench`: every figure the scripts in bench/ wrote to
build/bench/results/, printed as one table and recorded in bench/RESULTS.md with the date and
the machine. Run last by the Makefile (not itself a benchmark)."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lib.common import RESULTS_DIR, ROOT, machine  # noqa: E402

ORDER = ["pages", "queries", "scale", "weight", "pdf", "emergency", "upload"]


def main():
    files = sorted(
        RESULTS_DIR.glob("*.json"),
        key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else 99, p.stem),
    )
    rows = [r for path in files for r in json.loads(path.read_text())]
    if not rows:
        sys.exit("no figures in build/bench/results: run `make bench`")
    header = ("Section", "Figure", "Value", "Target", "Result")
    table = [header] + [
        (r["section"], r["figure"], r["value"], r["target"] or "—", r["status"]) for r in rows
    ]
    widths = [max(len(str(line[i])) for line in table) for i in range(5)]
    print("\n" + "=" * 30 + " bench summary " + "=" * 30)
    for i, line in enumerate(table):
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(line, widths, strict=False)
            ).rstrip()
        )
        if i == 0:
            print("  ".join("-" * width for width in widths))
    failed = [r for r in rows if r["status"] == "FAIL"]
    passed = [r for r in rows if r["status"] == "PASS"]
    print(
        f"\n{len(passed)} PASS, {len(failed)} FAIL, "
        f"{len(rows) - len(passed) - len(failed)} figures without a target"
    )
    finished = max(path.stat().st_mtime for path in files)  # when the last script wrote
    now = datetime.datetime.fromtimestamp(finished, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "?"
    lines = [
        "# Benchmark results (last `make bench`)",
        "",
        f"Run: {now}, commit {commit or '?'}. Machine: {machine()}.",
        "",
        "Written by `bench/summary.py` at the end of `make bench`; see the scripts in "
        "`bench/` for what each figure measures.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * 5,
    ]
    for line in table[1:]:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in line) + " |")
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("recorded in bench/RESULTS.md")


if __name__ == "__main__":
    main()
