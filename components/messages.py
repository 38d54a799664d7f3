"""What the app says after an action: messages as data, and their text in a language.

``state.apply`` returns ``Message`` values; the page shows each one once, at its place.
Messages are rendered as Markdown, so text that came from the user (a link, a field) is
``Inert``: shown as a code span, exactly as typed, never rendered as markup.
"""

from dataclasses import dataclass, field

from .i18n import t


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


def text(lang, message):
    """The message's sentence in ``lang``, its arguments translated or quoted inert."""
    args = {name: _argument(lang, value) for name, value in message.args.items()}
    return t(lang, message.key, **args)


def _argument(lang, value):
    if isinstance(value, Message):
        return text(lang, value)
    if isinstance(value, Inert):
        return code_span(value)
    return value


def code_span(text):
    """Text from the user (the URL, the input field) as a Markdown code span.

    A tampered link's value such as ``![x](http://evil/img.png)`` or ``**bold**`` must be
    shown as typed, never rendered. Backticks (which would close the span) and line breaks
    or other control characters (a blank line would end it) become harmless look-alikes.
    """
    text = "".join(c if c.isprintable() else " " for c in str(text)).replace("`", "'")
    return f"`{text}`"


def clip(text, limit=40):
    """User text for a message: at most ``limit`` characters, marked inert."""
    text = str(text)
    return Inert(text if len(text) <= limit else text[:limit] + "…")
