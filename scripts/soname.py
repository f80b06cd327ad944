#!/usr/bin/env python3
"""soname.py — the SONAME of a shared library (meson.build: the libraries loaded when first used, src/core/lazy.h,
are opened by the soname of the very library the build found).

usage: soname.py LIBDIR NAME     prints the SONAME of LIBDIR/libNAME.so (the -dev package's link), e.g. libpq.so.5
"""
import os
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path = os.path.join(sys.argv[1], "lib%s.so" % sys.argv[2])
    if not os.path.exists(path):
        # a .pc file whose libdir is not where the library is (Debian 12's xlsxwriter.pc says /usr/lib): the one the
        # compiler's linker would take
        out = subprocess.run([os.environ.get("CC", "cc"), "-print-file-name=lib%s.so" % sys.argv[2]],
                             capture_output=True, text=True)
        if out.returncode == 0 and os.path.isabs(out.stdout.strip()):
            path = out.stdout.strip()
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True)
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out.stdout)
    if out.returncode != 0 or not m:
        sys.exit("soname.py: no SONAME in %s: %s" % (path, out.stderr.strip()))
    print(m.group(1))


main()
