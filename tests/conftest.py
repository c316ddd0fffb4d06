"""Shared fixtures: the project root and strict builds of the site (one per set of values)."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from docs_tooling.build import sitebuild
from docs_tooling.extract import snippets
from docs_tooling.project import ROOT
from docs_tooling.runner import pytest_plugin

pytest_plugins = ("pytester", "tests.summary_tables")  # tests/runner/; the tables printed at the end of a run

ADDITIONAL = {"every_page"}  # markers that add to a part (site, container, ...) instead of being one


@pytest.hookimpl(tryfirst=True)  # before -m deselects: a test without a part would never be selected by one
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["markers"]
    parts = {line.split(":")[0].strip() for line in declared} - ADDITIONAL
    unmarked = [item.nodeid for item in items if not parts & {mark.name for mark in item.iter_markers()}]
    if unmarked:
        raise pytest.UsageError(f"{len(unmarked)} test(s) belong to no part ({', '.join(sorted(parts))}): give each a "
                                f"marker (pytestmark = pytest.mark.<part>): " + ", ".join(unmarked[:10]))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


class Built:
    def __init__(self, site: Path, result: subprocess.CompletedProcess[str]) -> None:
        self.site, self.result = site, result

    @property
    def log(self) -> str:
        return self.result.stdout + self.result.stderr

    def html(self, lang: str, page: str) -> str:
        prefix = "" if lang == "zh" else f"{lang}/"
        folder = "" if page == "index" else f"{page}/"
        return (self.site / f"{prefix}{folder}index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def build_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Built]]:
    """``build_site(root=ROOT, **DOCS_values)``: a strict build, cached per (root, values)."""
    cache: dict[tuple[Path, tuple[tuple[str, str], ...]], Built] = {}

    def build(project: Path = ROOT, **values: str) -> Built:
        key = (project, tuple(sorted(values.items())))
        if key not in cache:
            site = tmp_path_factory.mktemp("site")
            result = sitebuild.build(project, site, {f"DOCS_{k.upper()}": v for k, v in values.items()})
            cache[key] = Built(site, result)
        return cache[key]

    yield build


@pytest.fixture(scope="session")
def default_snippets(request: pytest.FixtureRequest) -> list[snippets.Snippet]:
    """The site's snippets with the default values: those the snippet plugin collected for its default value set
    (the defaults whatever DOCS_* values the environment exports)."""
    return pytest_plugin.all_snippets(request.config)


def copy_working_files(root: Path, target: Path) -> Path:
    """Copy ``root``'s tracked and new (not ignored) files into ``target``, as they are in the working tree."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=root,
                           capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, files):
        source = root / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's tracked and new files, to break on purpose."""
    return copy_working_files(ROOT, tmp_path / "project")
