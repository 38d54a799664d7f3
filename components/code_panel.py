"""The program of the current chain in the book's style, with the lines already run marked."""

import streamlit as st

from autograd import REGISTRY, Kind

from .format import full, short
from .i18n import t
from .userfn import class_source

MAX_LITERAL_VALUES = 12  # longer inputs are summarised in the panel (the export writes all)


def input_literal(data, limit=None):
    """``np.array(...)`` source for the input, as the book writes ``np.array(0.5)``."""
    if limit is not None and data.size > limit:
        head = ", ".join(repr(float(v)) for v in data.ravel()[:3])
        return f"np.array([{head}, ...])  # shape {data.shape}"
    return f"np.array({data.tolist()!r})"


def setup_lines(chain, limit=MAX_LITERAL_VALUES):
    """The program's first lines, as (code, 'setup', ''): imports, the learner's classes, the
    functions and x (steps 07 and 08 start the same way)."""
    classes = list(dict.fromkeys(chain.ops))
    own = [op for op in classes if op not in REGISTRY]  # the learner's, written out below
    imported = ["Function"] * bool(own) + ["Variable"] + [op for op in classes if op not in own]
    lines = [
        ("import numpy as np", "setup", ""),
        (f"from autograd import {', '.join(imported)}", "setup", ""),
        ("", "setup", ""),
    ]
    for op in own:
        lines += [(line, "setup", "") for line in class_source(chain.registry[op]).splitlines()]
        lines.append(("", "setup", ""))
    lines += [
        (f"{name} = {op}()", "setup", "")
        for name, op in zip(chain.function_names, chain.ops, strict=True)
    ]
    lines += [
        ("", "setup", ""),
        (f"x = Variable({input_literal(chain.x.data, limit)})", "setup", ""),
    ]
    return lines


def program_lines(stepper, lang, limit=MAX_LITERAL_VALUES):
    """The whole program as (code, status, note) with status 'setup', 'done', 'next', 'todo'."""
    lines = setup_lines(stepper.chain, limit)
    chain = stepper.chain
    for i, call in enumerate(stepper.timeline):
        if i < stepper.position:
            lines.append((call.code, "done", _note(stepper.records[i])))
        elif i == stepper.position:
            lines.append((call.code, "next", t(lang, "code_next")))
        else:
            lines.append((call.code, "todo", ""))
    lines.append(
        (
            "print(x.grad)",
            "done" if stepper.done else "todo",
            _number(chain.x.grad) if stepper.done else "",
        )
    )
    return lines


def _note(record):
    target = record.call.target
    if record.call.kind is Kind.FORWARD:
        return f"{target}.data = {_number(record.y)}"
    return f"{target} = {_number(record.gx)}"


def _number(value):
    """Full precision for a scalar (as print shows it), a summary for an array."""
    return full(value) if value.ndim == 0 else short(value)


def program_text(lines):
    width = max(len(code) for code, status, _ in lines if status != "setup")
    out = []
    for code, status, note in lines:
        if status == "done":
            out.append(f"{code.ljust(width)}  # ✓ {note}".rstrip())
        elif status == "next":
            out.append(f"{code.ljust(width)}  # {note}")
        else:
            out.append(code)
    return "\n".join(out)


def body(spec, stepper):
    st.code(program_text(program_lines(stepper, spec.lang)), language="python", wrap_lines=True)


def frame(spec):
    """The program's title and caption; between them, the container its ``body`` goes in
    (for every position: ``follow.each``)."""
    lang = spec.lang
    st.subheader(t(lang, "code_header"))
    place = st.container()
    st.caption(t(lang, "code_caption"))
    return place
