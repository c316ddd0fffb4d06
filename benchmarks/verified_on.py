"""What the "verified on" hook (docs_tooling/build/verified_on.py) costs a build: strict builds of the site with and
without it, alternated, and the time of the hook's own work per page (its fingerprint of the page's commands).

    .venv/bin/python benchmarks/verified_on.py [--rounds 3]

The build without the hook uses a configuration that inherits mkdocs.yml with that one hook left out (a hidden file
beside mkdocs.yml while it runs, so that every relative path means the same; removed at the end).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docs_tooling import project  # noqa: E402

HOOK = "docs_tooling/build/verified_on.py"
PER_PAGE = """
import statistics, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(sys.argv[1], site_dir=sys.argv[2])
real = config.hooks[sys.argv[3]].on_page_context  # the hook's module, as mkdocs loaded it
times = []
def timed(context, page, config, nav):
    started = time.perf_counter()
    result = real(context, page, config, nav)
    times.append(time.perf_counter() - started)
    return result
events = config.plugins.events["page_context"]
events[events.index(real)] = timed
build(config)
print(len(times), sum(times), statistics.median(times))
"""


def build_seconds(config: Path, site: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCS_")} | {"NO_MKDOCS_2_WARNING": "1"}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"mkdocs build -f {config.name} failed:\n{done.stderr[-2000:]}")
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    hooks = project.load_config_text((ROOT / project.CONFIG_FILE).read_text(encoding="utf-8"))["hooks"]
    assert HOOK in hooks, f"{HOOK} is not among mkdocs.yml's hooks"
    without = ROOT / f".bench-without-verified-on-{os.getpid()}.yml"
    without.write_text(f"INHERIT: {project.CONFIG_FILE}\nhooks:\n" + "".join(f"  - {h}\n" for h in hooks if h != HOOK),
                       encoding="utf-8")
    times: dict[str, list[float]] = {"with the hook": [], "without it": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(rounds):
                times["with the hook"].append(build_seconds(ROOT / project.CONFIG_FILE, Path(tmp, "with")))
                times["without it"].append(build_seconds(without, Path(tmp, "without")))
            env = {k: v for k, v in os.environ.items() if not k.startswith("DOCS_")} | {"NO_MKDOCS_2_WARNING": "1"}
            done = subprocess.run([sys.executable, "-c", PER_PAGE, str(ROOT / project.CONFIG_FILE), str(Path(tmp, "hook")), HOOK],
                                  cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    finally:
        without.unlink(missing_ok=True)
    for what, seconds in times.items():
        print(f"build {what}: median {statistics.median(seconds):.2f} s, min {min(seconds):.2f} s ({rounds} rounds)")
    pages, total, median = done.stdout.split()[-3:]
    print(f"the hook's own work: {float(total) * 1000:.0f} ms in all for {pages} pages (median {float(median) * 1000:.1f} ms "
          "per page), in one in-process build")


if __name__ == "__main__":
    main()
