"""Files a learner can take away: the graph as DOT, SVG or PNG, every step as a zip, the
session as a runnable program.

Pure (no Streamlit). The pictures are laid out by a Graphviz program run in a subprocess:
``graphviz-pure`` (a static Rust port of Graphviz, installed by ``pip install -r
requirements.txt``), else a system ``dot``. The browser never needs one: this module is only
for downloads.
"""

import inspect
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from autograd import (
    REGISTRY,
    SOURCE,
    BackwardStepper,
    Kind,
    Stepper,
    function_names,
    timeline,
    variable_names,
)

from .graph import build_dot, build_dot_links, timeline_sizes
from .i18n import t
from .userfn import class_source

FORMATS = ("svg", "png")
TIMEOUT = 10  # seconds, per renderer run
BATCH = 16  # graphs per renderer run in render_svgs
RENDERERS = ("graphviz-pure", "dot")  # in order of preference


BOOK_FUNCTIONS = ("Square", "Exp")  # the only functions step 06 defines


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


def _run(dot_source, fmt, renderer=None):
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    renderer = renderer or find_renderer()
    if renderer is None:
        raise ExportError("export_no_renderer")
    if fmt == "png":
        # graphviz-pure has no glyphs past ASCII for PNG: the non-finite mark would be a box.
        dot_source = dot_source.replace("\u26a0", "!")
    try:
        done = subprocess.run(
            [renderer, "-Kdot", f"-T{fmt}"],
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


def _render_batch(sources, renderer):
    svgs = _split_svgs(_run("\n".join(sources), "svg", renderer), len(sources))
    if svgs is None:  # a renderer that writes only the first graph: one run per graph
        svgs = [_run(source, "svg", renderer) for source in sources]
    return svgs


def render_svgs(dot_sources, renderer=None, batch=BATCH) -> list[bytes]:
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
        results = [_render_batch(sources_, renderer) for sources_ in batches]
    else:
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(lambda part: _render_batch(part, renderer), batches))
    return [svg for part in results for svg in part]


# -- every step as a zip -------------------------------------------------------------------------
def step_file_names(ops, book="06") -> list[str]:
    """File names of the steps 0 .. total: ``step-00-start.svg``, ``step-01-forward-A.svg``,
    ..., ``step-04-seed.svg``, ``step-05-backward-C.svg`` (ASCII only, safe everywhere).

    Steps 07 and 08 (``book``) name each event of ``y.backward()`` after what its line
    does and the function (else the variable) it touches: ``step-05-call-y.svg``,
    ``step-06-creator-C.svg``, ``step-08-grad-C.svg``, ..., ``step-19-return-x.svg``.
    """
    names = function_names(len(ops))
    if book == "06":
        items = timeline(ops)
    else:
        # the events depend on the number of functions only: any chain that long will do
        items = BackwardStepper(["Sin"] * len(ops), 0.5, book).timeline
    width = max(2, len(str(len(items))))
    files = [f"step-{0:0{width}d}-start.svg"]
    for number, item in enumerate(items, start=1):
        if isinstance(item.kind, Kind):
            what = "seed" if item.kind is Kind.SEED else f"{item.kind.value}-{names[item.index]}"
        else:
            who = item.function or "-".join(item.variables)  # the function, else the variable
            what = "-".join(filter(None, (item.kind.value.replace("_", "-"), who)))
        files.append(f"step-{number:0{width}d}-{what}.svg")
    return files


def timeline_dots(
    ops, x_data, view="stacked", projector=False, lang="en", user_functions=None, book="06"
) -> list[str]:
    """The DOT of every step 0 .. total, stepping one ``Stepper`` (or, for steps 07 and 08,
    one ``BackwardStepper``: one picture per event of ``y.backward()``) forward."""
    x = np.array(x_data, dtype=np.float64)
    if book != "06":
        lesson = BackwardStepper(ops, x, book, user_functions)
        dots = [build_dot_links(lesson, view, projector, lang)]
        while not lesson.done:
            lesson.step()
            dots.append(build_dot_links(lesson, view, projector, lang))
        return dots
    end = Stepper(ops, x, user_functions).run_to_end()
    sizes = timeline_sizes(end, view, projector, lang)  # one layout for every step
    stepper = Stepper(ops, x, user_functions)
    dots = [build_dot(stepper, view, projector, lang, sizes)]
    while not stepper.done:
        stepper.step()
        dots.append(build_dot(stepper, view, projector, lang, sizes))
    return dots


def timeline_zip(
    ops,
    x_data,
    view="stacked",
    projector=False,
    renderer=None,
    lang="en",
    user_functions=None,
    book="06",
) -> bytes:
    """A zip of numbered SVGs, one per step of the timeline (step 0 .. total)."""
    dots = timeline_dots(ops, x_data, view, projector, lang, user_functions, book)
    svgs = render_svgs(dots, renderer)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, svg in zip(step_file_names(ops, book), svgs, strict=True):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, svg)
    return buffer.getvalue()


