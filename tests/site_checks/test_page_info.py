"""Every page shows its last-updated date and, when the site has an edit base, "edit this page", in its own
language, with no code host."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from docs_tooling import project
from docs_tooling.build import page_info, sitebuild
from docs_tooling.chores import nav_edit
from docs_tooling.project import LANGS, ROOT

PAGES = project.pages(ROOT)
LABELS = {"zh": ("编辑此页", "最后更新"), "en": ("Edit this page", "Last update")}

pytestmark = pytest.mark.site


EDIT_BASE = "https://code.example.net/openstack-notes/edit/main/"  # a publisher's value, for the test build


@pytest.mark.parametrize("page", [f"{lang}:{page}" for page in PAGES for lang in LANGS])
def test_page_shows_its_last_updated_date(build_site, page: str) -> None:
    lang, name = page.split(":", 1)
    html = build_site().html(lang, name)
    updated_label = LABELS[lang][1]
    date = re.search(rf'{updated_label}\S*\s*<time datetime="(\d{{4}}-\d{{2}}-\d{{2}})">', html)
    assert date, f"docs/{lang}/{name}.md: no '{updated_label}' date"
    assert date.group(1) <= dt.date.today().isoformat()


def test_edit_links_only_with_an_edit_base(build_site, tmp_path: Path) -> None:
    """Without ``SITE_EDIT_BASE`` no page links "edit this page" (no placeholder); with it, every page links its
    own source file in its own language."""
    default = build_site()
    if not os.environ.get("SITE_EDIT_BASE"):
        linked = [f"{lang}:{name}" for name in PAGES for lang in LABELS if 'rel="edit"' in default.html(lang, name)]
        assert not linked, f"pages link an editor with no SITE_EDIT_BASE set: {linked}"
    built = sitebuild.build(ROOT, tmp_path / "site", {"SITE_EDIT_BASE": EDIT_BASE})
    assert built.returncode == 0, built.stdout + built.stderr
    for name in PAGES:
        for lang, (edit_label, _) in LABELS.items():
            html = (tmp_path / "site" / ("" if lang == "zh" else "en") / ("" if name == "index" else name)
                    / "index.html").read_text(encoding="utf-8")
            link = f'<a href="{EDIT_BASE}docs/{lang}/{name}.md" rel="edit">{edit_label}</a>'
            assert link in html, f"docs/{lang}/{name}.md: no '{edit_label}' link to {EDIT_BASE}"


def test_no_repo_url_so_no_code_host_is_called() -> None:
    config = nav_edit.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "repo_url" not in config, "repo_url makes Material call the code host's API from every page"


def test_last_updated_is_the_last_commit_or_the_file_time(tmp_path: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    committed, changed, new = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"
    committed.write_text("a\n")
    changed.write_text("b\n")
    subprocess.run([*git, "add", "."], check=True)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2021-03-04T05:06:07Z", "GIT_AUTHOR_DATE": "2021-03-04T05:06:07Z"}
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True, env=env)
    changed.write_text("b changed\n")
    new.write_text("c\n")
    for path in (changed, new):
        os.utime(path, (dt.datetime(2022, 5, 6, 12).timestamp(),) * 2)
    page_info.on_pre_build({})
    assert page_info.last_updated(committed) == "2021-03-04"
    assert page_info.last_updated(changed) == "2022-05-06"
    assert page_info.last_updated(new) == "2022-05-06"
