"""Files a learner can take away from a lesson: the graph at a position as DOT, SVG or PNG,
every position as a zip of SVGs, and the program as a ``.py`` that runs on its own.

Pure (no Streamlit). Every picture is drawn with the fixed node sizes of the page's own layout
(``layout``: the sizes ``frames.frames`` computes over every position), so a file looks like
the graph on the page. The pictures are laid out by ``render`` (graphviz-pure, else a system
``dot``), in a subprocess.
"""

import io
import os
import re
import textwrap
import zipfile
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from autograd import learner, steps

from ..i18n import t
from . import frames, graph, render

PNG_TEXT = {"\u26a0": "!", "\u2026": "..."}  # graphviz-pure's PNG has ASCII glyphs only
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # every file's timestamp: the same zip from the same lesson
HEADER_WIDTH = 86
WORKERS = min(2, os.cpu_count() or 1)  # renderer runs at once for the zip


# -- the graph --------------------------------------------------------------------------------
def layout(lesson, view, lang="en", projector=False, wrong=(), gens=False):
    """``(shape, states, sizes)``: what ``view`` draws, every position's labels and the node
    sizes, computed as ``frames.frames`` computes them for the page's layout."""
    shape = graph.shape(lesson, view)
    states = frames.states_of(lesson, view, lang, wrong, gens)
    seen = {}
    for labels in states:
        for node_id, (text, _) in labels.items():
            if text is not None:
                seen.setdefault(node_id, set()).add(text)
    return shape, states, graph.sizes(shape, seen, projector)


def _clamp(lesson, position):
    return max(0, min(int(position), len(lesson.items)))


def dot(
    lesson, view, position, lang="en", projector=False, rankdir="LR", wrong=(), words=None,
    gens=False,
):  # fmt: skip
    """The DOT of ``view`` at ``position``, styled as the page shows it (grey, red, dashed).
    ``words``: the language of the labels' words (the flags), if not ``lang`` (the PNG's)."""
    shape, states, sizes = layout(lesson, view, lang, projector, wrong, gens)
    position = _clamp(lesson, position)
    labels = states[position]
    if words is not None and words != lang:
        labels = frames.states_of(lesson, view, words, wrong, gens)[position]
    return graph.source(shape, labels, sizes, projector, rankdir, styled=True)


def dots(lesson, view, lang="en", projector=False, rankdir="LR", wrong=(), gens=False):
    """The DOT of every position, 0 to ``len(lesson.items)``, with one set of sizes."""
    return list(_dots(lesson, view, lang, projector, rankdir, wrong, gens))


def _dots(lesson, view, lang, projector, rankdir, wrong, gens=False, renderer=None):
    """Every position's DOT; with ``renderer``, pinned to one layout of the lesson (made by
    it from the first position), for ``neato -n2``."""
    shape, states, sizes = layout(lesson, view, lang, projector, wrong, gens)
    memo = {}
    pinned = None
    if renderer is not None:
        first = graph.source(shape, states[0], sizes, projector, rankdir, memo=memo)
        pinned = render.layout(first, renderer)
    for labels in states:
        yield graph.source(
            shape, labels, sizes, projector, rankdir, styled=True, pinned=pinned, memo=memo
        )


def svg(
    lesson, view, position, lang="en", projector=False, rankdir="LR", wrong=(), renderer=None,
    gens=False,
):  # fmt: skip
    """The SVG of ``view`` at ``position`` (``render.ExportError`` if it cannot be made)."""
    source = dot(lesson, view, position, lang, projector, rankdir, wrong, gens=gens)
    return render.render(source, "svg", renderer)


def png_source(source):
    """DOT for graphviz-pure's PNG, which has no glyph beyond ASCII: ⚠ as "!", … as "..."."""
    for char, ascii_text in PNG_TEXT.items():
        source = source.replace(char, ascii_text)
    return source


def png(
    lesson, view, position, lang="en", projector=False, rankdir="LR", wrong=(), renderer=None,
    gens=False,
):  # fmt: skip
    """The PNG of ``view`` at ``position``. Its flag words are English whatever ``lang``:
    graphviz-pure draws no CJK glyph in a PNG (the SVG keeps the learner's language: a
    browser draws it with its own fonts)."""
    source = dot(lesson, view, position, lang, projector, rankdir, wrong, words="en", gens=gens)
    return render.render(png_source(source), "png", renderer)


