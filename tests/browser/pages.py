"""What the browser tests share: the page's selectors, one snapshot of what a person sees,
the waits (on DOM conditions only), and the expectations computed by the engine."""

import math
import re
from urllib.parse import urlencode

from harness import book_lesson  # noqa: F401 - re-exported for the tests

from components.model import programs
from components.model.state import PROGRAMS

TIMEOUT_MS = 60_000  # a busy 2-core machine; a wait that succeeds returns at once
VIEWPORT = {"width": 1280, "height": 900}
ROOT = ".bpx-root"
EXCEPTION = '[data-testid="stException"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# Everything the element shows, read in ONE task (so: one frame's state).
SNAPSHOT_JS = """() => {
  const root = document.querySelector('.bpx-root');
  if (!root) return null;
  const lines = (g) => [...g.querySelectorAll(':scope > text')].map(
      t => (t.classList.contains('bpx-struck') ? '~' : '') + t.textContent);
  const nodes = {}, cls = {};
  for (const g of root.querySelectorAll('svg.bpx-svg g.node')) {
    if (!g.id.startsWith('bpx-')) continue;
    nodes[g.id.slice(4)] = lines(g);
    cls[g.id.slice(4)] = g.getAttribute('class');
  }
  const cell = (c) => {
    if (!c.querySelector('s')) return c.textContent;
    return [...c.childNodes].map(n => n.nodeName === 'S' ? '~' + n.textContent : n.textContent)
        .join('');
  };
  const vars = [...root.querySelectorAll('table.bpx-vars tbody tr')].map(
      tr => [...tr.children].map(cell));
  const current = root.querySelector('.bpx-programbox .bpx-line.bpx-current .bpx-ln');
  return {
    pos: Number(root.dataset.pos), total: Number(root.dataset.total),
    synced: root.dataset.synced, animating: root.dataset.animating || '0', key: root.dataset.key,
    progress: root.querySelector('.bpx-progress-text').textContent,
    bar: root.querySelector('.bpx-bar').getAttribute('aria-valuenow'),
    live: root.querySelector('.bpx-live').textContent,
    narr: root.querySelector('.bpx-narr') ? root.querySelector('.bpx-narr').textContent : '',
    nodes, cls, vars,
    columns: [...root.querySelectorAll('table.bpx-vars thead th')].map(t => t.textContent),
    out: [...root.querySelectorAll('.bpx-out')].map(o => o.textContent),
    line: current ? Number(current.textContent) : 0,
    frames: root.querySelector('.bpx-frames') ? root.querySelector('.bpx-frames').textContent : '',
    url_step: new URLSearchParams(location.search).get('step'),
  };
}"""

# the element shows position p, its animation (if any) has ended
AT_JS = """(p) => { const r = document.querySelector('.bpx-root');
  return !!r && r.dataset.pos === String(p) && r.dataset.animating !== '1'; }"""
# ... and the address bar says so
URL_AT_JS = """(p) => new URLSearchParams(location.search).get('step') === String(p)"""
# the server knows where the element is (its report has been answered)
SYNCED_JS = """() => { const r = document.querySelector('.bpx-root');
  return !!r && r.dataset.synced === '1'; }"""
READY_JS = """() => { const r = document.querySelector('.bpx-root');
  return !!r && r.dataset.total !== undefined && r.dataset.pos !== undefined
    && !!r.querySelector('svg.bpx-svg g.node') && !!r.querySelector('table.bpx-vars'); }"""


def link(program=None, book=None, **params):
    """A query string: ``?p=<program>&book=NN&...`` (values as given)."""
    query = {}
    if program is not None:
        query["p"] = program
    if book is not None:
        query["book"] = book
    query.update({k: str(v) for k, v in params.items()})
    return "/?" + urlencode(query) if query else "/"


def preset(name):
    """A Stage 2 program of the sidebar (its text)."""
    return PROGRAMS[name][0]


def chain(ops, x="0.5", book="06"):
    return programs.chain_program(tuple(ops), x, book)


def snapshot(page):
    return page.evaluate(SNAPSHOT_JS)


def settle(page):
    """Wait until the server has answered the element (synced) and no run is going on."""
    page.wait_for_function(SYNCED_JS, polling="raf")
    page.wait_for_selector(IDLE, state="attached")


