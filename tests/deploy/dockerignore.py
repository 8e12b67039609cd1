"""Docker's .dockerignore rules (moby/patternmatcher), enough to list a build context.

- one pattern a line; `#` lines and blank lines are ignored; a leading `!` re-includes;
- patterns are cleaned (`./a` → `a`, `/a` → `a`) and matched against the slash-separated
  path relative to the context;
- `*` matches any run of characters except `/`, `?` one such character, `[...]` a class,
  `**` any number of directories (also none), `\\` escapes;
- a pattern that matches a directory excludes everything below it;
- the last pattern that matches decides.
"""

import os
import posixpath
import re
from pathlib import Path


def _regex(pattern: str) -> re.Pattern:
    out, i, n = "^", 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            if i + 1 < n and pattern[i + 1] == "*":
                i += 1
                if i + 1 < n and pattern[i + 1] == "/":
                    i += 1
                out += ".*" if i + 1 >= n else "(.*/)?"
            else:
                out += "[^/]*"
        elif ch == "?":
            out += "[^/]"
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out += re.escape(ch)
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += "[" + body.replace("\\", "\\\\") + "]"
                i = end
        elif ch == "\\" and i + 1 < n:
            i += 1
            out += re.escape(pattern[i])
        else:
            out += re.escape(ch)
        i += 1
    return re.compile(out + "$")


class DockerIgnore:
    def __init__(self, text: str):
        self.rules: list[tuple[bool, str, re.Pattern]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            exception = line.startswith("!")
            if exception:
                line = line[1:].strip()
            line = posixpath.normpath(line).lstrip("/")
            if line in ("", "."):
                continue
            self.rules.append((exception, line, _regex(line)))

    @classmethod
    def from_file(cls, path: Path) -> "DockerIgnore":
        return cls(path.read_text(encoding="utf-8") if path.exists() else "")

    def excluded(self, path: str) -> bool:
        """Whether `path` (relative, slash-separated) stays out of the context."""
        parts = path.split("/")
        prefixes = ["/".join(parts[: k + 1]) for k in range(len(parts))]
        result = False
        for exception, _pattern, regex in self.rules:
            if any(regex.match(prefix) for prefix in prefixes):
                result = not exception
        return result

    def _may_reinclude_below(self, directory: str) -> bool:
        return any(
            exception and (pattern.startswith(directory + "/") or "*" in pattern)
            for exception, pattern, _ in self.rules
        )

    def context(self, root: Path) -> list[str]:
        """Every file `docker build root` would send (symlinks are sent, not followed)."""
        files = []
        for folder, dirs, names in os.walk(root):
            rel = Path(folder).relative_to(root).as_posix()
            rel = "" if rel == "." else rel + "/"
            keep = []
            for d in sorted(dirs):
                path = rel + d
                if (root / path).is_symlink():
                    names.append(d)
                elif not self.excluded(path) or self._may_reinclude_below(path):
                    keep.append(d)
            dirs[:] = keep
            files.extend(rel + name for name in sorted(names) if not self.excluded(rel + name))
        return sorted(files)
