"""The Graphviz program that lays graphs out, on the server: ``graphviz-pure`` (a static Rust
port of Graphviz that ``pip install -r requirements.txt`` brings), else a system ``dot``.

Pure (no Streamlit): DOT in, SVG or PNG bytes out, in a subprocess with a timeout.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..i18n import t

FORMATS = ("svg", "png")
TIMEOUT = 10  # seconds, per renderer run
BATCH = 16  # graphs per renderer run in render_svgs
RENDERERS = ("graphviz-pure", "dot")  # in order of preference


class ExportError(RuntimeError):
    """A picture could not be made: no renderer, a renderer failure or a timeout.

    ``key`` and ``args`` name the message in ``i18n``; ``str()`` is its English text and
    ``message(lang)`` the text in the learner's language."""

    def __init__(self, key, **args):
        super().__init__(t("en", key, **args))
        self.key = key
        self.params = args

    def message(self, lang):
        return t(lang, self.key, **self.params)


# -- the renderer ------------------------------------------------------------------------------
def _scripts_dirs():
    """Where pip puts console programs for this interpreter (a venv's bin/, Scripts/)."""
    dirs = [Path(sys.executable).parent]
    scripts = sysconfig.get_path("scripts")
    if scripts:
        dirs.append(Path(scripts))
    return dirs


def _executable(path):
    return path.is_file() and os.access(path, os.X_OK)


def find_renderer() -> str | None:
    """The path of a Graphviz program that can lay out DOT here, or ``None``.

    First ``graphviz-pure`` next to this Python (where ``pip install`` put it; this also
    avoids a pyenv shim), then ``graphviz-pure`` on the PATH, then Graphviz's own ``dot``.
    """
    suffix = ".exe" if os.name == "nt" else ""
    for directory in _scripts_dirs():
        candidate = directory / f"graphviz-pure{suffix}"
        if _executable(candidate):
            return str(candidate)
    for name in RENDERERS:
        found = shutil.which(name)
        if found:
            return found
    return None


# How the renderer places the graph: Graphviz's dot lays it out; neato -n2 keeps the node
# positions and edge splines the DOT gives (``pos``: one layout, drawn at every position).
LAYOUT = ("-Kdot",)
PINNED = ("-Kneato", "-n2")


def _run(dot_source, fmt, renderer=None, engine=LAYOUT):
    if fmt not in FORMATS + ("json",):
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    renderer = renderer or find_renderer()
    if renderer is None:
        raise ExportError("export_no_renderer")
    if fmt == "png":
        # graphviz-pure has no glyphs past ASCII for PNG: the non-finite mark would be a box.
        dot_source = dot_source.replace("\u26a0", "!")
    try:
        done = subprocess.run(
            [renderer, *engine, f"-T{fmt}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExportError("export_timeout", program=Path(renderer).name, seconds=TIMEOUT) from None
    except OSError as error:
        raise ExportError("export_cannot_run", program=renderer, error=str(error)) from None
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip() or "no output"
        raise ExportError(
            "export_failed",
            program=f"{Path(renderer).name} -T{fmt}",
            code=done.returncode,
            message=message,
        )
    return done.stdout


def render(dot_source, fmt, renderer=None) -> bytes:
    """Lay out ``dot_source`` and return the picture as ``fmt`` ('svg' or 'png') bytes.

    Raises ``ExportError`` when no renderer is found, it fails or it takes over 10 s.
    """
    return _run(dot_source, fmt, renderer)


_XML_START = b"<?xml"


def _split_svgs(out, count):
    """Split concatenated SVG documents; ``None`` unless there are exactly ``count``."""
    starts = [m.start() for m in re.finditer(re.escape(_XML_START), out)]
    if len(starts) != count or starts[0] != 0:
        return None
    return [out[a:b] for a, b in zip(starts, starts[1:] + [len(out)], strict=True)]


def layout(dot_source, renderer=None):
    """Lay ``dot_source`` out once: ``(bb, {node: pos}, {edge id: (pos, lp)})``, read from the
    renderer's JSON (Graphviz's ``-Tjson``), for ``graph.source(pinned=...)``."""
    laid = _run(dot_source, "json", renderer)
    try:
        found = json.loads(laid)
        nodes = {o["name"]: o["pos"] for o in found.get("objects", ()) if "pos" in o}
        edges = {
            e["id"]: (e["pos"], e.get("lp"))
            for e in found.get("edges", ())
            if "id" in e and "pos" in e
        }
        return found["bb"], nodes, edges
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ExportError(
            "export_failed", program=f"{Path(renderer or '').name} -Tjson", code=0,
            message="no layout in its output",
        ) from None


def _render_batch(sources, renderer, engine=LAYOUT):
    svgs = _split_svgs(_run("\n".join(sources), "svg", renderer, engine), len(sources))
    if svgs is None:  # a renderer that writes only the first graph: one run per graph
        svgs = [_run(source, "svg", renderer, engine) for source in sources]
    return svgs


def render_svgs(dot_sources, renderer=None, batch=BATCH, engine=LAYOUT) -> list[bytes]:
    """SVGs of several graphs, ``batch`` graphs per renderer run.

    A DOT file may hold several graphs; Graphviz (and graphviz-pure) then writes one complete
    SVG document after another, each starting with ``<?xml``, which saves a process start
    per graph. Batches keep each run well inside the 10 s timeout on a busy server (a
    32-function graph takes 20-35 ms of CPU), and up to two batches run at once.
    """
    sources = list(dot_sources)
    if not sources:
        return []
    renderer = renderer or find_renderer()
    batches = [sources[i : i + batch] for i in range(0, len(sources), batch)]
    workers = min(len(batches), 2, os.cpu_count() or 1)
    if workers == 1:
        results = [_render_batch(sources_, renderer, engine) for sources_ in batches]
    else:
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(lambda part: _render_batch(part, renderer, engine), batches))
    return [svg for part in results for svg in part]
