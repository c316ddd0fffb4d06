"""The Debian suites of the readers' machines (no Docker needed to read this module: snippet metadata checks `suite:`)."""

from __future__ import annotations

# What a fresh install of each suite has beyond debootstrap's minbase that changes what a snippet sees: systemd (the
# init; here only its boot-time sysctl settings are applied, by stage2.sh) and, on trixie, linux-sysctl-defaults
# (priority important: ping_group_range, which trixie's ping needs, having lost its cap_net_raw file capability).
FRESH_INSTALL = {"bookworm": ("systemd",), "trixie": ("systemd", "linux-sysctl-defaults")}
SUITES = tuple(FRESH_INSTALL)  # the suites a page's machine can be (snippet metadata `suite:`)
NAMES = {"bookworm": "Debian 12 (bookworm)", "trixie": "Debian 13 (trixie)"}
