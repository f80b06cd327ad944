#!/usr/bin/env python3
"""Sum the TAP test points of every meson test into one line: N passed, N failed.

A suite that failed without printing a failing test point (it crashed, or a
sanitizer halted it) counts as one more failure, so a crash can never hide
behind earlier passes.
Exit status: 0 when nothing failed."""
import json
import re
import sys

passed = failed = skipped = 0
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    failed_here = 0
    for out in (t.get("stdout") or "").splitlines():
        m = re.match(r"^(not ok|ok)\b", out)
        if not m:
            continue
        directive = re.search(r"#\s*(SKIP|TODO)\b", out, re.I)
        if directive and directive.group(1).upper() == "SKIP":
            skipped += 1
        elif m.group(1) == "ok" or directive:  # a TODO point is not (yet) a failure
            passed += 1
        else:
            failed += 1
            failed_here += 1
    # A suite that failed without a failing test point (a crash, a sanitizer
    # report after the last test) is one more failure.
    if t.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and failed_here == 0:
        print(f"suite {t.get('name')} ended {t.get('result')} (exit {t.get('returncode')})", file=sys.stderr)
        failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
