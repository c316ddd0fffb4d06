"""The contributor guide stays in step with the tools it describes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from docs_tooling import cli
from docs_tooling.extract import snippet_meta
from docs_tooling.project import LANGS, ROOT

# The markers pyproject.toml declares (the one list of them)
MARKERS = [line.split(":")[0] for line in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["markers"]]
GUIDES = [ROOT / "docs" / lang / "contributing.md" for lang in LANGS]

pytestmark = pytest.mark.site


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_guide_lists_every_snippet_metadata_key(guide: Path) -> None:
    text = guide.read_text(encoding="utf-8")
    missing = [key for key in snippet_meta.ALLOWED if f"| `{key}` |" not in text]
    assert not missing, f"{guide.relative_to(ROOT)}: the metadata table lacks {missing} (see docs_tooling/extract/snippet_meta.py ALLOWED)"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_guide_explains_every_runs_value(guide: Path) -> None:
    row = next(line for line in guide.read_text(encoding="utf-8").split("\n") if line.startswith("| `runs` |"))
    missing = [value for value in snippet_meta.RUNS if f"`{value}`" not in row]
    assert not missing, f"{guide.relative_to(ROOT)}: the `runs` row lacks {missing} (see docs_tooling/extract/snippet_meta.py RUNS)"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_guide_names_every_dev_command_and_marker(guide: Path) -> None:
    """Every command ``./dev help`` lists, as a whole word (``./dev test`` is not found in ``./dev test-page``),
    and every pytest marker as a row of the markers' table."""
    text = guide.read_text(encoding="utf-8")
    named = set(re.findall(r"\./dev ([a-z][a-z-]*)(?![\w-])", text))
    missing = [f"./dev {name}" for name in cli.command_names() if name not in named]
    missing += [f"| `{marker}` |" for marker in MARKERS if f"| `{marker}` |" not in text]
    assert not missing, f"{guide.relative_to(ROOT)}: does not mention {missing}"
