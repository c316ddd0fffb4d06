"""How long the OpenStack chapter's snippets take, with apt's cache cold and then warm.

    .venv/bin/python benchmarks/openstack_chapter.py          # cold, then warm
    .venv/bin/python benchmarks/openstack_chapter.py --warm   # warm only (the lab's own caches)

Cold: the lab runs with a scratch cache folder (``XDG_CACHE_HOME``) that holds hard links to the cached root
filesystems, so no image is built, but whose apt proxy cache starts empty: every package comes from the Debian mirror.
Warm: the same scratch folder again, every package now in the proxy's cache (``--warm`` alone uses the lab's usual
caches instead). Reports the wall time of each run, the time of the snippets themselves (pytest's JUnit XML), the
slowest snippets, and the size of what the apt proxy downloaded. Needs root and the lab, as the tests do.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docs_tooling.lab import paths  # noqa: E402

PAGE = "openstack-debian"
KEPT = ("rootfs", "debootstrap-debs")  # what the scratch cache links to: the images need not be built again


def run_page(cache_home: Path | None) -> tuple[float, list[tuple[str, float, str]], str]:
    """Wall time, (snippet, seconds, outcome) and pytest's last line (with the first failure's headline, if any) of
    one run of the chapter's snippets."""
    env = {**os.environ, **({"XDG_CACHE_HOME": str(cache_home)} if cache_home else {})}
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp, "junit.xml")
        argv = [sys.executable, "-m", "pytest", f"docs/zh/{PAGE}.md", "-m", "container", "-n", "0", "-q",
                "-p", "no:cacheprovider", f"--junitxml={report}"]
        started = time.monotonic()
        done = subprocess.run(argv, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
        wall = time.monotonic() - started
        cases, failure = [], ""
        if report.exists():
            for case in ET.parse(report).iter("testcase"):
                failed = case.find("failure")
                if failed is None:
                    failed = case.find("error")
                outcome = "skipped" if case.find("skipped") is not None else "failed" if failed is not None else "passed"
                cases.append((str(case.get("name")), float(case.get("time", 0)), outcome))
                if failed is not None and not failure:
                    text = (failed.text or failed.get("message") or "").strip().splitlines()
                    failure = "; first failure:\n" + "\n".join(f"      {line}" for line in text[:12])
        return wall, cases, (done.stdout.strip().splitlines() or [""])[-1].strip("= ") + failure


def scratch_cache(base: Path) -> Path:
    """A cache folder below ``base`` whose root filesystems are hard links to the lab's own."""
    target = base / paths.APP
    target.mkdir(parents=True)
    for name in KEPT:
        source = paths.cache_dir() / name
        if source.is_dir():
            shutil.copytree(source, target / name, copy_function=os.link)
    return base


def size_of(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def describe(label: str, wall: float, cases: list[tuple[str, float, str]], last: str) -> list[str]:
    ran = [(name, seconds) for name, seconds, outcome in cases if outcome != "skipped"]
    lines = [f"{label}: wall {wall:.0f} s; snippets {sum(s for _, s in ran):.0f} s for {len(ran)} run "
             f"({sum(o == 'failed' for *_, o in cases)} failed); {last}"]
    lines += [f"    {name}: {seconds:.1f} s" for name, seconds in sorted(ran, key=lambda c: c[1], reverse=True)[:6]]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warm", action="store_true", help="only a warm run, with the lab's usual caches")
    args = parser.parse_args()
    if args.warm:
        print("\n".join(describe("warm (the lab's caches)", *run_page(None))))
        return 0
    # A short name: apt-cacher-ng's socket lies five folders below it, and a Unix socket's path has at most 107 bytes.
    base = Path(tempfile.mkdtemp(prefix="ob", dir="/tmp"))
    base.chmod(0o755)  # mkdtemp's 0700 would keep out the lab's services that do not run as root (apt-cacher-ng)
    try:
        cache_home = scratch_cache(base)
        lines = describe("cold (empty apt cache)", *run_page(cache_home))
        downloaded = sum(size_of(d) for d in (base / paths.APP).glob("apt-cacher-ng*") if d.is_dir())
        lines.append(f"    the apt proxy fetched {downloaded / 1e6:.0f} MB")
        lines += describe("warm (the same apt cache)", *run_page(cache_home))
        print("\n".join(lines))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
