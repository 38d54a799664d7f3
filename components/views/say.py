"""Messages in words: a ``Message`` (``components.model.messages``) in a language.

Messages are shown as Markdown, so what came from the user (a link, a field) is ``Inert``:
a code span, exactly as typed, never rendered as markup.
"""

from ..i18n import nt, t
from ..model.messages import Inert, Message


def text(lang, message):
    """The message's sentence in ``lang``, its arguments translated or quoted inert."""
    args = {name: _argument(lang, value) for name, value in message.args.items()}
    if message.n is not None:
        return nt(lang, message.key, message.args[message.n], **args)
    return t(lang, message.key, **args)


def _argument(lang, value):
    if isinstance(value, Message):
        return text(lang, value)
    if isinstance(value, Inert):
        return code_span(value)
    return value


def code_span(text):
    """Text from the user as a Markdown code span: backticks (which would close the span),
    line breaks and other control characters become harmless look-alikes, so a tampered
    link's ``![x](http://evil/img.png)`` or ``**bold**`` is shown as typed."""
    text = "".join(c if c.isprintable() else " " for c in str(text)).replace("`", "'")
    if not text.strip():  # an empty value (lang=): Python's "", not two bare backticks
        text = f'"{text}"'
    return f"`{text}`"
