#!/usr/bin/env python3
"""Checks that every file the docs show in full is shown as it is in the repository.

A code block that shows a file is marked on the line before its opening fence:

    <!-- file: examples/python-engine/minimal_engine.py -->
    ```python
    ...the whole file...
    ```

Usage: scripts/docs_sync.py [REPO_ROOT]   (exit 0: in sync; 1: a block differs; 2: no marked block)
Standard library only.
"""
import difflib
import pathlib
import re
import sys

MARKER = re.compile(r"^<!-- file: (\S+) -->$")


def marked_blocks(markdown):
    """Yields (line number of the marker, file path, the block's text) for each marked block."""
    lines = markdown.splitlines(keepends=True)
    for n, line in enumerate(lines):
        marker = MARKER.match(line.strip())
        if not marker:
            continue
        if n + 1 >= len(lines) or not lines[n + 1].startswith("```"):
            yield n + 1, marker.group(1), None  # a marker with no fence under it
            continue
        body = []
        for inner in lines[n + 2:]:
            if inner.startswith("```"):
                break
            body.append(inner)
        yield n + 1, marker.group(1), "".join(body)


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    documents = sorted(root.glob("docs/*.md")) + [root / "README.md"] + sorted(root.glob("examples/*/README.md"))
    checked, stale = 0, 0
    for doc in documents:
        for line, path, shown in marked_blocks(doc.read_text(encoding="utf-8")):
            where = f"{doc.relative_to(root)}:{line}"
            if shown is None:
                print(f"{where}: the marker for {path} is not followed by a code block")
                stale += 1
                continue
            source = root / path
            if not source.is_file():
                print(f"{where}: shows {path}, which does not exist")
                stale += 1
                continue
            actual = source.read_text(encoding="utf-8")
            checked += 1
            if shown != actual:
                stale += 1
                print(f"{where}: the block differs from {path} (copy the file into the block):")
                sys.stdout.writelines(difflib.unified_diff(shown.splitlines(keepends=True), actual.splitlines(keepends=True),
                                                           f"{where}", path))
    if checked == 0 and stale == 0:
        print("no block marked <!-- file: PATH --> in the docs")
        return 2
    print(f"{checked} file(s) shown in the docs, {stale} out of sync")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
