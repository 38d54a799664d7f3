"""components.classroom_panels: the three panels run inside Streamlit (AppTest) without error.

The app's own AppTest suite covers the integrated page; this only calls the panels with a
spec and a stepper built the way the app builds them.
"""

import pytest
from streamlit.testing.v1 import AppTest

from components import export
from components.i18n import t

DOWNLOAD_KEYS = ["dl_dot", "dl_svg", "dl_png", "dl_zip", "dl_py"]


def panels_script(ops, x, step, lang):
    from components import classroom_panels, state

    spec = state.Spec(ops=ops, x=x, step=step, lang=lang)
    stepper = state.build_stepper(spec)
    classroom_panels.exports(spec, stepper)
    classroom_panels.gradient_check(spec, stepper)
    classroom_panels.tangent_plot(spec, stepper)


def run(ops=("Square", "Exp", "Square"), x="0.5", step=7, lang="en"):
    at = AppTest.from_function(panels_script, args=(ops, x, step, lang), default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at):
    return " ".join(c.value for c in at.caption)


def test_book_chain_after_the_backward_pass(monkeypatch):
    monkeypatch.setattr(export, "find_renderer", lambda: "/usr/bin/graphviz-for-the-test")
    at = run()
    assert [b.key for b in at.get("download_button")] == DOWNLOAD_KEYS
    assert len(at.dataframe) == 1
    table = at.dataframe[0].value
    assert len(table) == 1
    assert table.iloc[0, 1] == "3.297442541400256"
    assert table.iloc[0, 2] == "3.2974426293330694"
    assert len(at.get("vega_lite_chart")) == 1
    assert "3.29744" in captions(at)  # the slope in the tangent caption
    assert "3.297442541400256" in [c.value for c in at.code]


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_vector_before_the_backward_pass(lang):
    at = run(x="[0.5, 1.0, -2.0]", step=2, lang=lang)
    assert len(at.get("download_button")) in (2, 5)
    assert not at.dataframe  # the check waits for the end: it would give the answer away
    assert t(lang, "check_wait") in captions(at)
    assert not at.get("vega_lite_chart")  # an array: no tangent, a caption says why
    at = run(x="[0.5, 1.0, -2.0]", step=7, lang=lang)
    assert len(at.dataframe[0].value) == 3


def test_scalar_before_the_backward_pass_says_when_the_plot_appears():
    at = run(step=4)
    assert not at.get("vega_lite_chart")
    assert "backward pass" in captions(at)


def test_large_input_shows_the_first_thousand_rows():
    at = run(x=str([0.001 * i for i in range(1500)]), step=7)
    assert len(at.dataframe[0].value) == 1000
    assert "1,000 of 1,500" in captions(at)


def test_without_a_renderer_only_dot_and_py(monkeypatch):
    monkeypatch.setattr(export, "find_renderer", lambda: None)
    at = run()
    assert [b.key for b in at.get("download_button")] == ["dl_dot", "dl_py"]
    assert any("graphviz-pure" in info.value for info in at.info)