# -- every position as a zip ------------------------------------------------------------------
def _safe(text):
    return re.sub(r"[^A-Za-z0-9_]+", "", text)


def item_name(lesson, item):
    """What an item did, as a file name part (ASCII): ``forward-Square``, ``backward-Add``
    (``forward-Square-Square-Add`` for a line of several calls), ``print``, ``error``,
    ``line-5`` (a line of the program), ``book-line-37`` (a line of the book's code)."""
    if item.kind == "error" or item.error:
        return "error"
    if item.calls:
        kinds = list(dict.fromkeys(call.kind for call in item.calls))
        classes = [_safe(lesson.node(call.fn).cls) or "Function" for call in item.calls]
        if len(classes) > 4:
            classes = [*classes[:3], f"and{len(classes) - 3}more"]
        return "-".join(["-".join(kinds), *classes])
    if item.printed:
        return "print"
    if item.where == "program":
        return f"line-{item.line}"
    return f"book-line-{item.line}"


def file_names(lesson):
    """``step-000-start.svg``, ``step-001-<what the item did>.svg``, ... one per position."""
    width = max(3, len(str(len(lesson.items))))
    names = [f"step-{0:0{width}d}-start.svg"]
    for number, item in enumerate(lesson.items, start=1):
        names.append(f"step-{number:0{width}d}-{item_name(lesson, item)}.svg")
    return names


def zip_svgs(
    lesson,
    view,
    lang="en",
    projector=False,
    rankdir="LR",
    wrong=(),
    renderer=None,
    batch=render.BATCH,
    gens=False,
):
    """A zip of every position's SVG (reproducible: fixed timestamps, names in order).

    The graph is laid out once, as the page lays it out once: every position is drawn in
    that layout (``neato -n2``), so nothing moves from one file to the next, and no position
    pays for a layout. The renderer draws ``batch`` graphs a run (``render.render_svgs``);
    the DOT of the next batch is written while it draws the last ones."""
    renderer = renderer or render.find_renderer()
    if renderer is None:
        raise render.ExportError("export_no_renderer")
    sources = _dots(lesson, view, lang, projector, rankdir, wrong, gens, renderer)
    with ThreadPoolExecutor(WORKERS) as pool:
        parts = []
        while chunk := list(islice(sources, batch)):
            parts.append(
                pool.submit(render.render_svgs, chunk, renderer, batch, render.PINNED)
            )
        svgs = [data for part in parts for data in part.result()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in zip(file_names(lesson), svgs, strict=True):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# -- the program ------------------------------------------------------------------------------
def base_name(book, view):
    return f"backprop-step{book}-{view}"


def file_name(book, view, position, ext):
    """``backprop-step06-stacked-007.gv``: a picture of one position."""
    return f"{base_name(book, view)}-{position:03d}.{ext}"


def zip_name(book, view):
    return f"{base_name(book, view)}.zip"


def program_name(book):
    return f"backprop-step{book}.py"


def header(step, lang="en"):
    """The file's first lines: what it is, in the learner's language, as ``#`` comments."""
    text = t(
        lang,
        "export_py_header",
        step=t(lang, "book_step", step=int(step)),
        file=program_name(step),
    )
    # a line per sentence (a CJK sentence has no space to break at: wrapping one would cut
    # it mid-phrase), each wrapped at its spaces
    sentences = re.split(r"(?<=。)|(?<=\. )", text)
    lines = [
        line
        for sentence in sentences
        if sentence.strip()
        for line in textwrap.wrap(sentence.strip(), HEADER_WIDTH, break_on_hyphens=False)
    ]
    return "".join(f"# {line}\n" for line in lines)


def program_source(lesson, learned=(), lang="en"):
    """The lesson as one ``.py`` that needs numpy only: the step's own definitions (the
    book's code as it stands at that step), the learner's functions in that step's style
    (``learned``: the ``Learned`` entries the lesson ran with), then the program. ``python
    file.py`` prints what the page printed (``lesson.printed``)."""
    step = lesson.step
    parts = [
        header(step, lang) + "\n" + steps.book(step).definitions.strip("\n"),
        learner.source(step, learned).strip("\n"),
        lesson.program.strip("\n"),
    ]
    return "\n\n\n".join(part for part in parts if part) + "\n"
