"""The spec in the address bar: written after every run, read on a session's first run.

A link carries the chain, the input, the position, the view, the language, the switches and
the book's step (``book=07``; step 06 when absent).
Anything in it that is not usable is replaced by the default and named in a warning, shown
inert (as typed, never rendered).
"""

from dataclasses import replace

from autograd import REGISTRY

from . import userfn
from .i18n import LANGS
from .messages import Message, clip
from .parse import InputError, parse_input
from .state import BOOKS, MAX_FUNCTIONS, OPTIONS, VIEWS, Spec, reason


def to_query(spec):
    """The query parameters that reproduce ``spec`` (options only when they are on)."""
    query = {
        "f": ",".join(spec.ops),
        "x": spec.x,
        "step": str(spec.step),
        "view": spec.view,
        "lang": spec.lang,
    }
    for option in OPTIONS:
        if getattr(spec, option):
            query[option] = "1"
    if spec.book != BOOKS[0]:  # step 06, the default, needs no word in the link
        query["book"] = spec.book
    if not spec.anim:  # on by default
        query["anim"] = "0"
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

    def warn(key, **args):
        warnings.append(Message("warning", key, args))

    def get(name):
        value = params.get(name)
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else None
        return value

    lang_value = get("lang")
    if lang_value is not None and lang_value not in LANGS:
        warn("url_bad_lang", value=clip(lang_value))
        lang_value = None
    spec = Spec(lang=lang_value or lang)

    def_values = params.get("def") or ()
    def_values = [def_values] if isinstance(def_values, str) else list(def_values)
    if len(def_values) > userfn.MAX_DEFS:
        warn("url_too_many_defs", count=len(def_values), limit=userfn.MAX_DEFS)
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
    usable = userfn.registry(spec.defs)

    ops_value = get("f")
    if ops_value is not None:
        ops = tuple(op.strip() for op in ops_value.split(",")) if ops_value.strip() else ()
        unknown = [op for op in ops if op not in REGISTRY and op not in usable]
        if len(ops) > MAX_FUNCTIONS:
            warn("url_too_many", count=len(ops), limit=MAX_FUNCTIONS)
        elif unknown:
            warn("url_unknown_function", name=clip(unknown[0]))
        else:
            spec = replace(spec, ops=ops)

    x_value = get("x")
    if x_value is not None:
        try:
            parse_input(x_value)
            spec = replace(spec, x=x_value.strip())
        except InputError as error:
            warn("url_bad_input", reason=Message("", error.key, error.params))

    view_value = get("view")
    if view_value is not None:
        if view_value in VIEWS:
            spec = replace(spec, view=view_value)
        else:
            warn("url_bad_view", value=clip(view_value))

    for option in (*OPTIONS, "anim"):
        value = get(option)
        if value is None:
            continue
        if value in ("0", "1"):
            spec = replace(spec, **{option: value == "1"})
        else:
            warn("url_bad_option", name=option, value=clip(value))

    book_value = get("book")  # before the step: the book sets the timeline's length
    if book_value is not None:
        if book_value in BOOKS:
            spec = replace(spec, book=book_value)
        else:
            warn("url_bad_book", value=clip(book_value))

    step_value = get("step")
    if step_value is not None:
        text = step_value.strip()
        # a length check first: int() refuses more than 4,300 digits with a ValueError
        if text.isascii() and text.isdigit() and len(text) <= 9 and int(text) <= spec.total:
            spec = replace(spec, step=int(text))
        else:
            warn("url_bad_step", value=clip(step_value), total=spec.total)
    return spec, tuple(warnings)
