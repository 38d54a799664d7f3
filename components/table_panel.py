"""Every variable: its name, the function that made it, data and grad at full precision."""

import pyarrow as pa
import streamlit as st

from .format import full, nonfinite
from .i18n import t

COLUMNS = ("name", "made_by", "data", "grad", "flags")


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


def render(spec, stepper):
    lang = spec.lang
    st.subheader(t(lang, "table_header"))
    columns = {key: t(lang, f"col_{key}") for key in COLUMNS}
    out = rows(stepper, lang)
    # An Arrow table, not a list of dicts: Streamlit then skips pandas, which cost 1 ms a press
    table = pa.table({key: [row[key] for row in out] for key in COLUMNS})
    st.dataframe(table, column_config=columns, hide_index=True, width="stretch")
