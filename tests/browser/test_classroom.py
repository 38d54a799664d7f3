"""The classroom features in a real Chromium: projector mode, predict-then-reveal, exports.

Expected values come from the app's own engine (``autograd.Stepper``), graph builder and text
table (``components.i18n``); only the book's printed x.grad (3.297442541400256) is written
out. The browser and the server come from conftest.py.
"""

import io
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import numpy as np
import pytest
from browser.pages import (
    BOOK_OPS,
    BOOK_X,
    GRAPH,
    SHOTS,
    TIMEOUT_MS,
    book_stepper,
    expected_nodes,
    settle,
    wait_for_nodes,
)
from playwright.sync_api import expect

import autograd
from components import export, state
from components.format import full, short
from components.graph import FONT_SIZE, PROJECTOR_FONT_SIZE, build_dot
from components.i18n import t

pytestmark = pytest.mark.browser

expect.set_options(timeout=TIMEOUT_MS)

PROJECTOR_VIEWPORT = {"width": 1280, "height": 720}

VECTOR_X = state.PRESETS["vector"][1]  # "[0.5, 1.0, -2.0]"
N = len(BOOK_OPS)
TOTAL = 2 * N + 1  # forward calls, the seed, backward calls
BOOK_X_GRAD = "3.297442541400256"  # printed in the book

SIDEBAR = '[data-testid="stSidebar"]'
MAIN = '[data-testid="stMain"]'
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# the graph's text sizes: as Graphviz wrote them (font-size, in SVG units) and as drawn on
# the screen (CSS px: the font size times the SVG's scale to fit its container)
FONT_SIZES_JS = """() => {
    const texts = [...document.querySelectorAll('.bpx-root svg.bpx-svg text')];
    return texts.map(text => {
        const size = parseFloat(getComputedStyle(text).fontSize);
        return {attr: parseFloat(text.getAttribute('font-size')), css: size,
                screen: size * text.getScreenCTM().a};
    });
}"""
BACK_ROW_PX = 18  # the smallest graph text, in CSS px at 1280x720, a back row can read


# -- expectations from the engine -----------------------------------------------------------
def progress_text(step):
    phase = t("en", "phase_forward" if step <= N else "phase_backward")
    return f"{t('en', 'position', pos=step, total=TOTAL)} · {phase}"


def book_url(step, **options):
    params = {"f": ",".join(BOOK_OPS), "x": BOOK_X, "step": step, "view": "stacked"}
    params.update(lang="en", **{name: "1" for name, on in options.items() if on})
    return "/?" + urlencode(params)


# -- page helpers ---------------------------------------------------------------------------


def at_step(page, step, what):
    """The progress bar, the graph and the URL all say ``step``."""
    expect(page.locator('[data-testid="stProgress"]:visible')).to_contain_text(progress_text(step))
    wait_for_nodes(page, expected_nodes(step), what)
    expect(page).to_have_url(re.compile(rf"[?&]step={step}(&|$)"))


def button(page, key):
    return page.locator(f".st-key-{key} button").first


def query(page):
    return {name: values[-1] for name, values in parse_qs(urlsplit(page.url).query).items()}


def font_sizes(page):
    """The graph's text sizes; each drawn at the size Graphviz laid it out for."""
    sizes = page.evaluate(FONT_SIZES_JS)
    assert sizes, "the graph has no text"
    wrong = [s for s in sizes if s["css"] != s["attr"]]
    assert not wrong, f"the page's CSS overrides the graph's font-size: {wrong[:3]}"
    return sizes


def viewport_shot(page, name):
    size = page.viewport_size  # the pointer off every button: no hover colour in the picture
    page.mouse.move(size["width"] - 2, size["height"] - 2)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, animations="disabled")


def download(page, key):
    """Click the download button ``key``; return the file's name and bytes."""
    with page.expect_download() as info:
        button(page, key).click()
    done = info.value
    assert done.failure() is None, f"{key}: {done.failure()}"
    data = Path(done.path()).read_bytes()
    settle(page)
    return done.suggested_filename, data


