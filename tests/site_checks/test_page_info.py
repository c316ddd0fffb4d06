"""Every page shows its last-updated date in its own language, with no code host. The edit and report links:
test_publish_settings.py."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from docs_tooling import project
from docs_tooling.build import page_info
from docs_tooling.chores import nav_edit
from docs_tooling.project import LANGS, ROOT

PAGES = project.pages(ROOT)
LABELS = {"zh": "最后更新", "en": "Last update"}

pytestmark = pytest.mark.site


@pytest.mark.parametrize("page", [f"{lang}:{page}" for page in PAGES for lang in LANGS])
def test_page_shows_its_last_updated_date(build_site, page: str) -> None:
    lang, name = page.split(":", 1)
    html = build_site().html(lang, name)
    updated_label = LABELS[lang]
    date = re.search(rf'{updated_label}\S*\s*<time datetime="(\d{{4}}-\d{{2}}-\d{{2}})">', html)
    assert date, f"docs/{lang}/{name}.md: no '{updated_label}' date"
    assert date.group(1) <= dt.date.today().isoformat()


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
