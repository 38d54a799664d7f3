"""The panels under the graph follow its position in the browser.

The page draws each panel that changes with a call (progress, narration, program, chain
rule, variables, the gradient check) once for every position the graph can step to, each in
a container keyed ``bpxat<position>-<panel>``; one CSS rule shows those of one position. The
server's rule (``css``) shows ``spec.step``; once the graph element steps in the browser, it
sets the body's class ``bpx-stepping`` and its own rule, for the position it is at, so the
panels change with the graph in the same frame and a call needs no panel from the server
(``state.drawn_steps``: only ``spec.step`` is drawn until the graph element reports its graph
on screen, since drawing them all first held the graph back, and in predict mode, whose form
asks about one call).
Hidden places are ``display: none``: out of the accessibility tree, never read out.
"""

import re
from dataclasses import replace

import streamlit as st

from . import state

PREFIX = "bpxat"
STEPPING = "bpx-stepping"
MARK = "@STEP@"  # in the rule the graph element is sent: its position goes there
KEY = re.compile(rf"^{PREFIX}(\d+)-")


def key(step, name):
    """The key of panel ``name``'s place for position ``step`` (its CSS class: st-key-<key>)."""
    return f"{PREFIX}{step}-{name}"


def step_of(key_):
    """The position a place's key is for, or None (not a place of a position)."""
    match = KEY.match(key_ or "")
    return int(match.group(1)) if match else None


def css(step, stepping=False):
    """The rule that shows only the places of ``step``: the server's (until the graph steps
    in the browser), or, ``stepping``, the graph element's. A place and the wrapper Streamlit
    puts around it are hidden, so a hidden place leaves no gap."""
    body = f"body.{STEPPING}" if stepping else f"body:not(.{STEPPING})"
    other = f'[class*="st-key-{PREFIX}"]:not([class*="st-key-{key(step, "")}"])'
    wrapper = f'[data-testid="stLayoutWrapper"]:has(> {other})'
    return f"{body} {wrapper}, {body} {other} {{ display: none; }}"


def for_browser():
    """The graph element's rule and the selector of one position's places, with ``MARK``
    where the position goes."""
    return {"css": css(MARK, stepping=True), "find": f'[class*="st-key-{key(MARK, "")}"]'}


def style(spec):
    st.html(f"<style>{css(min(spec.step, spec.total))}</style>")


def each(spec, steps, places):
    """For each position of ``steps`` and each ``(name, container, draw)`` of ``places``:
    ``draw(spec at that position, stepper)`` in a place of its own inside ``container``. ONE
    walk of the timeline for them all (a 32-function chain of 10,000-element arrays: 5 MB of
    arrays a walk)."""
    for step, stepper in state.walk(spec, steps):
        at = replace(spec, step=step)
        for name, container, draw in places:
            with container, st.container(key=key(step, name)):
                draw(at, stepper)
