"""The learner's own functions, as the spec holds them: ``(name, forward, backward)`` texts.

Pure (no Streamlit). Reads the texts with the engine's grammar (``autograd.expression``),
builds the registry the chain uses, checks each backward against the numerical derivative,
writes each class in the book's style, and codes a definition for the URL
(``def=Name:forward:backward``).
"""

from dataclasses import dataclass

from autograd import REGISTRY, ExpressionError, check_backward, check_name, function_info
from autograd.expression import BACKWARD_NAMES, FORWARD_NAMES, MAX_LENGTH, Expression
from autograd.expression import define_function as _define

MAX_DEFS = 4
MAX_PARAM = 2 * MAX_LENGTH + 100  # characters of one def= value in a URL
FIELDS = ("name", "forward", "backward")


class DefinitionError(ValueError):
    """A definition that cannot be used; ``field`` is the one at fault, ``key``/``params``
    the translated reason (the engine's own message key)."""

    def __init__(self, field, key, **params):
        super().__init__(f"{field}: {key}")
        self.field = field
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Checked:
    """One definition read: ``cls`` (None while the backward is empty), ``forward`` and
    ``backward`` as ``Expression`` (``backward`` None while empty)."""

    name: str
    forward: Expression
    backward: Expression | None
    cls: type | None

    @property
    def complete(self):
        return self.cls is not None


def read(definition, taken=()):
    """Check ``(name, forward, backward)``; an empty backward is allowed (not written yet).

    ``taken``: the names of the other definitions. Raises ``DefinitionError``.
    """
    name, forward, backward = definition
    try:
        name = check_name(name)
    except ExpressionError as error:
        raise DefinitionError("name", error.key, **error.params) from None
    if name in taken:
        raise DefinitionError("name", "def_duplicate", name=name)
    expressions = {}
    for field, text, names in (
        ("forward", forward, FORWARD_NAMES),
        ("backward", backward, BACKWARD_NAMES),
    ):
        if field == "backward" and isinstance(text, str) and not text.strip():
            expressions[field] = None
            continue
        try:
            expressions[field] = Expression(text, names)
        except ExpressionError as error:
            raise DefinitionError(field, error.key, **error.params) from None
    cls = None
    if expressions["backward"] is not None:
        cls = _define(name, expressions["forward"].text, expressions["backward"].text)
    return Checked(name, expressions["forward"], expressions["backward"], cls)


def read_all(definitions):
    """Each definition checked in turn (names must differ); unusable ones are skipped."""
    checked = []
    for definition in definitions:
        try:
            checked.append(read(definition, [c.name for c in checked]))
        except DefinitionError:
            continue
    return checked


def registry(definitions):
    """``{name: FunctionInfo}`` of the complete definitions, for ``Chain``/``Stepper``."""
    return {c.name: function_info(c.cls) for c in read_all(definitions) if c.complete}


def verdicts(definitions, x):
    """``{name: Verdict}`` of every complete definition at the current ``x``."""
    return {c.name: check_backward(c.cls, x) for c in read_all(definitions) if c.complete}


def wrong_in_chain(chain, x=None):
    """Indices of the chain's functions that are the learner's and fail the check."""
    x = chain.x.data if x is None else x
    results = {}
    wrong = set()
    for i, op in enumerate(chain.ops):
        info = getattr(chain, "registry", REGISTRY).get(op)
        if op in REGISTRY or info is None or not hasattr(info.cls, "backward_expression"):
            continue
        cls = info.cls
        if op not in results:
            results[op] = check_backward(cls, x)
        if not results[op].ok and results[op].key != "verdict_undefined":  # nothing to compare
            wrong.add(i)
    return wrong


def user_entries(chain):
    """The chain's registry without the built-ins: the learner's functions."""
    return {name: info for name, info in chain.registry.items() if name not in REGISTRY}


# -- the book's style ---------------------------------------------------------------------
def class_lines(checked):
    """The class as the book writes one: ``class Cube(Function):`` ... ``return gx``."""
    lines = [
        f"class {checked.name}(Function):",
        "    def forward(self, x):",
        f"        y = {checked.forward.code()}",
        "        return y",
        "",
        "    def backward(self, gy):",
    ]
    if checked.backward is None:
        return lines + ['        raise NotImplementedError("Function backward not implemented")']
    lines.append("        x = self.input.data")
    if "y" in checked.backward.names:
        lines.append("        y = self.output.data")
    return lines + [f"        gx = {checked.backward.code()}", "        return gx"]


def class_source(info):
    """The book-style source of a learner's class from its registry entry."""
    cls = info.cls
    checked = Checked(info.name, cls.forward_expression, cls.backward_expression, cls)
    return "\n".join(class_lines(checked)) + "\n"


# -- the URL ------------------------------------------------------------------------------
def to_param(definition):
    """``Name:forward:backward`` (the grammar has no ``:``; the URL codec escapes the rest)."""
    return ":".join(definition)


def from_param(text):
    """The ``(name, forward, backward)`` of a ``def=`` value, or ``DefinitionError``."""
    if not isinstance(text, str) or len(text) > MAX_PARAM:
        raise DefinitionError("name", "def_param_too_long", limit=MAX_PARAM)
    parts = text.split(":")
    if len(parts) != 3:
        raise DefinitionError("name", "def_param_parts")
    checked = read(parts)
    return (checked.name, parts[1].strip(), parts[2].strip())
