"""How long the snippet suite takes, per snippet, against the floor of one ``docker exec``.

    .venv/bin/python benchmarks/snippets.py            # floor, then the suite with 1 and with 2 workers
    .venv/bin/python benchmarks/snippets.py --workers 1
    .venv/bin/python benchmarks/snippets.py --workers 1 --whole   # also the whole `./dev test`, warm, parallel and not

Reports: the median time of ``docker exec CONTAINER true`` and of ``docker run --rm IMAGE true`` on this
machine; the suite's wall time and per-snippet times (from pytest's JUnit XML) with one worker and with
two (pytest-xdist, one page per worker at a time), and each page's time on each Docker Engine and value set (engine
pages run once per engine, every page once per value set); with ``--whole``, the wall time of one whole
``./dev test`` with every image cached, as it runs by default (test files on parallel workers) and in one process
(``-n 0``).
For image builds, cached vs uncached, see
``benchmarks/lab_images.py``. Needs root and the lab (it is started as the tests start it).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docs_tooling.lab import engine, images, labels  # noqa: E402
from docs_tooling.runner import snippet_ids  # noqa: E402


def median_seconds(argv: list[str], times: int) -> float:
    samples = []
    for _ in range(times):
        started = time.monotonic()
        subprocess.run(argv, check=True, capture_output=True)
        samples.append(time.monotonic() - started)
    return statistics.median(samples)


def floor() -> tuple[float, float]:
    """Median ``docker exec`` and ``docker run`` times, on a container with no network."""
    client = engine.ensure_engine(log=lambda _: None)
    run_id = labels.new_run_id()
    labels.register_run(run_id)
    try:
        image = images.ensure_image(client, images.reader_recipe(), run_id, log=lambda _: None)
        container = client.containers.run(image, ["sleep", "infinity"], detach=True, network_mode="none",
                                          labels=labels.labels_for(run_id), init=True)
        exec_s = median_seconds(["docker", "exec", container.id, "true"], 20)
        run_s = median_seconds(["docker", "run", "--rm", "--network", "none", "--label", f"{labels.RUN_LABEL}={run_id}",
                                "--label", f"{labels.LABEL}=1", image, "true"], 5)
        return exec_s, run_s
    finally:
        labels.cleanup(client, run_id)


def suite(workers: int) -> tuple[float, list[tuple[str, float, str]]]:
    """Wall time and (snippet, seconds, outcome) of one run of the container snippets."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp, "junit.xml")
        argv = [sys.executable, "-m", "pytest", "docs", "-m", "container", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"]
        if workers > 1:
            argv += ["-n", str(workers), "--dist", "loadfile"]
        started = time.monotonic()
        subprocess.run(argv, cwd=ROOT, check=False)
        wall = time.monotonic() - started
        cases = []
        for case in ET.parse(report).iter("testcase"):
            outcome = "skipped" if case.find("skipped") is not None else "failed" if case.find("failure") is not None else "passed"
            path = str(case.get("classname")).removesuffix(".md").replace(".", "/") + ".md"  # docs.zh.kvm.md: slugs have no dot
            cases.append((f"{path}::{case.get('name')}", float(case.get("time", 0)), outcome))
        return wall, cases


def per_page(cases: list[tuple[str, float, str]]) -> dict[str, tuple[int, float]]:
    """Snippets run and seconds per page, engine and value set, from the item ids (``docs/zh/page.md::L12[28.5-other]``)."""
    pages: dict[str, tuple[int, float]] = {}
    for name, seconds, outcome in cases:
        snippet = snippet_ids.parse(name)
        key = snippet.describe() if snippet is not None else name
        ran, total = pages.get(key, (0, 0.0))
        pages[key] = (ran + (outcome != "skipped"), total + seconds)
    return pages


def whole_suite(*extra: str) -> tuple[float, str]:
    """Wall time of one ``./dev test`` (what CI runs) with ``extra`` pytest arguments, and pytest's last line."""
    started = time.monotonic()
    done = subprocess.run(["./dev", "test", "-p", "no:cacheprovider", *extra], cwd=ROOT, check=False,
                          capture_output=True, text=True)
    return time.monotonic() - started, (done.stdout.strip().splitlines() or [""])[-1].strip("= ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="worker counts to time (default: 1 2)")
    parser.add_argument("--whole", action="store_true", help="also time one whole `./dev test` (every image cached)")
    args = parser.parse_args()
    exec_s, run_s = floor()
    lines = [f"floor: docker exec {exec_s * 1000:.0f} ms, docker run --rm {run_s * 1000:.0f} ms (medians)"]
    for workers in args.workers:
        wall, cases = suite(workers)
        ran = [seconds for _, seconds, outcome in cases if outcome != "skipped"]
        if not ran:
            lines.append(f"{workers} worker(s): no snippet ran")
            continue
        slowest = sorted(cases, key=lambda c: c[1], reverse=True)[:3]
        lines.append(
            f"{workers} worker(s): wall {wall:.0f} s for {len(ran)} snippets run ({len(cases) - len(ran)} skipped); "
            f"per snippet median {statistics.median(ran):.2f} s = {statistics.median(ran) / exec_s:.0f}x the exec floor, "
            f"mean {statistics.mean(ran):.2f} s; failed {sum(o == 'failed' for *_, o in cases)}"
        )
        lines += [f"    slowest: {name} {seconds:.1f} s" for name, seconds, _ in slowest]
        lines += [f"    page {key}: {ran} snippets run, {seconds:.0f} s" for key, (ran, seconds) in sorted(per_page(cases).items())]
    if args.whole:  # the default (test files on parallel workers, see docs_tooling/commands/test.py), then one process
        for label, extra in (("./dev test", ()), ("./dev test -n 0 (one process)", ("-n", "0"))):
            wall, last = whole_suite(*extra)
            lines.append(f"whole {label}, warm: {wall:.0f} s ({last})")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
