"""The chain rule for the current chain, with numbers filling in as backward calls happen."""

import numpy as np
import streamlit as st

from autograd import Kind

from .i18n import t


def tex_name(name):
    """A variable name in math: one letter as is, longer names upright-italic as one symbol."""
    return name if len(name) == 1 else rf"\mathit{{{name}}}"


def number(value):
    """A float for LaTeX: 6 significant digits, inf/nan spelled out."""
    value = float(value)
    if np.isnan(value):
        return r"\mathrm{nan}"
    if np.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    text = f"{value:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def chain_rule_latex(stepper, element=0):
    """LaTeX lines: dy/dx as the product of local derivatives, each with its formula, and the
    running product after each backward call. For arrays, the numbers of one element."""
    chain = stepper.chain
    n = len(chain)
    fn = chain.function_names
    var = [tex_name(v) for v in chain.variable_names]
    factors = [f"{fn[i]}'({var[i]})" for i in reversed(range(n))]
    dot = r" \cdot "
    lines = [rf"\frac{{dy}}{{dx}} &= {dot.join(factors)}"]
    backward = {r.call.index: r for r in stepper.records if r.call.kind is Kind.BACKWARD}
    seeded = any(r.call.kind is Kind.SEED for r in stepper.records)
    for i in reversed(range(n)):
        info = chain.registry[chain.ops[i]]  # the learner's functions too
        line = rf"{fn[i]}'({var[i]}) &= {info.derivative(var[i])}"
        if i in backward:
            line += f" = {number(_pick(backward[i].derivative, element))}"
        lines.append(line)
    if seeded:
        lines.append(r"\frac{dy}{dy} &= 1")
    for i in reversed(range(n)):
        if i not in backward:
            break
        record = backward[i]
        upstream = r"\frac{dy}{dy}" if i == n - 1 else rf"\frac{{dy}}{{d{var[i + 1]}}}"
        local, gy, gx = (
            number(_pick(value, element)) for value in (record.derivative, record.gy, record.gx)
        )
        # two lines, symbols then numbers, so the panel stays narrow
        lines.append(rf"\frac{{dy}}{{d{var[i]}}} &= {fn[i]}'({var[i]}) \cdot {upstream}")
        lines.append(rf"&= {local} \cdot {gy} = {gx}")
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def element_index(ndim):
    """The first element of an ``ndim``-D x, as code: ``x[0]``, ``x[0, 0]``, ``x[0, 0, 0]``."""
    return f"x[{', '.join('0' * ndim)}]"


def _pick(value, element):
    array = np.asarray(value)
    return array.flat[element] if array.ndim else array


def body(spec, stepper):
    st.latex(chain_rule_latex(stepper))


def frame(spec, ndim):
    """The chain rule's title and captions (``ndim``: x's); before the captions, the container
    its ``body`` goes in (for every position: ``follow.each``)."""
    lang = spec.lang
    st.subheader(t(lang, "math_header"))
    place = st.container()
    if ndim:  # the numbers are those of the first element, x[0], x[0, 0], x[0, 0, 0] ...
        st.caption(t(lang, "math_element", index=element_index(ndim)))
    st.caption(t(lang, "math_caption"))
    return place
