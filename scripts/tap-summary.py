#!/usr/bin/env python3
"""Sum the TAP test points of every meson test into one line: N passed, N failed.

A suite that failed without printing a failing test point (it crashed, or a
sanitizer halted it) counts as one more failure, so a crash can never hide
behind earlier passes.
Before that line, each failing point is named with its suite and the first
lines of its diagnostics, so the last lines of a run (all a CI log may keep)
say what failed.
Exit status: 0 when nothing failed."""
import json
import re
import sys

NOTE_LINES = 6  # diagnostic lines kept per failing point

passed = failed = skipped = 0
failures = []
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    failed_here = 0
    out_lines = (t.get("stdout") or "").splitlines()
    for i, out in enumerate(out_lines):
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
            # The point's YAML block (node:test) or comment lines (the C and
            # Python suites print theirs before or after the point).
            notes = []
            for nxt in out_lines[i + 1:]:
                if re.match(r"^(not ok|ok)\b|^# Subtest:", nxt):
                    break
                s = nxt.strip()
                if s and s not in ("---", "...") and not s.startswith(("duration_ms", "type:", "location:")):
                    notes.append(s)
                if len(notes) >= NOTE_LINES:
                    break
            failures.append((t.get("name"), out, notes))
    # A suite that failed without a failing test point (a crash, a sanitizer
    # report after the last test) is one more failure.
    if t.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and failed_here == 0:
        tail = [s for s in (t.get("stderr") or "").splitlines() if s.strip()][-NOTE_LINES:]
        failures.append((t.get("name"), f"ended {t.get('result')} (exit {t.get('returncode')})", tail))
        failed += 1
if failures:
    print("failed:")
    for suite, point, notes in failures:
        print(f"  {suite}: {point[:200]}")
        for n in notes:
            print(f"      {n[:200]}")
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
