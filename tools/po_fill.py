"""Refresh locale/{ky,ru} from the code and fill translations from a TSV file.

    .venv/bin/python tools/po_fill.py --missing [--path initiatives/ --path templates/initiatives/]
        prints the msgids still untranslated (or fuzzy) in ky or ru, one a line
    .venv/bin/python tools/po_fill.py FILE.tsv
        FILE.tsv: msgid<TAB>ky<TAB>ru[<TAB>msgctxt]; "\\n" in a cell stands for a newline

Both refresh with makemessages first and compile afterwards, holding a lock so that
several people can run it at once in one work tree.
"""

import argparse
import fcntl
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ky", "ru")


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def refresh():
    manage(
        "makemessages",
        "-l",
        "ky",
        "-l",
        "ru",
        "--ignore=.venv",
        "--ignore=build",
        "--ignore=tests",
        "--ignore=tools",
        "--no-obsolete",
        "--no-wrap",
        "-v",
        "0",
    )


def po(lang):
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"), wrapwidth=0)


def unescape(cell):
    return cell.replace("\\n", "\n").replace("\\t", "\t")


def missing(paths):
    seen = []
    for lang in LANGS:
        for entry in po(lang):
            if entry.obsolete or (entry.msgstr and "fuzzy" not in entry.flags):
                continue
            if (
                entry.msgid_plural
                and all(entry.msgstr_plural.values())
                and "fuzzy" not in entry.flags
            ):
                continue
            if paths and not any(
                o[0].startswith(p) for o, p in ((o, p) for o in entry.occurrences for p in paths)
            ):
                continue
            key = (entry.msgctxt or "", entry.msgid)
            if key not in seen:
                seen.append(key)
    for ctx, msgid in seen:
        text = msgid.replace("\n", "\\n")
        print(f"{text}\t\t\t{ctx}" if ctx else text)


def fill(tsv):
    rows = {}
    for line in Path(tsv).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3:
            sys.exit(f"need msgid, ky, ru: {line!r}")
        ctx = cells[3] if len(cells) > 3 else ""
        rows[(ctx, unescape(cells[0]))] = {"ky": unescape(cells[1]), "ru": unescape(cells[2])}
    filled = 0
    for lang in LANGS:
        catalog = po(lang)
        for entry in catalog:
            row = rows.get((entry.msgctxt or "", entry.msgid))
            if row is None or not row[lang]:
                continue
            if entry.msgid_plural:
                for i in entry.msgstr_plural:
                    entry.msgstr_plural[i] = row[lang]
            else:
                entry.msgstr = row[lang]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgctxt = None
            filled += 1
        catalog.save()
    print(f"filled {filled} entries")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tsv", nargs="?")
    parser.add_argument("--missing", action="store_true")
    parser.add_argument("--path", action="append", default=[])
    args = parser.parse_args()
    lock = open(ROOT / "locale" / ".lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        refresh()
        if args.missing:
            missing(args.path)
        elif args.tsv:
            fill(args.tsv)
        manage("compilemessages", "--ignore=.venv", "-v", "0")
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)


if __name__ == "__main__":
    main()
