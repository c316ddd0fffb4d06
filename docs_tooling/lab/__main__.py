"""``python -m docs_tooling.lab cleanup|status``: remove what dead lab runs left, or list what the lab holds."""

from __future__ import annotations

import argparse
import sys

from docs_tooling.lab import host_firewall, labels
from docs_tooling.lab.engine import ensure_engine
from docs_tooling.lab.errors import LabError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docs_tooling.lab", description=__doc__)
    parser.add_argument("action", choices=["cleanup", "status"])
    parser.add_argument("--run", help="only this run id (cleanup); by default every run whose process is gone")
    args = parser.parse_args(argv)
    try:
        client = ensure_engine()
        if args.action == "cleanup":
            print(labels.cleanup(client, args.run))
            if args.run is None:
                print(f"host INPUT rules of dead runs removed: {host_firewall.remove_stale()}")
        else:
            found = {"containers": client.containers.list(all=True, filters={"label": f"{labels.LABEL}=1"}),
                     "networks": client.networks.list(filters={"label": f"{labels.LABEL}=1"}),
                     "volumes": client.volumes.list(filters={"label": f"{labels.LABEL}=1"}),
                     "images": client.images.list(filters={"label": f"{labels.LABEL}=1"})}
            for kind, objects in found.items():
                for obj in objects:
                    print(kind, getattr(obj, "name", None) or obj.tags, obj.labels if hasattr(obj, "labels") else "")
            print("live runs:", ", ".join(labels.live_runs()) or "none")
    except LabError as exc:
        print(f"lab: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