def at(page, p, url=True):
    """Wait until position ``p`` is on screen (and, with ``url``, in the address bar); return
    the snapshot."""
    try:
        page.wait_for_function(AT_JS, arg=p, polling="raf")
        if url:
            page.wait_for_function(URL_AT_JS, arg=p, polling="raf")
    except Exception as error:  # a timeout: say what is on screen instead
        raise AssertionError(f"position {p} never shown: {snapshot(page)}") from error
    return snapshot(page)


def press(page, key, p):
    """Press ``key`` and wait for position ``p``."""
    page.keyboard.press(key)
    return at(page, p)


def number(text):
    """The number a cell or a label line shows (its first: "2 (1 + 1)" is 2), or None."""
    text = text.strip()
    if text in ("", "None"):
        return None
    found = re.findall(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?|-?inf|nan", text)
    return float(found[0]) if found else None


def close(shown, value, rel):
    return shown is not None and math.isclose(shown, float(value), rel_tol=rel, abs_tol=rel)


def row(snap, name):
    """The variables table's row of ``name`` ([name, data, grad, generation?])."""
    rows = [r for r in snap["vars"] if r[0] == name]
    assert rows, f"no row {name!r} in {snap['vars']}"
    return rows[0]


def label_line(snap, node_id, field):
    """The line ``field`` ("data"/"grad") of a variable's node in the stacked view."""
    for line in snap["nodes"].get(node_id, []):
        if line.lstrip("~").startswith(field + " ") and not line.startswith("~"):
            return line[len(field) + 1 :]
    return None


def agrees(snap, lesson, state, lang_progress=True):
    """Problems (a list, empty if none) between what the screen shows and the engine's
    ``state`` at the snapshot's position: the progress, the live sentence, the graph's
    variable nodes and the variables table."""
    problems = []
    p, total = snap["pos"], len(lesson.items)
    if snap["total"] != total:
        problems.append(f"total {snap['total']} != {total}")
    if lang_progress and not snap["progress"].startswith(f"{p} of {total}"):
        problems.append(f"progress {snap['progress']!r} at {p}")
    if not snap["live"].startswith(snap["progress"]):
        problems.append(f"live {snap['live']!r} does not start with {snap['progress']!r}")
    expected_bar = str(round(100 * p / total)) if total else "100"
    if snap["bar"] != expected_bar:
        problems.append(f"bar {snap['bar']} != {expected_bar}")
    names = [r[0] for r in snap["vars"]]
    if names != [node.name for node in lesson.variables]:
        problems.append(f"table rows {names} are not the lesson's variables")
        return problems
    for node, cells in zip(lesson.variables, snap["vars"], strict=True):
        if node.id not in state.data:
            if cells[1:3] != ["", ""]:
                problems.append(f"table {node.name} shows {cells} before it exists")
            continue
        data, grad = state.data[node.id], state.grad.get(node.id)
        shown = label_line(snap, node.id, "data")
        if not close(number(shown or ""), data, 1e-5):
            problems.append(f"graph {node.name} data {shown!r} != {data}")
        shown = label_line(snap, node.id, "grad")
        if grad is None:
            if shown not in (None, "None"):
                problems.append(f"graph {node.name} grad {shown!r} != None")
        elif not close(number(shown or ""), grad, 1e-5):
            problems.append(f"graph {node.name} grad {shown!r} != {grad}")
        if not close(number(cells[1]), data, 1e-12):
            problems.append(f"table {node.name} data {cells[1]!r} != {data}")
        grad_cell = "\n".join(line for line in cells[2].split("\n") if not line.startswith("~"))
        if grad is None:
            if number(grad_cell) is not None:
                problems.append(f"table {node.name} grad {cells[2]!r} != None")
        elif not close(number(grad_cell), grad, 1e-12):
            problems.append(f"table {node.name} grad {cells[2]!r} != {grad}")
    return problems


def node_centres_js():
    """JS: {node id: [cx, cy]} of every node's shape, in the SVG's own units."""
    return """() => {
      const out = {};
      for (const g of document.querySelectorAll('.bpx-root svg.bpx-svg g.node')) {
        const shape = g.querySelector('ellipse, polygon, path, rect');
        const b = (shape || g).getBBox();
        out[g.id] = [b.x + b.width / 2, b.y + b.height / 2];
      }
      return out;
    }"""


def frame(page):
    """Scroll the lesson to the top of the window, with a little room above its progress
    line (for a screenshot)."""
    page.evaluate(
        """() => { const root = document.querySelector('.bpx-root');
          root.scrollIntoView({block: 'start'});
          let box = root.parentElement;
          while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
          if (box) box.scrollBy(0, -24); }"""
    )
