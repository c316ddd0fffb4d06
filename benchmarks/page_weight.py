"""What the "your lab" panel adds to the site's weight: its files, and the spans around the values of each page.

    .venv/bin/python benchmarks/page_weight.py

Builds the site with the default values (``mkdocs build --strict``) into a temporary folder and reports, in bytes
and gzip-compressed bytes: the panel's three files (``lab_values.js``, the generated ``lab_rules.js``,
``lab_values.css``), downloaded once and cached; and, per page, the HTML as built against the same HTML without
the value spans and the panel's mount (what the page would weigh without the panel).
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docs_tooling.build import lab_panel, sitebuild  # noqa: E402

ASSETS = ("assets/lab_values.js", lab_panel.RULES_ASSET, "assets/lab_values.css")
SPAN_RE = re.compile(r'<span data-lab-(?:var="\w+"|rest)>(.*?)</span>', re.S)
HEAD_RE = re.compile(r'<link rel="stylesheet" href="[^"]*lab_values\.css">|<script src="[^"]*lab_(?:rules|values)\.js"></script>')


def sizes(data: bytes) -> tuple[int, int]:
    return len(data), len(gzip.compress(data, compresslevel=9))


def without_panel(page: str) -> str:
    return HEAD_RE.sub("", SPAN_RE.sub(r"\1", page.replace(lab_panel.MOUNT, "")))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        done = sitebuild.build(ROOT, site)
        if done.returncode != 0:
            print(done.stdout + done.stderr, file=sys.stderr)
            return 1
        print("| file (downloaded once) | bytes | gzip |\n| --- | ---: | ---: |")
        total = [0, 0]
        for asset in ASSETS:
            raw, packed = sizes((site / asset).read_bytes())
            total = [total[0] + raw, total[1] + packed]
            print(f"| {asset} | {raw} | {packed} |")
        print(f"| all three | {total[0]} | {total[1]} |\n")
        print("| page | HTML bytes | without the panel | added | gzip added |\n| --- | ---: | ---: | ---: | ---: |")
        for file in sorted(site.rglob("index.html")):
            page = file.read_text(encoding="utf-8")
            plain = without_panel(page)
            (raw, packed), (raw0, packed0) = sizes(page.encode()), sizes(plain.encode())
            name = file.parent.relative_to(site).as_posix()
            if name != "search":
                print(f"| /{name + '/' if name != '.' else ''} | {raw} | {raw0} | {raw - raw0} | {packed - packed0} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
