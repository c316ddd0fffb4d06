"""Which pages lack a translation, and which translations are older than their Chinese source.

Each English page records the version of the Chinese page it translates, in its front matter::

    ---
    source_sha: 1f0c…   # `git hash-object docs/zh/<page>.md` when the translation was last updated
    ---

When the Chinese page's current blob hash differs, the translation is stale; the commits that
changed the Chinese page after the recorded version say since when. ``./dev translations --stamp
<page>`` records the current version after the translation has been brought up to date.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from docs_tooling import project
from docs_tooling.chores import front_matter
from docs_tooling.project import PRIMARY, TRANSLATIONS

SOURCE, (TRANSLATION,) = PRIMARY, TRANSLATIONS  # one translation: the others would be checked alike
KEY = "source_sha"
STAMP_COMMAND = "./dev translations --stamp"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    subject: str

    def __str__(self) -> str:
        return f"{self.sha[:10]} {self.date} {self.subject}"


@dataclass(frozen=True)
class Status:
    page: str
    state: str  # ok, new, missing, unstamped, stale, unknown
    missing: str | None = None  # the file that does not exist, for state "missing"
    recorded: str | None = None
    current: str | None = None
    base: Commit | None = None  # the commit that made the recorded version, for state "stale"
    since: tuple[Commit, ...] = field(default_factory=tuple)
    uncommitted: bool = False

    @property
    def source(self) -> str:
        return f"docs/{SOURCE}/{self.page}.md"

    @property
    def translation(self) -> str:
        return f"docs/{TRANSLATION}/{self.page}.md"

    def message(self) -> str:
        fix = f"update {self.translation}, then run `{STAMP_COMMAND} {self.page}`"
        if self.state == "missing":
            have = self.translation if self.missing == self.source else self.source
            return project.missing_translation(have, self.missing)
        if self.state == "unstamped":
            return (f"{self.translation} does not record which version of {self.source} it translates "
                    f"(no `{KEY}:` in its front matter); check it against the source, then run `{STAMP_COMMAND} {self.page}`")
        if self.state == "new":
            return (f"{self.source} is not committed yet, so its translation is not compared with it; when both are "
                    f"ready, run `{STAMP_COMMAND} {self.page}` and commit the two pages together")
        if self.state == "unknown":
            return (f"{self.translation} is stale or unverifiable: it records {KEY} {self.recorded}, which is no committed "
                    f"version of {self.source} (current: {self.current}); compare the two pages by hand, then {fix}")
        if self.state == "stale":
            changes = [f"    {commit}" for commit in self.since]
            if self.uncommitted:
                changes.append("    (changes to the source not yet committed)")
            return (f"{self.translation} is older than its source {self.source}: it translates the version of commit "
                    f"{self.base} ({KEY} {self.recorded}); the source changed since in:\n" + "\n".join(changes) + f"\n  To fix: {fix}")
        return f"{self.translation} is up to date with {self.source}"


def blob_hash(data: bytes) -> str:
    """What `git hash-object` prints for a file holding ``data`` (no filters in this repository)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def history(root: Path, path: str) -> list[tuple[Commit, str]]:
    """(commit, blob of ``path`` after it), newest first, for every commit that changed ``path``."""
    done = subprocess.run(
        ["git", "-C", str(root), "log", "--no-renames", "--raw", "--no-abbrev", "--format=%x00%H%x09%cs%x09%s", "--", path],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        return []
    result = []
    for record in done.stdout.split("\0")[1:]:
        head, _, rest = record.partition("\n")
        sha, date, subject = [*head.split("\t", 2), "", ""][:3]
        blobs = [line.split()[3] for line in rest.splitlines() if line.startswith(":") and line.endswith(path)]
        if blobs:
            result.append((Commit(sha, date, subject), blobs[0]))
    return result


def page_status(root: Path, page: str) -> Status:
    source, translation = root / "docs" / SOURCE / f"{page}.md", root / "docs" / TRANSLATION / f"{page}.md"
    for path, lang in ((source, SOURCE), (translation, TRANSLATION)):
        if not path.exists():
            return Status(page, "missing", missing=f"docs/{lang}/{page}.md")
    current = blob_hash(source.read_bytes())
    recorded = front_matter.read(translation.read_text(encoding="utf-8")).get(KEY)
    if not recorded:
        return Status(page, "unstamped", current=current)
    recorded = str(recorded)
    if recorded == current:
        return Status(page, "ok", recorded=recorded, current=current)
    versions = history(root, f"docs/{SOURCE}/{page}.md")
    if not versions:  # a new page: edits before its first commit need no stamp each
        return Status(page, "new", recorded=recorded, current=current)
    blobs = [blob for _, blob in versions]
    if recorded not in blobs:
        return Status(page, "unknown", recorded=recorded, current=current)
    at = blobs.index(recorded)
    since = tuple(commit for commit, _ in versions[:at])
    uncommitted = versions[0][1] != current
    return Status(page, "stale", recorded=recorded, current=current, base=versions[at][0], since=since, uncommitted=uncommitted)


def status(root: Path) -> list[Status]:
    return [page_status(root, page) for page in project.pages(root)]


def report(root: Path) -> tuple[str, int]:
    """The report's text and how many pages need attention."""
    found = status(root)
    problems = [s for s in found if s.state not in ("ok", "new")]
    new = [s for s in found if s.state == "new"]
    lines = [f"Translations (docs/{TRANSLATION}/ from docs/{SOURCE}/): {len(found)} pages, "
             f"{len(found) - len(problems) - len(new)} up to date, {len(new)} new, {len(problems)} to look at"]
    lines += [f"  {s.page}: {s.message()}" for s in (*problems, *new)]
    return "\n".join(lines), len(problems)


def stamp(root: Path, page: str) -> str:
    """Record the source's current version in the translation's front matter; returns the hash."""
    page = normalise_page(page)
    source, translation = root / "docs" / SOURCE / f"{page}.md", root / "docs" / TRANSLATION / f"{page}.md"
    for path in (source, translation):
        if not path.exists():
            raise FileNotFoundError(f"{path.relative_to(root)} does not exist: nothing to stamp (pages: {', '.join(project.pages(root))})")
    current = blob_hash(source.read_bytes())
    text = translation.read_text(encoding="utf-8")
    updated = front_matter.set_value(text, KEY, current)
    if updated != text:
        tmp = translation.with_name(f".{translation.name}.tmp")
        tmp.write_text(updated, encoding="utf-8")
        tmp.replace(translation)
    return current


def normalise_page(page: str) -> str:
    """``kvm``, ``kvm.md``, ``docs/en/kvm.md`` and ``docs/zh/kvm.md`` all name the page ``kvm``."""
    page = page.strip().removesuffix(".md")
    for prefix in ("docs/", f"{SOURCE}/", f"{TRANSLATION}/"):
        page = page.removeprefix(prefix)
    return page
