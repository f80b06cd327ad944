#!/usr/bin/env python3
"""Sum the TAP test points of every meson test into one line: N passed, N failed.

A suite that exited non-zero, or printed no TAP line at all, counts as one
more failure, so a crash can never hide behind earlier passes.
Exit status: 0 when nothing failed."""
import json
import re
import sys

passed = failed = skipped = 0
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    points = 0
    for out in (t.get("stdout") or "").splitlines():
        m = re.match(r"^(not ok|ok)\b.*?(#\s*(SKIP|TODO)\b)?", out, re.I)
        if not m:
            continue
        points += 1
        if m.group(3) and m.group(3).upper() == "SKIP":
            skipped += 1
        elif m.group(1) == "ok":
            passed += 1
        else:
            failed += 1
    if t.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and (points == 0 or t.get("returncode", 0) != 0):
        print(f"suite {t.get('name')} ended {t.get('result')} (exit {t.get('returncode')})", file=sys.stderr)
        failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
