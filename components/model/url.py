"""The spec in the address bar: written after every run, read on a session's first run.

A link carries the program (``p=``, the text; ``pz=``, packed, when that is shorter than a long
text), the book step (``book=16``; step 06 when
absent), the position (``step=``), the view, the language, the switches and the learner's
functions (``def=Name:forward:backward``). A link of the chain app (``f=Square,Exp,Square``
and ``x=0.5``, before programs were text) opens the same lesson, its ``step`` counted the way
it was then. Anything not usable is replaced by the default and named in a warning, shown
inert (as typed, never rendered).
"""

import base64
import binascii
import zlib
from dataclasses import replace
from functools import lru_cache
from urllib.parse import quote_plus, urlencode

from autograd import ProgramError

from ..i18n import NP_
from . import lessons, programs, userfn
from .messages import Message, clip
from .parse import InputError, parse_input
from .state import (
    BOOKS,
    GRAPH_OPTIONS,
    LANGS,
    MAX_FUNCTIONS,
    OPTIONS,
    TABS,
    VIEWS,
    Spec,
    book_program,
    reason,
)

MAX_PROGRAM_PARAM = 400_000  # characters of p= (an x of 10,000 values is about 300,000)
PLAIN_MAX = 1_500  # characters of p= as the address bar writes it; a longer program goes packed
LINK_MAX = 8_000  # a longer query may be refused: nginx's 8 KB line, Streamlit's 16 KiB head


@lru_cache(maxsize=16)  # the same program is written into the link at every run
def pack(text):
    """A program as ``pz=``: zlib, then base64url (no padding), as short as a link gets."""
    packed = base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9))
    return packed.rstrip(b"=").decode("ascii")


def unpack(value):
    """The program of ``pz=``; ``None`` when it is not one ``pack`` wrote (or unpacks to more
    than ``MAX_PROGRAM_PARAM`` characters: it stops there, whatever the link claims)."""
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii") + b"=" * (-len(value) % 4))
        inflate = zlib.decompressobj()
        data = inflate.decompress(raw, MAX_PROGRAM_PARAM * 4 + 1)
        if not inflate.eof or len(data) > MAX_PROGRAM_PARAM * 4:
            return None
        return data.decode("utf-8")
    except (UnicodeError, ValueError, binascii.Error, zlib.error):
        return None


def query_length(spec):
    """How many characters the link's query takes (what ``LINK_MAX`` bounds)."""
    return len(urlencode(to_query(spec), doseq=True))


def to_query(spec):
    """The query parameters that reproduce ``spec`` (options only when they are on)."""
    query = {"p": spec.program, "step": str(spec.step), "view": spec.view, "lang": spec.lang}
    plain = len(quote_plus(spec.program))
    if plain > PLAIN_MAX:  # a vector x, a long chain: packed is shorter
        packed = pack(spec.program)
        if len(packed) < plain:
            query = {"pz": packed, **{k: v for k, v in query.items() if k != "p"}}
    for option in (*OPTIONS, *GRAPH_OPTIONS):
        if getattr(spec, option):
            query[option] = "1"
    if spec.book != BOOKS[0]:  # step 06, the default, needs no word in the link
        query["book"] = spec.book
    if not spec.anim:  # on by default
        query["anim"] = "0"
    if spec.tab != TABS[0]:  # the first tab, open by default, needs no word
        query["tab"] = spec.tab
    if spec.defs:  # one def=Name:forward:backward per function of the learner's
        query["def"] = [userfn.to_param(definition) for definition in spec.defs]
    return query


def from_query(params, lang):
    """Read a spec from query parameters, falling back to defaults for anything wrong.

    ``params`` maps names to strings (a list means the parameter was repeated: the last
    value wins). ``lang`` is the language to use when the URL names none. Returns the spec
    and a tuple of warning ``Message`` values, one for each value that was not usable.
    """
    warnings = []

    def warn(key, n=None, **args):
        warnings.append(Message("warning", key, args, n=n))

    def get(name):
        value = params.get(name)
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else None
        return value

    lang_value = get("lang")
    if lang_value is not None and lang_value not in LANGS:  # zh-CN, ZH, ko_KR: the language
        lang_value = lang_value.strip().lower().replace("_", "-").split("-")[0] or lang_value
    if lang_value is not None and lang_value not in LANGS:
        warn("url_bad_lang", value=clip(lang_value))
        lang_value = None
    spec = Spec(lang=lang_value or lang)

    def_values = params.get("def") or ()
    def_values = [def_values] if isinstance(def_values, str) else list(def_values)
    if len(def_values) > userfn.MAX_DEFS:
        warn(NP_("url_too_many_defs"), "count", count=len(def_values), limit=userfn.MAX_DEFS)
    defs = []
    for value in def_values[: userfn.MAX_DEFS]:
        try:
            definition = userfn.from_param(value)
            userfn.read(definition, [name for name, _, _ in defs])
        except userfn.DefinitionError as error:
            warn("url_bad_def", value=clip(value), reason=reason(error))
            continue
        defs.append(definition)
    spec = replace(spec, defs=tuple(defs))

    for option in (*OPTIONS, *GRAPH_OPTIONS, "anim"):
        value = get(option)
        if value is None:
            continue
        if value in ("0", "1"):
            spec = replace(spec, **{option: value == "1"})
        else:
            warn("url_bad_option", name=option, value=clip(value))

    tab_value = get("tab")
    if tab_value is not None:
        if tab_value.strip().lower() in TABS:  # tab=Tangent too
            spec = replace(spec, tab=tab_value.strip().lower())
        else:
            warn("url_bad_tab", value=clip(tab_value))
    view_value = get("view")
    if view_value is not None:
        if view_value in VIEWS:
            spec = replace(spec, view=view_value)
        else:
            warn("url_bad_view", value=clip(view_value))

    book_value = get("book")
    book = BOOKS[0]
    if book_value is not None:
        if book_value in BOOKS:
            book = book_value
        else:
            warn("url_bad_book", value=clip(book_value))
    spec = replace(spec, book=book, program=book_program(book))

    text = get("p")
    if text is None and get("pz") is not None:
        text = unpack(get("pz"))
        if text is None:
            warn("url_bad_packed")
    old = get("f") is not None or get("x") is not None
    given = text is not None or get("pz") is not None
    if text is not None:
        spec = _program(spec, text, warn)
    elif old and not given:
        spec = _chain(spec, get("f"), get("x"), warn)

    step_value = get("step")
    if step_value is not None:
        text = step_value.strip()
        total = len(lessons.of(spec).items) if lessons.of(spec) is not None else 0
        # a length check first: int() refuses more than 4,300 digits with a ValueError
        if text.isascii() and text.isdigit() and len(text) <= 9:
            step = int(text)
            if old and not given:
                step = old_position(spec, step)
            if step is not None and step <= total:
                return replace(spec, step=step), tuple(warnings)
        if old and not given:  # the range of the link's own numbering
            total = old_end(spec) if old_end(spec) is not None else total
        warn("url_bad_step", value=clip(step_value), total=total)
    return spec, tuple(warnings)


