"""The learner's own functions, as the spec holds them: ``(name, forward, backward)`` texts.

Pure (no Streamlit). Reads the texts with the engine's grammar (``autograd.expression``:
never ``eval``), makes the ``Learned`` entries a lesson runs (``autograd.learner`` writes
them as each step's code would), checks each backward against the numerical derivative of
its forward, and codes a definition for the URL (``def=Name:forward:backward``).
"""

from dataclasses import dataclass

from autograd import ExpressionError, Learned, check_backward, check_name
from autograd.expression import BACKWARD_NAMES, FORWARD_NAMES, MAX_LENGTH, Expression

from ..i18n import N_, NP_

# The engine's message keys (autograd.expression's ExpressionError, autograd.verify's
# Verdict), marked for the extractor; a plural entry's count is the argument named here.
ENGINE_KEYS = (
    *(N_("expr_empty"), N_("expr_type"), N_("expr_character"), N_("expr_syntax")),
    *(N_("expr_nesting"), N_("expr_name"), N_("expr_function"), N_("expr_node")),
    *(N_("expr_constant"), N_("expr_compare"), N_("expr_condition")),
    *(N_("name_invalid"), N_("name_builtin"), N_("name_letter"), N_("name_python")),
    *(N_("verdict_ignores_gy"), N_("verdict_gy_nonlinear"), N_("verdict_sign")),
    *(N_("verdict_factor"), N_("verdict_wrong"), N_("verdict_undefined")),
    N_("verdict_nonfinite"),
    N_("verdict_flat"),
    N_("name_empty"),
)
COUNTS = {NP_("expr_arity"): "expected", NP_("expr_too_long"): "length"}
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
        self.n = COUNTS.get(key)


@dataclass(frozen=True)
class Checked:
    """One definition read: ``forward`` and ``backward`` as ``Expression`` (``backward``
    None while it is not written yet)."""

    name: str
    forward: Expression
    backward: Expression | None

    @property
    def complete(self):
        return self.backward is not None

    @property
    def learned(self):
        return Learned(self.name, self.forward, self.backward)


def read(definition, taken=()):
    """Check ``(name, forward, backward)``; an empty backward is allowed (not written yet).

    ``taken``: the names of the other definitions. Raises ``DefinitionError``.
    """
    name, forward, backward = definition
    try:
        name = check_name(name)
    except ExpressionError as error:
        raise DefinitionError("name", error.key, **error.params) from None
    if name in taken or name.lower() in {other.lower() for other in taken}:
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
    return Checked(name, expressions["forward"], expressions["backward"])


def read_all(definitions):
    """Each definition checked in turn (names must differ); unusable ones are skipped."""
    checked = []
    for definition in definitions:
        try:
            checked.append(read(definition, [c.name for c in checked]))
        except DefinitionError:
            continue
    return checked


def learned(definitions):
    """The ``Learned`` entries a lesson runs: every readable definition (a missing backward
    stays None: such a function cannot be called yet)."""
    return tuple(c.learned for c in read_all(definitions))


def verdicts(definitions, x):
    """``{name: Verdict}`` of every complete definition at ``x``."""
    return {
        c.name: check_backward(c.forward, c.backward, x)
        for c in read_all(definitions)
        if c.complete
    }


def wrong(definitions, x):
    """The names of the learner's complete functions whose backward fails the check."""
    return {
        name
        for name, verdict in verdicts(definitions, x).items()
        if not verdict.ok and not verdict.undecided
    }


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
