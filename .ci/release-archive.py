#!/usr/bin/env python3
"""Makes a release archive from a wheel built by maturin (the program in the
wheel is the one the archive ships, so both are tested at once).

    python3 .ci/release-archive.py WHEEL TARGET OUT_DIR

writes OUT_DIR/peerlint-<version>-<TARGET>/ (the program, README.md,
LICENSE-MIT, LICENSE-APACHE) and beside it peerlint-<version>-<TARGET>.zip
for Windows targets, .tar.gz for the others, then prints the folder's path.
"""
import os
import re
import shutil
import sys
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    wheel, target, out = sys.argv[1:]
    m = re.fullmatch(r"peerlint-([^-]+)-.+\.whl", os.path.basename(wheel))
    if not m:
        sys.exit(f"release-archive: {wheel} is not a peerlint wheel")
    version = m.group(1)
    windows = "windows" in target
    program = "peerlint.exe" if windows else "peerlint"
    name = f"peerlint-{version}-{target}"
    folder = os.path.join(out, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)

    with zipfile.ZipFile(wheel) as z:
        member = f"peerlint-{version}.data/scripts/{program}"
        if member not in z.namelist():
            sys.exit(f"release-archive: {wheel} holds no {member}")
        with z.open(member) as src, open(os.path.join(folder, program), "wb") as dst:
            shutil.copyfileobj(src, dst)
    os.chmod(os.path.join(folder, program), 0o755)
    for doc in ("README.md", "LICENSE-MIT", "LICENSE-APACHE"):
        shutil.copy(os.path.join(ROOT, doc), os.path.join(folder, doc))

    files = [program, "README.md", "LICENSE-MIT", "LICENSE-APACHE"]
    if windows:
        with zipfile.ZipFile(folder + ".zip", "w", zipfile.ZIP_DEFLATED) as z:
            for f in files:
                z.write(os.path.join(folder, f), f"{name}/{f}")
    else:
        with tarfile.open(folder + ".tar.gz", "w:gz") as t:
            for f in files:
                info = t.gettarinfo(os.path.join(folder, f), f"{name}/{f}")
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o755 if f == program else 0o644
                with open(os.path.join(folder, f), "rb") as src:
                    t.addfile(info, src)
    print(folder)


if __name__ == "__main__":
    main()
