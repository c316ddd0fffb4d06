"""Reading the host's Debian mirror from apt sources (no container needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_tooling.lab.errors import MirrorNotFound
from docs_tooling.lab.mirror import find_mirror, parse_deb822, parse_one_line, read_entries

pytestmark = pytest.mark.container  # the lab's own tests (these need no Docker, but belong with the lab's)

DEB822 = """Types: deb
# a comment
URIs: http://mirror.invalid/debian
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://src.invalid/debian
Suites: bookworm
Components: main

Types: deb
URIs: http://mirror.invalid/debian-security/
Suites: bookworm-security
Components: main

Enabled: no
Types: deb
URIs: http://disabled.invalid/debian
Suites: bookworm
Components: main
"""


def test_deb822_keeps_enabled_binary_entries() -> None:
    entries = parse_deb822(DEB822)
    assert [e.uri for e in entries] == ["http://mirror.invalid/debian", "http://mirror.invalid/debian-security"]
    assert entries[0].suites == ("bookworm", "bookworm-updates")


def test_one_line_format_with_options_and_comments() -> None:
    text = "# deb http://old.invalid/debian buster main\ndeb [arch=amd64 signed-by=/k.gpg] http://one.invalid/debian/ bookworm main\n"
    entries = parse_one_line(text + "deb-src http://src.invalid/debian bookworm main\n")
    assert [(e.uri, e.suites, e.components) for e in entries] == [("http://one.invalid/debian", ("bookworm",), ("main",))]


def test_find_mirror_picks_archive_and_security(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "debian.sources").write_text(DEB822)
    (tmp_path / "d" / "other.list.disabled").write_text("deb http://ignored.invalid/debian bookworm main\n")
    mirror = find_mirror(read_entries(tmp_path / "none.list", tmp_path / "d"))
    assert (mirror.url, mirror.security_url) == ("http://mirror.invalid/debian", "http://mirror.invalid/debian-security")
    assert "URIs: http://mirror.invalid/debian\n" in mirror.sources()


def test_https_mirror_is_written_as_http_for_proxy_clients() -> None:
    mirror = find_mirror(parse_one_line("deb https://tls.invalid/debian bookworm main\n"))
    assert mirror.url == "https://tls.invalid/debian"
    assert mirror.client_url == "http://tls.invalid/debian"


def test_no_mirror_is_one_clear_error() -> None:
    with pytest.raises(MirrorNotFound, match="no Debian mirror found"):
        find_mirror(parse_one_line("deb http://x.invalid/other stable contrib\n"))


def test_this_machine_has_a_mirror() -> None:
    assert find_mirror().url.startswith("http")
