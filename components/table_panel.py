"""Every variable: its name, the function that made it, data and grad at full precision."""

import streamlit as st

from .format import full, nonfinite
from .i18n import t

COLUMNS = ("name", "made_by", "data", "grad", "flags")
CODE = (0, 1, 2, 3)  # the columns of engine text, in code spans (not the flags' words)


def rows(stepper, lang):
    chain = stepper.chain
    out = []
    for i, name in enumerate(chain.variable_names):
        variable = chain.variables[i]
        made_by = (
            t(lang, "made_by_input")
            if i == 0
            else f"{chain.function_names[i - 1]} = {chain.ops[i - 1]}()"
        )
        if variable is None:
            out.append(
                {
                    "name": name,
                    "made_by": made_by,
                    "data": t(lang, "not_yet"),
                    "grad": t(lang, "not_yet"),
                    "flags": "",
                }
            )
            continue
        flags = [t(lang, f"flag_{f}") for f in variable.flags]
        flags += [f"grad: {t(lang, f'flag_{f}')}" for f in variable.grad_flags]
        if not flags and (nonfinite(variable.data) or nonfinite(variable.grad)):
            flags.append(t(lang, "flag_nonfinite"))
        out.append(
            {
                "name": name,
                "made_by": made_by,
                "data": full(variable.data),
                "grad": full(variable.grad),
                "flags": ", ".join(flags),
            }
        )
    return out


def markdown(title, headers, rows, code=(), words=()):
    """The table as one Markdown text under its title: a real table for every reader, drawn
    by one element (a data grid and its header cost a key press three times as much). Cells
    of the columns ``code`` go in code spans, unless they are one of ``words`` (the
    translated "input", "not yet")."""

    def cell(text, as_code):
        text = " ".join(str(text).split()).replace("|", "\\|")  # one line, no column break
        return f"`{text}`" if as_code and text and text not in words else text

    lines = [f"### {title}", ""] if title else []
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + " --- |" * len(headers))
    for row in rows:
        cells = (cell(value, i in code) for i, value in enumerate(row))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def body(spec, stepper):
    lang = spec.lang
    headers = [t(lang, f"col_{key}") for key in COLUMNS]
    values = [[row[key] for key in COLUMNS] for row in rows(stepper, lang)]
    words = {t(lang, "made_by_input"), t(lang, "not_yet")}
    st.markdown(markdown(None, headers, values, code=CODE, words=words))


def frame(spec):
    """The variables' title; under it, the container their ``body`` goes in (for every
    position: ``follow.each``)."""
    st.markdown(f"### {t(spec.lang, 'table_header')}")
    return st.container()
