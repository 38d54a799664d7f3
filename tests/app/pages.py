"""What the AppTest wiring tests share (imported as ``app.pages``).

The oracles are the engine's, never the app's panels: ``book_prints`` runs a program with the
book step's own classes (``autograd.steps.namespace``), as ``python stepNN.py`` would, and
``lesson_of`` is the engine's lesson of a program.
"""

import contextlib
import io
from dataclasses import replace

import harness

from autograd import steps
from components.model import lessons, url
from components.views import say


def spec(at):
    """The session's spec, as the app holds it."""
    return at.session_state["spec"]


def link_of(at):
    """The address bar's parameters after the last run: ``{name: [value, ...]}``."""
    return {
        name: list(values) if isinstance(values, (list, tuple)) else [values]
        for name, values in at.query_params.items()
    }


def as_lists(query):
    return {
        name: list(value) if isinstance(value, (list, tuple)) else [value]
        for name, value in query.items()
    }


def link_value(at, name):
    """One parameter of the address bar (its last value), or None."""
    values = link_of(at).get(name)
    return values[-1] if values else None


def assert_link_is_spec(at):
    """The address bar holds the spec: it is what ``url.to_query`` writes for the spec, and
    reading it back gives the same spec (as a new tab opening the link would)."""
    held = spec(at)
    assert link_of(at) == as_lists(url.to_query(held))
    again, warnings = url.from_query(link_of(at), "en")
    assert warnings == ()
    assert again == replace(held, score=again.score)


def lesson_of(program, book, defs=()):
    """The engine's lesson of ``program`` in ``book`` (it must read)."""
    built = lessons.build(program, book, tuple(defs))
    assert built.error is None, built.error
    return built.lesson


def book_prints(program, book):
    """What ``program`` prints when the book step's own code runs it (the test's own,
    trusted program text, run by Python itself: the oracle the app's tracer must match)."""
    scope = steps.namespace(book)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(program, f"<test program, step {book}>", "exec"), scope)  # noqa: S102
    return out.getvalue()


def walk(at):
    """Every node of the element tree of the last run."""
    return list(harness._walk(at._tree))


def panels(frames):
    """Each position's panel, folded from the base and the differences (top-level fields;
    ``vars`` and ``notes`` one level deeper, as the element merges them)."""
    current = dict(frames["panels"]["base"])
    yield current
    for delta in frames["panels"]["deltas"]:
        current = dict(current)
        for key, value in delta.items():
            if key in ("vars", "notes") and isinstance(current.get(key), dict):
                inner = dict(current[key])
                for name, held in value.items():
                    if held is None:
                        inner.pop(name, None)
                    else:
                        inner[name] = held
                current[key] = inner
            else:
                current[key] = value
        yield current


def printed(frames, position=None):
    """What the program panel shows as printed at ``position`` (the end by default), one
    string with a line end after each printed line."""
    shown = list(panels(frames))
    panel = shown[-1 if position is None else position]
    return "".join(text + "\n" for _, text in panel["out"])


def submit(at, form):
    """Press the submit button of ``form`` (its key is made of the translated label)."""
    prefix = f"FormSubmitter:{form}-"
    buttons = [button for button in at.button if button.key.startswith(prefix)]
    assert buttons, f"no submit button in {form}"
    buttons[0].click()
    return at.run()


def submit_named(at, form, label):
    """Press the submit button of ``form`` whose label is ``label``."""
    at.button(key=f"FormSubmitter:{form}-{label}").click()
    return at.run()


def said(at):
    """The last action's messages, as the session holds them."""
    return tuple(at.session_state["messages"])


def assert_said_on_page(at):
    """Each message of the last action is on the page, in the session's language, once (the
    fields' messages where they are; the page's above the lesson)."""
    lang = spec(at).lang
    for message in said(at):
        if not message.level:
            continue
        shown = harness.messages(at, message.level)
        assert shown.count(say.text(lang, message)) == 1, (message, shown)