# -- the session as a program ----------------------------------------------------------------------
# The book's step-06 Variable and Function, word for word. (The app's engine adds input checks,
# names and flags to them; a learner's program should look like the book's.)
BOOK_VARIABLE = """\
class Variable:
    def __init__(self, data):
        self.data = data
        self.grad = None
"""

BOOK_FUNCTION = """\
class Function:
    def __call__(self, input):
        x = input.data
        y = self.forward(x)
        output = Variable(y)
        self.input = input
        return output

    def forward(self, x):
        raise NotImplementedError("Function forward not implemented")

    def backward(self, gy):
        raise NotImplementedError("Function backward not implemented")
"""

# Tanh and Sigmoid compute their derivative from their output, so their Function keeps it.
_KEEP_OUTPUT = (
    "        self.input = input\n",
    "        self.input = input\n"
    "        self.output = output  # Tanh and Sigmoid use their output in backward\n",
)


def _class_source(op, known):
    """The engine's own source of a function class (one definition only); a learner's class
    written in the book's style."""
    if op in REGISTRY:
        return inspect.getsource(REGISTRY[op].cls)
    return class_source(known[op])


def _literal(data):
    """Python source of ``np.array(...)``'s argument: every float as ``repr`` writes it."""
    text = repr(np.asarray(data, dtype=np.float64).tolist())
    if len(text) <= 70:
        return text
    # a long list: wrapped at the spaces between items (inside brackets, any line break works)
    lines = textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False)
    return "\n    " + "\n    ".join(lines) + "\n"


def is_books(ops) -> bool:
    """Whether every function of the chain is one of step 06's own (Square, Exp)."""
    return all(op in BOOK_FUNCTIONS for op in ops)


def program_source(ops, x_data, user_functions=None, book="06") -> str:
    """The whole session as a standalone ``.py`` in the book's step-06 style (numpy only).
    ``user_functions``: the learner's own (``{name: FunctionInfo}``), written out as classes.

    Its header says "the book's step-06 code" only when every function is the book's
    (Square, Exp); with Sin, Tanh and the like it says "in the style of step 06".

    Running it prints ``x.grad`` as the app's variables table shows it: ``3.297442541400256``
    for the book's example, every digit of every element for an array. For ``book`` "07" or
    "08" it is that step's program: its ``Variable`` and ``Function`` (``autograd.SOURCE``),
    and ``y.backward()`` in place of the manual calls.
    """
    ops = tuple(ops)
    if not ops:
        raise ValueError("a chain needs at least one function")
    known = {**REGISTRY, **(user_functions or {})}
    unknown = [op for op in ops if op not in known]
    if unknown:
        raise ValueError(f"unknown function {unknown[0]!r}; known: {', '.join(known)}")
    data = np.asarray(x_data, dtype=np.float64)
    if not np.isfinite(data).all():
        raise ValueError("x must be finite to be written as a Python literal")
    fn = function_names(len(ops))
    var = variable_names(len(ops))
    classes = [_class_source(op, known) for op in dict.fromkeys(ops)]
    function = BOOK_FUNCTION
    if any("self.output" in source for source in classes):
        function = function.replace(*_KEEP_OUTPUT)
    variable = BOOK_VARIABLE
    if book != "06":  # steps 07 and 08: one text, both classes (Function keeps its output)
        variable, function = SOURCE[book], ""

    chain = " -> ".join(part for pair in zip(var, [*fn, ""], strict=True) for part in pair if part)
    if is_books(ops):
        what = f"the book's step-{book} code (Deep Learning from Scratch 3)"
    else:
        others = ", ".join(op for op in dict.fromkeys(ops) if op not in BOOK_FUNCTIONS)
        what = (
            f"a program in the style of step {book}, which has only Square and Exp ({others} added)"
        )
    header = textwrap.wrap(
        f"Backprop Explorer: this session as {what}. Chain: {chain}",
        86,
        break_on_hyphens=False,
    )
    parts = [
        "".join(f"# {line}\n" for line in header) + "import numpy as np\n",
        variable,
        *filter(None, (function,)),
        *classes,
    ]
    body = [f"{name} = {op}()" for name, op in zip(fn, ops, strict=True)]
    body += ["", f"x = Variable(np.array({_literal(data)}))"]
    calls = timeline(ops, scalar=data.ndim == 0)
    body += [call.code for call in calls if call.kind is Kind.FORWARD]
    body += [""] + [call.code for call in calls if call.kind is not Kind.FORWARD]
    if book != "06":  # the seed, then y.backward() makes the manual calls
        body[-len(ops) :] = ["y.backward()"]
    if data.ndim:  # every digit, as the app's variables table shows them
        body += ['np.set_printoptions(precision=17, floatmode="unique", threshold=20)']
    body += ["print(x.grad)"]
    return "\n\n".join(parts) + "\n\n" + "\n".join(body) + "\n"