def _program(spec, text, warn):
    if len(text) > MAX_PROGRAM_PARAM:
        warn(
            "url_bad_program",
            reason=Message(
                "", "program_too_long", {"limit": MAX_PROGRAM_PARAM, "length": len(text)}
            ),
            line=1,
            column=1,
        )
        return spec
    learned = userfn.learned(spec.defs)
    try:
        programs.check(text, spec.book, learned)
    except ProgramError as error:
        args = {
            name: clip(value) if isinstance(value, str) and name not in ("allowed", "op") else value
            for name, value in error.params.items()
        }
        warn(
            "url_bad_program",
            reason=Message("", error.key, args),
            line=error.line,
            column=error.column,
        )
        return spec
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return replace(spec, program="\n".join(lines).strip("\n") + "\n")


def _chain(spec, ops_value, x_value, warn):
    """A link of the chain app: ``f=Square,Exp`` and ``x=0.5``."""
    ops, x = ("Square", "Exp", "Square"), "0.5"
    offered = programs.offered(spec.book, userfn.learned(spec.defs))
    if ops_value is not None:
        # an empty name (``Square,,Exp``, a trailing comma) is a typo of the link: left out
        found = tuple(op.strip() for op in ops_value.split(",") if op.strip())
        unknown = [op for op in found if op not in offered]
        if len(found) > MAX_FUNCTIONS:
            warn(NP_("url_too_many"), "count", count=len(found), limit=MAX_FUNCTIONS)
        elif unknown:
            warn("url_unknown_function", name=clip(unknown[0]))
        else:
            ops = found
    if x_value is not None:
        try:
            parse_input(x_value)
            x = x_value.strip()
        except InputError as error:
            warn("url_bad_input", reason=Message("", error.key, error.params, n=error.n))
    return replace(spec, program=programs.chain_program(ops, x, spec.book))


def old_end(spec):
    """The chain app's last ``step`` for this lesson (None: not a chain it could show)."""
    chain = programs.read_chain(spec.program, spec.book)
    if chain is None:
        return None
    n = len(chain.ops)
    return {"06": 2 * n + 1, "07": 6 * n + 4}.get(spec.book, 5 * n + 4)


def old_position(spec, step):
    """Where the chain app's ``step`` is in the lesson: its step counted calls (06: the
    forward calls, the seed, the backward calls) or, after the forward calls and the seed,
    the lines of ``y.backward()`` it had stepped then (07: 5n + 3 of them, 08: 4n + 3);
    here every line of the program is a position. None: past the chain app's end."""
    lesson = lessons.of(spec)
    end = old_end(spec)
    if lesson is None or end is None:
        return step
    n = len(programs.read_chain(spec.program, spec.book).ops)
    if step > end:
        return None
    if step == end:
        return len(lesson.items)
    if step == 0:
        calls, grads = 0, 0
    elif step <= n:
        calls, grads = step, 0
    elif spec.book == "06":
        calls, grads = n, step - n
    else:
        k = step - n - 1  # lines of y.backward() stepped then (its call the first)
        first = 4 if spec.book == "07" else 5  # lines up to the first grad's, included
        grads = 1 + (0 if k < first else min(n, (k - first) // 4 + 1))
        calls = n
    made_x = next(
        (
            i + 1
            for i, item in enumerate(lesson.items)
            if any(c.field == "data" for c in item.changes)
        ),
        0,
    )
    if not calls and not grads:
        return made_x
    have_calls = have_grads = 0
    for position, item in enumerate(lesson.items, start=1):
        have_calls += sum(1 for c in item.calls if c.kind == "forward")
        have_grads += sum(1 for c in item.changes if c.field == "grad" and c.value is not None)
        if have_calls >= calls and have_grads >= grads:
            return position
    return len(lesson.items)
