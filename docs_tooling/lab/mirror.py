"""The Debian mirror this machine's apt uses, read from its sources at run time (never hard-coded)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from docs_tooling.lab.errors import MirrorNotFound

SUITE = "bookworm"
SOURCES_LIST = Path("/etc/apt/sources.list")
SOURCES_DIR = Path("/etc/apt/sources.list.d")


@dataclass(frozen=True)
class AptEntry:
    """One ``deb`` source: a URI, its suites and components."""

    uri: str
    suites: tuple[str, ...]
    components: tuple[str, ...]


@dataclass(frozen=True)
class AptMirror:
    """The host's Debian archive URL, and its security archive URL when the host has one."""

    url: str
    security_url: str | None
    suite: str = SUITE

    @property
    def client_url(self) -> str:
        """The archive URL as clients behind the apt proxy write it (plain http; the proxy may use https)."""
        return _as_http(self.url)

    @property
    def client_security_url(self) -> str | None:
        """The security archive URL as clients behind the apt proxy write it."""
        return _as_http(self.security_url) if self.security_url else None

    def sources(self) -> str:
        """A deb822 ``debian.sources`` for a container, pointing at the same mirror as the host."""
        text = (f"Types: deb\nURIs: {self.client_url}\nSuites: {self.suite} {self.suite}-updates\n"
                "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")
        if self.client_security_url:
            text += (f"\nTypes: deb\nURIs: {self.client_security_url}\nSuites: {self.suite}-security\n"
                     "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")
        return text


def _as_http(url: str) -> str:
    return "http://" + url.split("://", 1)[1] if url.startswith("https://") else url


def parse_one_line(text: str) -> list[AptEntry]:
    """Entries of a one-line-style ``sources.list`` (``deb [opts] URI SUITE COMPONENT...``)."""
    entries = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        line = re.sub(r"\[[^]]*\]", " ", line)
        words = line.split()
        if len(words) >= 3 and words[0] == "deb":
            entries.append(AptEntry(words[1].rstrip("/"), (words[2],), tuple(words[3:])))
    return entries


def parse_deb822(text: str) -> list[AptEntry]:
    """Entries of a deb822 ``.sources`` file (``Types:``, ``URIs:``, ``Suites:``, ``Components:``)."""
    entries = []
    for stanza in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        key = None
        for line in stanza.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line[0] in " \t" and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, value = line.split(":", 1)
                key = key.strip().lower()
                fields[key] = value.strip()
        if "deb" not in fields.get("types", "").split() or fields.get("enabled", "yes").lower() == "no":
            continue
        for uri in fields.get("uris", "").split():
            entries.append(AptEntry(uri.rstrip("/"), tuple(fields.get("suites", "").split()),
                                    tuple(fields.get("components", "").split())))
    return entries


def read_entries(sources_list: Path = SOURCES_LIST, sources_dir: Path = SOURCES_DIR) -> list[AptEntry]:
    """Every ``deb`` entry apt reads: ``sources.list`` and ``sources.list.d/*.list`` / ``*.sources``."""
    entries = parse_one_line(sources_list.read_text()) if sources_list.is_file() else []
    if sources_dir.is_dir():
        for path in sorted(sources_dir.iterdir()):
            if path.suffix == ".list":
                entries += parse_one_line(path.read_text())
            elif path.suffix == ".sources":
                entries += parse_deb822(path.read_text())
    return [entry for entry in entries if urlsplit(entry.uri).scheme in ("http", "https")]


def find_mirror(entries: list[AptEntry] | None = None, suite: str = SUITE) -> AptMirror:
    """The Debian mirror for ``suite``: the entry carrying ``suite``/main, else any Debian base suite with main."""
    entries = read_entries() if entries is None else entries
    main = [entry for entry in entries if "main" in entry.components]
    archive = next((e.uri for e in main if suite in e.suites), None)
    if archive is None:
        archive = next((e.uri for e in main if any("-" not in s and "/" not in s for s in e.suites)
                        and "security" not in e.uri), None)
    if archive is None:
        raise MirrorNotFound(
            f"no Debian mirror found in {SOURCES_LIST} or {SOURCES_DIR}/ (looked for a `deb` entry with suite {suite} and "
            "component main): configure apt with a Debian mirror, as on a stock Debian 12 machine")
    security = next((e.uri for e in main if f"{suite}-security" in e.suites), None)
    security = security or next((e.uri for e in main if any(s.endswith("-security") for s in e.suites)), None)
    return AptMirror(url=archive, security_url=security, suite=suite)
