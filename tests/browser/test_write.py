"""A new visitor writes a Function of their own in a real Chromium: Cube, checked right, in
the chain, stepped to x.grad; then the backward loses its ``* gy`` and the graph flags it.
Expected values come from the engine and the text table, never from fixed strings."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from browser.pages import (
    SHOTS,
    TIMEOUT_MS,
    VIEWPORT,
    settle,
    wait_for_nodes,
)
from playwright.sync_api import expect

import autograd
from components import state, userfn
from components.format import short
from components.graph import WRONG
from components.i18n import t

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)

CUBE = ("Cube", "x ** 3", "3 * x ** 2 * gy")
FORGOT_GY = "3 * x ** 2"
OPS = (*state.PRESETS["book"][0], "Cube")
MAIN = '[data-testid="stMain"]'


def x_grad(backward):
    registry = userfn.registry([(*CUBE[:2], backward)])
    return short(autograd.Stepper(OPS, 0.5, registry).run_to_end().chain.x.grad)


def write(page, index, fields):
    """Type the three fields of form ``index`` and press Enter, as a learner does."""
    for field, value in zip(("name", "forward", "backward"), fields, strict=True):
        page.locator(f".st-key-def{index}_{field} input").fill(value)
    page.locator(f".st-key-def{index}_backward input").press("Enter")


def shoot(page, name, selector):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).first.screenshot(path=SHOTS / name, animations="disabled")


def test_a_new_visitor_writes_cube_steps_to_x_grad_then_breaks_the_backward(open_app):
    page = open_app("/", viewport={"width": 1280, "height": 1400})
    panel = page.locator(".st-key-def0_box")
    panel.scroll_into_view_if_needed()
    write(page, 0, CUBE)
    right = t("en", "verdict_right", name="Cube", count=7).split(":")[0]
    success = page.locator(f"{MAIN} [data-testid='stAlertContentSuccess']:visible")
    expect(success.last).to_contain_text(right)
    settle(page)
    expect(page.locator(".st-key-def0_box [data-testid='stCode']")).to_contain_text(
        "gx = 3 * x ** 2 * gy"
    )
    shoot(page, "write-cube-right.png", ".st-key-def0_box")

    settle(page)
    page.locator(
        "[data-testid=stSidebar] .st-key-add_Cube button"
    ).first.click()  # by the built-ins
    wait_for_nodes(page, {"f3": ["D", "Cube"]}, "Cube added")
    page.locator(".st-key-run_end button").click()
    grad = x_grad(CUBE[2])
    wait_for_nodes(page, {"v0": ["data 0.5", f"grad {grad}"]}, "run to the end")
    query = parse_qs(urlsplit(page.url).query)
    assert query["def"] == ["Cube:x ** 3:3 * x ** 2 * gy"] and query["f"] == [",".join(OPS)]
    page.locator(".bpx-root").first.scroll_into_view_if_needed()
    shoot(page, "write-cube-graph.png", MAIN)

    write(page, 0, (*CUBE[:2], FORGOT_GY))  # the classic mistake: no * gy
    wait_for_nodes(page, {"d3": [WRONG], "v0": [f"grad {x_grad(FORGOT_GY)}"]}, "broken")
    warning = page.locator(f"{MAIN} [data-testid='stAlertContentWarning']:visible")
    expect(warning.first).to_contain_text("Cube.backward ignores gy")
    expect(page.locator(".st-key-def0_box [data-testid='stAlertContentError']")).to_contain_text(
        "gy = 2"
    )
    page.set_viewport_size(VIEWPORT)
    page.locator(".bpx-root").first.scroll_into_view_if_needed()
    shoot(page, "write-cube-flag.png", MAIN)


def test_a_shared_link_in_korean_rebuilds_the_function_and_its_flag(open_app):
    """The link of a broken Cube, first in the chain (its gy is not 1, so x.grad is wrong)."""
    link = "/?lang=ko&f=Cube,Exp&step=5&def=" + quote("Cube:x ** 3:3 * x ** 2")
    page = open_app(link, viewport={"width": 1280, "height": 1400}, locale="ko-KR")
    registry = userfn.registry([(*CUBE[:2], FORGOT_GY)])
    grad = short(autograd.Stepper(["Cube", "Exp"], 0.5, registry).run_to_end().chain.x.grad)
    wait_for_nodes(page, {"d0": [WRONG], "v0": [f"grad {grad}"]}, "the shared link")
    assert page.locator(".st-key-def0_backward input").input_value() == FORGOT_GY
    verdict = autograd.check_backward(registry["Cube"].cls, 0.5)
    sentence = t("ko", verdict.key, name="Cube", **verdict.params).split("`")[0]
    expect(page.locator(".st-key-def0_box [data-testid='stAlertContentError']")).to_contain_text(
        sentence
    )
    shoot(page, "write-korean.png", ".st-key-def0_box")
