"""What the app says after an action: messages as data (``components.views.say`` writes
them in a language).

``state.apply`` returns ``Message`` values; the page shows each one once, at its place.
Messages are rendered as Markdown, so text that came from the user (a link, a field) is
``Inert``: shown as a code span, exactly as typed, never rendered as markup.
"""

from dataclasses import dataclass, field


class Inert(str):
    """Text the user typed or a link carried: shown as typed (a code span), never rendered."""


@dataclass(frozen=True)
class Message:
    """A sentence of the translation table (``key`` with ``args``) at a level, for a place.

    An argument may itself be a ``Message`` (translated too: why a link's x was refused) or
    ``Inert`` text. ``where`` is the place on the page: "page" (above the lesson), "input"
    (under the x field), "predict" (by the prediction form), "write" (atop the Write a
    Function panel) or "def<i>" (under the form of the learner's function i).
    """

    level: str  # "info", "success", "warning" or "error" ("" for a nested sentence)
    key: str
    args: dict = field(default_factory=dict)
    where: str = "page"
    n: str | None = None  # the argument that counts, for a plural entry (``nt``)


def clip(text, limit=40):
    """User text for a message: at most ``limit`` characters, marked inert."""
    text = str(text)
    return Inert(text if len(text) <= limit else text[:limit] + "…")
