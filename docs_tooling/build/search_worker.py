"""Material's search worker with ``search_worker.js`` in front of it: the site's ranking rule and English word forms
(what the script does, and the index settings that drive it: its comments and :mod:`~docs_tooling.build.search_split`).

Material has no setting for code of a site's own in its search worker, which builds and queries the lunr index. The
build therefore replaces the theme's worker file with the same file after the script (same name, so the pages'
``__config`` still points at it), served and in the offline copy alike, and moves the worker's source map down by
the script's lines so that it still points at Material's sources.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

WORKERS = "assets/javascripts/workers/"
WORKER_RE = re.compile(re.escape(WORKERS) + r"search\.[0-9a-f]+\.min\.js")
PRELUDE = Path(__file__).with_name("search_worker.js")


def with_prelude(files: Files, config: Any) -> Files:
    """``files`` with Material's search worker (and its source map) replaced by the same with ``search_worker.js`` in
    front of it. Material runs one worker for every language, each page with its language's index."""
    workers = [file for file in files if WORKER_RE.fullmatch(file.src_uri)]
    if len(workers) != 1:
        found = ", ".join(file.src_uri for file in workers) or "none"
        raise PluginError(f"{PRELUDE.name}: expected one search worker of Material ({WORKERS}search.<hash>.min.js) among the "
                          f"theme's files, found {found}; Material's layout changed: see docs_tooling/build/search_worker.py")
    worker = workers[0]
    if worker.generated_by is not None:
        return files  # already replaced
    prelude = PRELUDE.read_text(encoding="utf-8")
    files.remove(worker)
    files.append(File.generated(config, worker.src_uri, content=prelude + worker.content_string))
    source_map = files.get_file_from_path(f"{worker.src_uri}.map")
    if source_map is not None:  # every generated line moves down by the prelude's lines: as many empty ones first
        data = json.loads(source_map.content_string)
        data["mappings"] = ";" * prelude.count("\n") + data["mappings"]
        files.remove(source_map)
        files.append(File.generated(config, source_map.src_uri, content=json.dumps(data, separators=(",", ":"))))
    return files
