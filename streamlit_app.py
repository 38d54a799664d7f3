"""Backprop Explorer: a Python Tutor for DeZero (Deep Learning from Scratch 3, steps 06-22).

The page reads top to bottom. The spec (components/model/state.py) is the whole state and
lives in the URL; the lesson is the learner's program run once by the book step's own code
under a tracer (components/model/lessons.py); the graph element steps that lesson in the
browser, graph and panels in one frame, and its report reruns the lesson's fragment only.
"""

import streamlit as st

from components.i18n import t
from components.model import lessons
from components.ui import controls, editor, lesson, session, sidebar, style, write

spec = session.current()
lang = spec.lang
# The tab's title in the learner's language; an emoji icon, drawn by the browser itself: a
# ":material/...:" icon is fetched from a font server on the internet, on every run.
st.set_page_config(page_title=t(lang, "title"), page_icon="🧮", layout="wide")
st.title(t(lang, "title"))
st.caption(t(lang, "subtitle", step=t(lang, "book_step", step=int(spec.book))))
style.page(spec)
controls.book_switch(spec)
if not spec.projector:
    controls.changes(spec)
session.show(lang)
built = lessons.of(spec)
controls.buttons(spec, len(built.items) if built else 0)
controls.switches(spec)
lesson.render()
if built is not None:
    write.flags(spec, built)
if not spec.projector:
    editor.render(spec)
    write.render(spec)
sidebar.render(spec)