def open_tab(page, key):
    tab = page.get_by_role("tab", name=t("en", key), exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    settle(page)
    return page.locator('[role="tabpanel"]:visible')


# -- projector mode -------------------------------------------------------------------------
def test_projector_mode(open_app):
    page = open_app(book_url(N, projector=True), PROJECTOR_VIEWPORT)  # the seed is next
    at_step(page, N, "projector mode before the seed")
    expect(page.locator(SIDEBAR)).to_be_hidden()
    expect(button(page, "projector_off")).to_be_visible()
    # the secondary panels are tucked away: no variables table, no tabs
    expect(page.get_by_text(t("en", "table_header"), exact=True)).to_have_count(0)
    expect(page.locator(f'{MAIN} [data-testid="stDataFrame"]')).to_have_count(0)
    expect(page.get_by_role("tab")).to_have_count(0)
    keys = page.get_by_text(t("en", "keys_help_projector")).filter(visible=True)
    expect(keys).to_be_visible()

    for step, key in ((N + 1, "ArrowRight"), (N + 2, "Space"), (N + 1, "ArrowLeft")):
        page.keyboard.press(key)
        at_step(page, step, key)
    page.keyboard.press("Space")
    shown = N + 2  # the seed and one backward call made
    at_step(page, shown, "Space again")
    assert query(page)["projector"] == "1"

    # what the back row sees at 1280x720: the whole graph and what the last call did on the
    # first screen, and no code line cut off at the right edge
    last_call = book_stepper(shown).records[-1].code
    narration = page.locator('[data-testid="stMarkdownContainer"]:visible p code').filter(
        has_text=re.compile(rf"^{re.escape(last_call)}$")
    )
    for what, locator in (("the graph", page.locator(GRAPH)), ("the narration", narration)):
        box = locator.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR_VIEWPORT["height"], (
            f"{what} is not all on the first screen at 1280x720: {box}"
        )
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stCode"] pre')]
            .filter(pre => pre.scrollWidth > pre.clientWidth + 1).length"""
    )
    assert overflow == 0, "a code block scrolls sideways: its lines are cut off"
    viewport_shot(page, "projector.png")
    big = font_sizes(page)
    assert min(s["screen"] for s in big) >= BACK_ROW_PX, big

    button(page, "projector_off").click()
    expect(page.locator(SIDEBAR)).to_be_visible()
    expect(page.locator(".st-key-x_text input")).to_be_visible()
    expect(button(page, "projector_off")).to_have_count(0)
    expect(page.get_by_role("tab")).to_have_count(3)
    expect(page.get_by_text(t("en", "table_header"), exact=True)).to_be_visible()
    at_step(page, shown, "after leaving projector mode")
    assert "projector" not in query(page)
    page.wait_for_function(
        "(size) => { const t = document.querySelector("
        "'.bpx-root svg.bpx-svg text'); "
        "return t && parseFloat(t.getAttribute('font-size')) < size; }",
        arg=min(s["attr"] for s in big),
        polling="raf",
    )
    small = font_sizes(page)
    # Graphviz's font size, and the size on the screen once the SVG is fitted to the page
    assert {s["attr"] for s in big} == {PROJECTOR_FONT_SIZE}, big
    assert {s["attr"] for s in small} == {FONT_SIZE}, small
    assert min(s["screen"] for s in big) > 1.5 * max(s["screen"] for s in small), (big, small)
    settle(page)


# -- predict, then reveal -------------------------------------------------------------------
def test_predict_then_reveal(open_app):
    seed_step = N  # the forward calls made: the next call is the seed
    page = open_app(book_url(seed_step, predict=True))
    at_step(page, seed_step, "predict mode at the seed")
    score = page.locator(MAIN).get_by_text(re.compile(r"^Score: \d+ / \d+$"))
    expect(score).to_have_text(t("en", "predict_score", right=0, asked=0))
    expect(button(page, "next")).to_be_disabled()  # the call waits for a guess

    # 1. the seed: y.grad = 1
    stepper = book_stepper(seed_step)
    record = stepper.step()
    assert record.call.kind is autograd.Kind.SEED and float(record.gx) == 1.0
    target = record.call.target
    assert target == "y.grad"
    field = page.locator(".st-key-prediction input")
    expect(page.locator(MAIN)).to_contain_text(
        t("en", "predict_label", target=target).replace("`", "")
    )
    field.fill("1")
    field.press("Enter")
    success = page.locator(f'{MAIN} [data-testid="stAlertContentSuccess"]:visible')
    expect(success).to_have_text(t("en", "predict_right", target=target, value=short(record.gx)))
    expect(success).to_be_in_viewport()  # by the form, not at the top of the page
    expect(score).to_have_text(t("en", "predict_score", right=1, asked=1))
    at_step(page, seed_step + 1, "after the right guess")

    # 2. C.backward: b.grad = C'(b) * y.grad; a wrong guess is scored and the truth shown
    record = stepper.step()
    assert record.call.kind is autograd.Kind.BACKWARD
    target = record.call.target
    guess = "2"
    assert not np.isclose(float(guess), float(record.gx), rtol=state.PREDICT_RTOL)
    field = page.locator(".st-key-prediction input")
    field.fill(guess)
    page.get_by_role("button", name=t("en", "predict_button")).click()
    error = page.locator(f'{MAIN} [data-testid="stAlertContentError"]:visible')
    wrong = t(
        "en", "predict_wrong", target=target, value=short(record.gx), guess=short(float(guess))
    )
    expect(error).to_have_text(wrong)
    expect(error).to_be_in_viewport()
    expect(success).to_have_count(0)
    expect(score).to_have_text(t("en", "predict_score", right=1, asked=2))
    at_step(page, seed_step + 2, "after the wrong guess")
    expect(page.locator(".st-key-prediction input")).to_have_value("")
    settle(page)
    predict_form = page.locator('[data-testid="stForm"]').filter(
        has=page.locator(".st-key-prediction")
    )
    predict_form.scroll_into_view_if_needed()  # the prediction's (the page has other forms)
    viewport_shot(page, "predict.png")  # what the learner sees after the answer


# -- exports --------------------------------------------------------------------------------
def label_lines(dot):
    """{node id: [label lines]} of a DOT source (labels are quoted; "\\n" splits lines)."""
    labels = {}
    for node_id, label in re.findall(r'^\s*(\w+) \[label="((?:[^"\\]|\\.)*)"', dot, re.M):
        labels[node_id] = label.split("\\n")
    return labels


def svg_nodes(data):
    """{node id: [texts]} of a Graphviz SVG, parsed as XML."""
    root = ET.fromstring(data)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    nodes = {}
    for group in root.iterfind(".//svg:g[@class='node']", ns):
        node_id = group.find("svg:title", ns).text
        nodes[node_id] = [text.text for text in group.iterfind("svg:text", ns)]
    return nodes


def run_program(source, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(source)
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_exports(open_app, tmp_path):
    page = open_app(book_url(TOTAL))
    at_step(page, TOTAL, "the last step")
    stepper = book_stepper(TOTAL)
    chain = stepper.chain
    assert export.find_renderer() is not None, "graphviz-pure is missing"

    # what the app shows for x.grad at full precision (the gradient check's backprop value)
    panel = open_tab(page, "check_header")
    shown = panel.locator('[data-testid="stCode"]:visible code').first.inner_text().strip()
    assert shown == BOOK_X_GRAD == repr(float(chain.x.grad)) == full(chain.x.grad)

    panel = open_tab(page, "exports_header")
    for key in ("dl_dot", "dl_svg", "dl_png", "dl_zip", "dl_py"):
        expect(panel.locator(f".st-key-{key} button").first).to_be_visible()
    panel.scroll_into_view_if_needed()
    page.get_by_role("tab", name=t("en", "exports_header")).scroll_into_view_if_needed()
    viewport_shot(page, "exports.png")

    # this step as DOT: exactly the app's graph, naming every node
    name, data = download(page, "dl_dot")
    dot = data.decode("utf-8")
    assert name == f"backprop-stacked-step-{TOTAL:02d}.gv"
    assert dot == build_dot(stepper, "stacked")
    labels = label_lines(dot)
    names = [*chain.variable_names, *chain.function_names]
    assert names == ["x", "a", "b", "y", "A", "B", "C"]
    backward = [f"dy/d{v}" for v in chain.variable_names]
    backward += [
        f"{f}'({v})" for f, v in zip(chain.function_names, chain.variable_names[:-1], strict=True)
    ]
    firsts = {lines[0] for lines in labels.values()}
    assert set(names + backward) <= firsts, (names, backward, labels)

    # this step as SVG: every node of the DOT, with all of its label lines
    name, data = download(page, "dl_svg")
    assert name.endswith(".svg") and data.startswith(b"<?xml")
    nodes = svg_nodes(data)
    assert nodes == labels

    # this step as PNG: a real PNG of a plausible size
    name, data = download(page, "dl_png")
    assert name.endswith(".png") and data[:8] == PNG_SIGNATURE
    length, kind, width, height = struct.unpack(">I4sII", data[8:24])
    assert (length, kind) == (13, b"IHDR")
    assert 300 <= width <= 5000 and 100 <= height <= 3000, (width, height)
    assert width > height  # the rows run left to right

    # every step as SVGs: one per step 0 .. TOTAL, each valid XML, each its step's graph
    name, data = download(page, "dl_zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = archive.namelist()
        assert len(files) == len(stepper.timeline) + 1 == TOTAL + 1
        assert files == export.step_file_names(BOOK_OPS)
        assert all(f.endswith(".svg") for f in files)
        for step, file in enumerate(files):
            drawn = svg_nodes(archive.read(file))
            assert drawn == label_lines(build_dot(book_stepper(step), "stacked")), file

    # the session as a program: it prints x.grad exactly as the app shows it
    name, data = download(page, "dl_py")
    assert name == "backprop_step06.py"
    printed = run_program(data, tmp_path, "book.py")
    assert printed == f"{BOOK_X_GRAD}\n"
    assert printed.strip() == repr(float(chain.x.grad)) == shown

    # a vector x: the same program for x = [0.5, 1.0, -2.0]
    field = page.locator(".st-key-x_text input")
    field.fill(VECTOR_X)
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]x=%5B0\.5"))
    settle(page)
    assert query(page)["x"] == VECTOR_X and query(page)["step"] == "0"
    button(page, "run_end").click()  # the gradient check shows x.grad once backward is done
    expect(page).to_have_url(re.compile(rf"[?&]step={TOTAL}(&|$)"))
    settle(page)
    vector = autograd.Stepper(list(BOOK_OPS), state.parse_input(VECTOR_X)).run_to_end()
    grad = vector.chain.x.grad
    panel = open_tab(page, "check_header")
    shown = panel.locator('[data-testid="stCode"]:visible code').first
    expect(shown).to_have_text(full(grad))
    open_tab(page, "exports_header")
    name, data = download(page, "dl_py")
    printed = run_program(data, tmp_path, "vector.py")
    assert printed == f"{full(grad)}\n"  # every digit, as the gradient check shows it
    values = np.array(printed.strip("[]\n").split(), dtype=np.float64)
    np.testing.assert_array_equal(values, grad)
    settle(page)
