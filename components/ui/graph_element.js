// Backprop Explorer's lesson element (Streamlit components v2: in the page, no iframe).
//
// It shows ONE traced lesson (a DeZero program run line by line) and steps it entirely in the
// browser: the graph AND the panels under it change in the same animation frame (one
// function, show(p)), with no server round trip.
//
// Registered with st.components.v2.component(name, js=JS, css=CSS, isolate_styles=False).
// This module runs on the first mount and again on every rerun with new `data`; its own state
// lives on the DOM node `.bpx-root` (root.bpx).
//
// ---- THE CONTRACT (Python sends `data`) ------------------------------------------------------
// data = {
//   key: str,          identifies `frames` (lesson + view + language + projector + rankdir)
//   lesson: str,       identifies the lesson (program, step, input, learner's functions)
//   frames: str|null,  JSON text of FRAMES; null when the server knows this element holds them
//   step: int,         the server's position
//   moved: int,        changes only when the server moved the position by itself (a link, a
//                      manual call, a prediction revealed): the element then goes to `step`
//   max_step: int,     predict mode: the furthest → / End may go on their own (else = total)
//   anim: bool, projector: bool, rankdir: "LR"|"TB",
//   url: str,          the query parameter holding the position ("step"; "": leave the URL)
//   session: str,      the server session's id (added by element.py): when it changes under a
//                      page that stays, the element tells the new session its position
//   labels: {graph, keys, zoom_in, zoom_out, fit, progress}   aria labels / tooltips
// }
// FRAMES = {
//   svg: str,                         ONE Graphviz layout; node/edge <g> ids are "bpx-<id>"
//   base: {id: [text|null, class]},   position 0
//   deltas: [{id: [text|null, class]}, ...],   positions 1..N (only what changed)
//   anims: [null | {legs: [[edge_id, reverse, text, phase(0|1)], ...], hold: [ids],
//                   appear: [ids]}, ...]       positions 0..N
//   panels: {
//     static: {headers: {program, code, frames, vars, chain, output},  translated words
//              columns: [str, ...],          variables table headers (3 or 4)
//              program: [str, ...],          the learner's program, one string a line
//              stmt_of_line: [int, ...],     per line: its top-level statement (-1: none)
//              code: [str, ...] | null,      the book step's code (null: step 06)
//              code_first: int,              file line number of code[0]
//              rows: [node id, ...]},        the variables table's rows, in order
//     base: PANEL,                     position 0, complete
//     deltas: [partial PANEL, ...]}    positions 1..N: the fields that changed ("frames" as
//                                       {n, set: {index: frame}}: the frames that changed); "vars" and
//                                      "notes" merge one level deeper (null deletes a key)
// }
// PANEL = {
//   progress: [text, fraction 0..1],
//   narr: [[kind, text], ...],         kind "t" text, "c" code, "b" bold, "n" line break,
//                                      "w" warning (red), "ok" success (green)
//   at: [line, done, c0, c1, failed],  current program line (0: none), its statement
//                                      finished?, running span (0-based; -1 -1: whole line),
//                                      Python stopped there with an exception (✗)?
//   stmt: int,                         statement running (-1 at start); earlier ones are ✓
//   out: [[line, text], ...],          printed so far, under the line that printed it
//   notes: {line: text},               "a = 0.25", shown as "# a = 0.25" after the line
//   code_at: [line, kind],             step code line running (file line; 0: none),
//                                      kind "line"|"call"|"return"|"error"
//   frames: [[label, [[name, text, cls], ...]], ...],   outermost first
//   vars: {id: [name, data, grad, generation|null, cls]},
//                                      cls "" | "changed" | "struck" | "grey"; "changed"
//                                      highlights the cells that differ from p-1; "struck":
//                                      grad lines starting with "~" are struck out (the
//                                      whole grad if none does)
//   chain: null | {d: "d"|"∂", rows: [{lhs: [out, in], terms: [[factor, ...], ...],
//                  values: [[str|null, ...], ...], result: str|null, grad: str|null,
//                  more: int}]},          result: the sum of the products; grad: x.grad
//                                      when this step's code put another number there
//                                      factor ["f", "C", "b"] is C′(b), ["p", "t1", "a"]
//                                      is ∂t1/∂a, ["p", "y", "x", 1] is ∂y/∂x₁ (x in two
//                                      slots); null values show as a grey "?"
//   error: null | str
// }
// Graph classes: done, grey, active, flagged, wrong, partial, nolink, link. A label line
// starting with "~" is drawn struck out, without the "~". Anim phases run one after the
// other in ANIM_MS (each half when both are present, all of it when only one is).
//
// Reports (setStateValue): "pos" {step, lesson} 300 ms after a burst of presses ({step, lesson,
// session} at once to a new session, when the screen is elsewhere than its `step`; {step, lesson,
// again} when no run at that step came back within ANSWER_MS, then twice as long...); "need"
// {key, at} once per key when frames are missing; "narrow" true/false below/above 600 px.
// The address bar's `data.url` parameter is rewritten on every move, one frame after the
// frame that shows it (history.replaceState lays the page out: it must not delay that frame).
// A click on Run to end in predict mode (max_step < total) goes on to Streamlit, after the
// pending position is reported: the server says how many predictions it skips.
// Test hooks on the root: data-pos, data-total, data-synced ("1": server step = pos),
// data-animating ("1"/"0"), data-scale, data-key.
//
// Safety: user text (names, values, code) goes into the DOM with textContent only; the SVG
// (Graphviz output from escaped DOT) is parsed by DOMParser as SVG.
// -------------------------------------------------------------------------------------------

const IDLE_MS = 300; // a burst of presses ends after this pause: then one report
const ANSWER_MS = 5000; // a report with no answer after this is sent again (then 10 s, 20 s, 30 s)
const ANIM_MS = 450; // one position's animation
const FIT_PX = 11.5; // the whole graph is shown if its text stays at least this big
const READ_PX = 13; // else the view follows the active nodes with text this big
const MAX_SCALE = 1.6;
const ZOOM_STEP = 1.25;
const NARROW_PX = 600;
const CACHE_KEYS = 4; // window.__bpxFrames holds the last 4 keys
const JUMP = 24; // beyond this many positions, a move re-checks every item
const URL_BUDGET = 150; // history.replaceState calls per 10 s (Chromium throttles at 200)
const BUTTONS = { next: "next", back: "back", run_end: "end", reset: "home" };
const IGNORED_ROLES = ["tab", "radio", "option", "combobox", "slider", "listbox", "menuitem", "spinbutton", "textbox"];
const SVG_NS = "http://www.w3.org/2000/svg";
const MATH_NS = "http://www.w3.org/1998/Math/MathML";
const FONTS = {
  Courier: 'Courier, "Courier New", "Liberation Mono", monospace',
  Times: 'Times, "Times New Roman", "Liberation Serif", serif',
};
const PANEL_FIELDS = ["progress", "narr", "at", "stmt", "out", "code_at", "frames", "chain", "error"];

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".bpx-root");
  if (!root) root = create(parentElement);
  const st = root.bpx;
  st.setStateValue = setStateValue;
  update(st, data);
  installGlobalListeners();
}

// -- small DOM helpers ---------------------------------------------------------------------------
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function mel(tag, text, attrs) {
  const node = document.createElementNS(MATH_NS, tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function setCls(node, cls) {
  if (node.className !== cls) node.className = cls;
}

function setTxt(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// -- the element -------------------------------------------------------------------------------
function create(parent) {
  const root = el("div", "bpx-root");
  const head = el("div", "bpx-head");
  const progress = el("div", "bpx-progress");
  const progressText = el("span", "bpx-progress-text");
  const bar = el("div", "bpx-bar");
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  const fill = el("div", "bpx-fill");
  bar.appendChild(fill);
  progress.append(progressText, bar);
  const tools = el("div", "bpx-toolbar");
  head.append(progress, tools);
  const view = el("div", "bpx-view");
  view.tabIndex = 0;
  view.setAttribute("role", "group");
  const graph = el("div", "bpx-graph");
  view.appendChild(graph);
  const live = el("p", "bpx-live");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  const panels = el("div", "bpx-panels");
  root.append(head, view, live, panels);
  parent.appendChild(root);
  const st = {
    root, tools, view, graph, live, panelsBox: panels, progressText, bar, fill,
    data: null, key: null, lesson: null, frames: null, pos: 0, shown: null, sent: null,
    moved: undefined, session: undefined, serverStep: null, tries: 0, answerTimer: null, timer: null, anim: null, items: {}, svg: null,
    size: [1, 1], scale: 1, tx: 0, ty: 0, mode: "auto", narrowSent: null, drag: null,
    needed: new Set(), active: new Set(), vw: 0, width: 0, urlTimes: [], urlTimer: null,
    scrollPending: false,
  };
  root.bpx = st;
  for (const [name, act] of [["zoom_out", () => zoom(st, 1 / ZOOM_STEP)],
    ["zoom_in", () => zoom(st, ZOOM_STEP)], ["fit", () => fit(st)]]) {
    const button = el("button", `bpx-${name}`);
    button.type = "button";
    button.addEventListener("click", act);
    tools.appendChild(button);
  }
  tools.querySelector(".bpx-zoom_out").textContent = "−";
  tools.querySelector(".bpx-zoom_in").textContent = "+";
  listenPointer(st);
  // widths are read here only: a press never forces the page's layout to read one
  new ResizeObserver((entries) => {
    const width = entries[entries.length - 1].contentRect.width;
    if (!width || width === st.width) return;
    st.width = width;
    st.vw = width;
    root.classList.toggle("bpx-narrow", width < NARROW_PX);
    reportWidth(st);
    place(st, false);
  }).observe(root);
  return root;
}

function update(st, data) {
  st.data = data;
  const labels = data.labels || {};
  st.view.setAttribute("aria-label", labels.graph || "");
  st.view.title = labels.keys || "";
  st.bar.setAttribute("aria-label", labels.progress || "");
  st.root.classList.toggle("bpx-projector", !!data.projector);
  for (const name of ["zoom_out", "zoom_in", "fit"]) {
    const button = st.tools.querySelector(`.bpx-${name}`);
    button.setAttribute("aria-label", labels[name] || name);
    button.title = labels[name] || name;
    if (name === "fit") button.textContent = labels.fit || "fit";
  }
  let rebuilt = false;
  if (data.key !== st.key) {
    const frames = obtain(st, data);
    if (frames) {
      build(st, frames, data.key);
      rebuilt = true;
    }
  }
  // a new session of the server while this page stays (it restarted, or another replica took
  // the page after one died): the screen is what the learner saw, so the new session is told
  // where it is, a press made during the outage included
  const reconnected = st.session !== undefined && data.session !== st.session;
  st.session = data.session;
  if (st.frames) {
    const total = st.total;
    if (st.shown === null || data.lesson !== st.lesson) {
      // a fresh mount, or another lesson: the server's position
      st.lesson = data.lesson;
      st.moved = data.moved;
      cancelReport(st);
      st.pos = clamp(data.step, 0, total);
      st.sent = st.pos;
      st.mode = "auto";
      show(st, st.pos, false);
    } else if (reconnected) {
      st.moved = data.moved; // the new session counts from 0
      cancelReport(st);
      st.sent = clamp(data.step, 0, total);
      if (st.pos !== st.sent) report(st, data.session);
    } else if (data.moved !== st.moved) {
      // the server moved by itself: follow it, without reporting back
      st.moved = data.moved;
      cancelReport(st);
      st.sent = clamp(data.step, 0, total);
      go(st, data.step, false);
    } else if (rebuilt) {
      st.pos = clamp(st.pos, 0, total);
      show(st, st.pos, false);
    }
  }
  st.serverStep = data.step;
  syncButtons(st);
  reportWidth(st);
  markSync(st);
}

function obtain(st, data) {
  // the frames of data.key: sent now, or held from an earlier run (window.__bpxFrames), or
  // asked for (once per key)
  const cache = window.__bpxFrames || (window.__bpxFrames = new Map());
  if (typeof data.frames === "string") {
    const frames = JSON.parse(data.frames);
    cache.delete(data.key);
    cache.set(data.key, frames);
    while (cache.size > CACHE_KEYS) cache.delete(cache.keys().next().value);
    return frames;
  }
  if (cache.has(data.key)) {
    const frames = cache.get(data.key);
    cache.delete(data.key);
    cache.set(data.key, frames); // the most recently used goes last
    return frames;
  }
  if (!st.needed.has(data.key)) {
    st.needed.add(data.key);
    const key = data.key;
    setTimeout(() => st.setStateValue("need", { key, at: Date.now() }), 0);
  }
  return null;
}

function markSync(st) {
  const synced = st.frames && st.serverStep === st.pos ? "1" : "0";
  if (st.root.dataset.synced !== synced) st.root.dataset.synced = synced;
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, Number(v) || 0));
}

// -- histories: what each id / field holds at each position ----------------------------------------
function histories(base, deltas) {
  // {id: {ps: [positions], vs: [values]}}: the value of id at p is the last one at or before p
  const hist = {};
  const add = (id, p, v) => {
    let h = hist[id];
    if (!h) h = hist[id] = { ps: [], vs: [] };
    h.ps.push(p);
    h.vs.push(v);
  };
  for (const [id, v] of Object.entries(base || {})) add(id, 0, v);
  deltas.forEach((delta, i) => {
    if (delta) for (const [id, v] of Object.entries(delta)) add(id, i + 1, v);
  });
  return hist;
}

function valueAt(h, p) {
  if (!h) return undefined;
  const ps = h.ps;
  let lo = 0, hi = ps.length - 1;
  if (hi < 0 || ps[0] > p) return undefined;
  if (ps[hi] <= p) return h.vs[hi];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ps[mid] <= p) lo = mid; else hi = mid - 1;
  }
  return h.vs[lo];
}

function changedIds(deltas, from, to, first) {
  // ids whose value may differ between `from` and `to`; with `first`, also those changed AT
  // the lower of the two (what "changed" highlights depend on). null: check them all.
  if (from === null || Math.abs(from - to) > JUMP) return null;
  const lo = Math.min(from, to), hi = Math.max(from, to);
  const ids = new Set();
  for (let q = first ? Math.max(1, lo) : lo + 1; q <= hi; q++) {
    const delta = deltas[q - 1];
    if (delta) for (const id in delta) ids.add(id);
  }
  return ids;
}

// -- build: once per frames key ------------------------------------------------------------------
function build(st, frames, key) {
  finishAnim(st);
  st.frames = frames;
  st.key = key;
  st.root.dataset.key = key;
  st.total = frames.deltas.length;
  st.root.dataset.total = String(st.total);
  st.anims = frames.anims || [];
  buildGraph(st, frames);
  buildPanels(st, frames.panels);
  st.shown = null;
}

function buildGraph(st, frames) {
  st.items = {};
  st.active = new Set();
  if (!frames.svg) {
    // no picture (no renderer, or a graph too large to lay out in time): the server's note
    // says why, and every panel still steps
    st.svg = null;
    st.layer = null;
    st.size = [1, 1];
    st.vh = 0;
    st.view.style.height = "auto";
    st.graph.replaceChildren(el("p", "bpx-graph-note", frames.note || ""));
    st.ghist = {};
    st.gids = [];
    return;
  }
  const doc = new DOMParser().parseFromString(frames.svg, "image/svg+xml");
  const svg = document.importNode(doc.documentElement, true);
  const box = svg.viewBox.baseVal;
  st.size = [box.width || 1, box.height || 1];
  svg.setAttribute("width", String(box.width));
  svg.setAttribute("height", String(box.height));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("bpx-svg");
  st.graph.replaceChildren(svg);
  st.svg = svg;
  const graphG = svg.querySelector("g.graph") || svg;
  st.layer = document.createElementNS(SVG_NS, "g");
  st.layer.setAttribute("class", "bpx-tokens");
  graphG.appendChild(st.layer);
  st.offset = graphOffset(graphG);
  st.items = {};
  st.active = new Set();
  st.followed = false;
  st.fontPx = 12;
  let sized = false;
  for (const g of svg.querySelectorAll("g.node, g.edge")) {
    if (!g.id.startsWith("bpx-")) continue;
    const item = { g, base: g.classList.contains("node") ? "node" : "edge", cls: "", text: null };
    const texts = [...g.querySelectorAll(":scope > text")];
    for (const text of texts) styleText(text);
    if (texts.length) {
      const ys = texts.map((text) => Number(text.getAttribute("y")));
      const size = Number(texts[0].getAttribute("font-size")) || 12;
      if (!sized && item.base === "node") { st.fontPx = size; sized = true; }
      item.template = texts[0].cloneNode(false);
      item.mid = ys.reduce((a, b) => a + b, 0) / ys.length;
      item.dy = ys.length > 1 ? ys[1] - ys[0] : 1.2 * size;
      item.texts = texts;
      item.text = texts.map((text) => text.textContent).join("\n");
    }
    st.items[g.id.slice(4)] = item;
  }
  // measured once per layout (nothing moves): a press never waits for a layout
  for (const item of Object.values(st.items)) {
    item.box = item.g.getBBox();
    const path = item.base === "edge" && item.g.querySelector("path");
    if (path) { item.path = path; item.length = path.getTotalLength(); }
  }
  st.ghist = histories(frames.base, frames.deltas);
  st.gids = Object.keys(st.ghist);
}

function styleText(text) {
  // Streamlit's theme sets every element's font: the SVG's own attributes are restated inline
  const family = (text.getAttribute("font-family") || "").split(",")[0];
  text.style.fontFamily = FONTS[family] || FONTS.Courier;
  text.style.fontSize = `${Number(text.getAttribute("font-size")) || 12}px`;
  if (text.getAttribute("font-style")) text.style.fontStyle = text.getAttribute("font-style");
}

function setText(item, text) {
  if (!item.texts || item.text === text) return;
  const lines = text.split("\n");
  while (item.texts.length < lines.length) {
    const line = item.template.cloneNode(false);
    styleText(line);
    item.g.appendChild(line);
    item.texts.push(line);
  }
  while (item.texts.length > lines.length) item.texts.pop().remove();
  lines.forEach((line, j) => {
    const node = item.texts[j];
    const struck = line.startsWith("~");
    node.textContent = struck ? line.slice(1) : line;
    node.classList.toggle("bpx-struck", struck);
    node.setAttribute("y", String(item.mid + (j - (lines.length - 1) / 2) * item.dy));
  });
  item.text = text;
}

function applyGraph(st, p, ids, hold) {
  const list = ids || st.gids;
  for (const id of list) {
    const item = st.items[id];
    if (!item) continue;
    const v = valueAt(st.ghist[id], p);
    if (!v) continue;
    const [text, cls] = v;
    if (text !== null && text !== undefined && !hold.has(id)) setText(item, text);
    if (item.cls !== cls) {
      item.g.setAttribute("class", `${item.base} ${cls}`);
      item.cls = cls;
      if (item.base === "node" && /\bactive\b/.test(cls)) st.active.add(id); else st.active.delete(id);
    }
  }
}

// -- the panels: the DOM is made once per key, a move changes only what changed -------------------
function heading(level, text) {
  const h = el(level, `bpx-h bpx-${level}`, text);
  return h;
}

function buildPanels(st, panels) {
  const box = st.panelsBox;
  box.replaceChildren();
  st.P = null;
  if (!panels) return;
  const stat = panels.static || {};
  const headers = stat.headers || {};
  const program = stat.program || [];
  const deltas = panels.deltas || [];
  // every top-level field's value at every position (shared references where unchanged)
  const fields = {};
  for (const f of PANEL_FIELDS) {
    const arr = new Array(deltas.length + 1);
    arr[0] = panels.base ? panels.base[f] : undefined;
    for (let q = 1; q <= deltas.length; q++) {
      const d = deltas[q - 1];
      const has = d && Object.prototype.hasOwnProperty.call(d, f);
      if (has && f === "frames" && d.frames && !Array.isArray(d.frames)) {
        // the frames that changed only: {n: how many now, set: {index: frame}}
        const next = (arr[q - 1] || []).slice(0, d.frames.n);
        for (const [i, frame] of Object.entries(d.frames.set || {})) {
          const old = next[Number(i)];
          if (Array.isArray(frame) || !old) {
            next[Number(i)] = frame;
          } else {
            // a frame's local names that changed only: {label?, n, set: {index: local}}
            const locals = old[1].slice(0, frame.n);
            for (const [j, local] of Object.entries(frame.set || {})) locals[Number(j)] = local;
            next[Number(i)] = [frame.label === undefined ? old[0] : frame.label, locals];
          }
        }
        arr[q] = next;
      } else {
        arr[q] = has ? d[f] : arr[q - 1];
      }
    }
    fields[f] = arr;
  }
  const varDeltas = deltas.map((d) => (d && d.vars) || null);
  const noteDeltas = deltas.map((d) => (d && d.notes) || null);
  const P = {
    stat, headers, fields, varDeltas, noteDeltas,
    vhist: histories(panels.base && panels.base.vars, varDeltas),
    nhist: histories(panels.base && panels.base.notes, noteDeltas),
    shown: {}, lines: [], codeLines: [], rows: {}, outs: {}, current: null, codeCurrent: null,
    firstOut: Infinity,
  };
  st.P = P;

  const narr = el("div", "bpx-narr");
  const error = el("p", "bpx-error");
  error.hidden = true;
  P.narr = narr;
  P.error = error;

  // left: the program
  const left = el("section", "bpx-col bpx-col-program");
  left.append(heading("h3", headers.program || "Program"));
  const progBox = el("div", "bpx-codebox bpx-programbox");
  progBox.tabIndex = 0; // scrollable: reachable by keyboard
  const pre = el("pre", "bpx-pre bpx-program");
  const inner = el("code", "bpx-lines");
  const widest = program.reduce((m, line) => Math.max(m, line.length), 0);
  inner.style.setProperty("--bpx-src-ch", String(Math.min(widest, 56)));
  program.forEach((text, i) => {
    const line = el("span", "bpx-line");
    const gut = el("span", "bpx-gut", "");
    gut.setAttribute("aria-hidden", "true");
    const ln = el("span", "bpx-ln", String(i + 1));
    ln.setAttribute("aria-hidden", "true");
    const src = el("span", "bpx-src", text);
    const note = el("span", "bpx-note", "");
    line.append(gut, ln, src, note);
    const outs = el("span", "bpx-outs");
    outs.hidden = true;
    inner.append(line, outs);
    line.bpxRow = i;
    line.bpxMeasure = () => i > P.firstOut;
    P.lines.push({ line, gut, src, note, outs, text, mark: "", cur: false, span: null, noteText: "", outText: "" });
  });
  pre.appendChild(inner);
  progBox.appendChild(pre);
  left.appendChild(progBox);
  watchBox(progBox, null);
  P.progBox = progBox;

  // right: the step's code and its frames, or (step 06) the chain rule
  const right = el("section", "bpx-col bpx-col-side");
  const chainSection = el("section", "bpx-chain-section");
  const chainBox = el("div", "bpx-chain");
  P.chainBox = chainBox;
  P.chainSection = chainSection;
  chainSection.append(heading("h3", headers.chain || "Chain rule"), chainBox);
  if (Array.isArray(stat.code)) {
    right.append(heading("h3", headers.code || "Code"));
    const codeBox = el("div", "bpx-codebox bpx-stepcode");
    codeBox.tabIndex = 0;
    const cpre = el("pre", "bpx-pre");
    const cinner = el("code", "bpx-lines");
    const first = Number(stat.code_first) || 1;
    stat.code.forEach((text, i) => {
      const line = el("span", "bpx-line");
      const ln = el("span", "bpx-ln", String(first + i));
      ln.setAttribute("aria-hidden", "true");
      line.append(ln, el("span", "bpx-src", text));
      cinner.appendChild(line);
      line.bpxRow = i;
      P.codeLines.push(line);
    });
    P.codeFirst = first;
    cpre.appendChild(cinner);
    codeBox.appendChild(cpre);
    right.appendChild(codeBox);
    watchBox(codeBox, null);
    P.codeBox = codeBox;
    right.append(heading("h4", headers.frames || "Frames"));
    P.framesBox = el("div", "bpx-frames");
    right.appendChild(P.framesBox);
  } else {
    right.appendChild(chainSection);
  }
  const cols = el("div", "bpx-cols");
  cols.append(left, right);

  // the variables table
  const varsSection = el("section", "bpx-vars-section");
  varsSection.append(heading("h3", headers.vars || "Variables"));
  const wrap = el("div", "bpx-tablewrap");
  wrap.tabIndex = 0;
  const table = el("table", "bpx-vars");
  const thead = el("thead");
  const htr = el("tr");
  const columns = stat.columns || [];
  columns.forEach((c) => {
    const th = el("th", "", c);
    th.scope = "col";
    htr.appendChild(th);
  });
  thead.appendChild(htr);
  const tbody = el("tbody");
  const ncol = Math.max(3, columns.length);
  for (const id of stat.rows || []) {
    const tr = el("tr");
    const cells = [];
    for (let k = 0; k < ncol; k++) {
      const cell = k === 0 ? el("th", "bpx-c-name") : el("td", `bpx-c-${["", "data", "grad", "gen"][k] || k}`);
      if (k === 0) cell.scope = "row";
      tr.appendChild(cell);
      cells.push(cell);
    }
    tbody.appendChild(tr);
    P.rows[id] = { tr, cells, key: null };
  }
  table.append(thead, tbody);
  wrap.appendChild(table);
  varsSection.appendChild(wrap);
  P.ncol = ncol;

  box.append(narr, error, cols, varsSection);
  watchSkipped(st, cols);
  progBox.bpxSection = cols;
  if (P.codeBox) P.codeBox.bpxSection = cols;
  if (Array.isArray(stat.code)) box.appendChild(chainSection);
}

function showPanels(st, from, p) {
  const P = st.P;
  if (!P) return;
  const f = P.fields;
  const all = from === null;
  const changed = (name) => all || f[name][p] !== f[name][from];
  if (changed("progress")) showProgress(st, f.progress[p]);
  if (changed("narr")) showNarr(P, f.narr[p]);
  if (changed("error")) {
    const e = f.error[p];
    P.error.hidden = !e;
    setTxt(P.error, e || "");
    P.narr.hidden = !!e; // the error box says it: the same sentence once, not twice
  }
  if (changed("at") || changed("stmt")) showProgram(st, f.at[p], f.stmt[p]);
  const notes = changedIds(P.noteDeltas, from, p, false);
  for (const line of notes || Object.keys(P.nhist)) {
    const entry = P.lines[Number(line) - 1];
    if (!entry) continue;
    const text = valueAt(P.nhist[line], p);
    const note = text ? `# ${text}` : "";
    if (entry.noteText !== note) {
      entry.noteText = note;
      entry.note.textContent = note;
    }
  }
  if (changed("out")) showOut(P, f.out[p]);
  if (P.codeBox && changed("code_at")) showCodeAt(st, f.code_at[p]);
  if (P.framesBox && changed("frames")) showFrames(P, f.frames[p]);
  // a row shows its values at p and (highlights) at p - 1: `true` adds the rows changed at
  // the lower position too
  const rows = changedIds(P.varDeltas, from, p, true);
  for (const id of rows || Object.keys(P.rows)) showRow(P, id, p);
  if (changed("chain")) showChain(P, f.chain[p]);
}

function showProgress(st, progress) {
  const [text, fraction] = progress || ["", 0];
  setTxt(st.progressText, text);
  const pct = Math.round(clamp(fraction, 0, 1) * 100);
  st.bar.setAttribute("aria-valuenow", String(pct));
  st.bar.setAttribute("aria-valuetext", text);
  st.fill.style.transform = `scaleX(${clamp(fraction, 0, 1)})`;
}

function showNarr(P, narr) {
  const parts = [];
  for (const [kind, text] of narr || []) {
    if (kind === "n") { parts.push(el("br")); continue; }
    const tag = { c: "code", b: "strong", w: "span", ok: "span" }[kind];
    if (!tag) { parts.push(document.createTextNode(text)); continue; }
    parts.push(el(tag, { c: "bpx-code", b: "", w: "bpx-warn", ok: "bpx-ok" }[kind], text));
  }
  P.narr.replaceChildren(...parts);
}

function showProgram(st, at, stmt) {
  const P = st.P;
  const [line, done, c0, c1, failed] = at || [0, false, -1, -1, false];
  const sol = P.stat.stmt_of_line || [];
  const running = typeof stmt === "number" ? stmt : -1;
  for (let i = 0; i < P.lines.length; i++) {
    const entry = P.lines[i];
    const s = sol[i] === undefined ? -1 : sol[i];
    const isDone = s >= 0 && (s < running || (s === running && !!done));
    const cur = i + 1 === line;
    const stopped = cur && !!failed; // Python stopped on this line with an exception
    const mark = stopped ? "✗" : cur ? (isDone ? "✓" : "▶") : (isDone ? "✓" : "");
    if (entry.mark !== mark) {
      entry.gut.textContent = mark;
      entry.mark = mark;
    }
    const cls = `bpx-line${isDone ? " bpx-done" : ""}${cur ? " bpx-current" : ""}${stopped ? " bpx-failed" : ""}`;
    setCls(entry.line, cls);
    if (cur !== entry.cur) {
      entry.cur = cur;
      if (cur) entry.line.setAttribute("aria-current", "step");
      else entry.line.removeAttribute("aria-current");
    }
    const span = cur ? `${c0},${c1}` : null;
    if (span !== entry.span) {
      entry.span = span;
      const text = entry.text;
      if (span === null) {
        entry.src.className = "bpx-src";
        entry.src.textContent = text;
      } else if (c0 < 0 || c1 <= c0) {
        entry.src.className = "bpx-src bpx-run-all";
        entry.src.textContent = text;
      } else {
        entry.src.className = "bpx-src";
        const run = el("mark", "bpx-run", text.slice(c0, c1));
        entry.src.replaceChildren(document.createTextNode(text.slice(0, c0)), run, document.createTextNode(text.slice(c1)));
      }
    }
  }
  if (line > 0) scrollIntoBox(st, P.progBox, P.lines[line - 1] && P.lines[line - 1].line);
}

function showOut(P, out) {
  const by = {};
  P.firstOut = Infinity;
  for (const [line, text] of out || []) {
    (by[line] || (by[line] = [])).push(text);
    P.firstOut = Math.min(P.firstOut, line - 1);
  }
  P.lines.forEach((entry, i) => {
    const texts = by[i + 1];
    const joined = texts ? texts.join("\n") : "";
    if (entry.outText === joined) return;
    entry.outText = joined;
    entry.outs.hidden = !texts;
    const label = el("span", "bpx-sr", `${P.headers.output || "Output"}: `);
    entry.outs.replaceChildren(label, ...(texts || []).map((t) => el("span", "bpx-out", t)));
  });
}

function showCodeAt(st, codeAt) {
  const P = st.P;
  const [line, kind] = codeAt || [0, "line"];
  const idx = line ? line - P.codeFirst : -1;
  const next = idx >= 0 && idx < P.codeLines.length ? P.codeLines[idx] : null;
  if (P.codeCurrent && P.codeCurrent !== next) {
    P.codeCurrent.className = "bpx-line";
    P.codeCurrent.removeAttribute("aria-current");
  }
  if (next) {
    next.className = `bpx-line bpx-current bpx-k-${kind || "line"}`;
    next.setAttribute("aria-current", "step");
    scrollIntoBox(st, P.codeBox, next);
  }
  P.codeCurrent = next;
}

function showFrames(P, frames) {
  const boxes = [];
  (frames || []).forEach(([label, locals], i, list) => {
    const frame = el("div", `bpx-frame${i === list.length - 1 ? " bpx-frame-top" : ""}`);
    frame.appendChild(el("div", "bpx-frame-label", label));
    if (locals && locals.length) {
      const table = el("table", "bpx-locals");
      const body = el("tbody");
      for (const [name, text, cls] of locals) {
        const tr = el("tr", cls ? `bpx-${cls}` : "");
        const th = el("th", "", name);
        th.scope = "row";
        tr.append(th, el("td", "", text));
        body.appendChild(tr);
      }
      table.appendChild(body);
      frame.appendChild(table);
    }
    boxes.push(frame);
  });
  if (!boxes.length) boxes.push(el("p", "bpx-empty", "—"));
  P.framesBox.replaceChildren(...boxes);
}

function fillStruck(cell, text, strike) {
  // lines starting with "~" are struck out (with `strike`, the whole cell if none is)
  const lines = String(text).split("\n");
  const marked = lines.some((l) => l.startsWith("~"));
  if (!marked && !strike) { cell.textContent = text; return; }
  const parts = [];
  lines.forEach((l, j) => {
    if (j) parts.push(document.createTextNode("\n"));
    if (l.startsWith("~") || (strike && !marked)) parts.push(el("s", "", l.startsWith("~") ? l.slice(1) : l));
    else parts.push(document.createTextNode(l));
  });
  cell.replaceChildren(...parts);
}

function showRow(P, id, p) {
  const row = P.rows[id];
  if (!row) return;
  const v = valueAt(P.vhist[id], p);
  const prev = p > 0 ? valueAt(P.vhist[id], p - 1) : undefined;
  const cls = v ? v[4] || "" : "grey";
  const key = v ? `${v.join("\u0001")}|${cls === "changed" && prev ? prev.join("\u0001") : ""}` : "";
  if (row.key === key) return;
  row.key = key;
  setCls(row.tr, cls ? `bpx-${cls}` : "");
  let any = false;
  for (let k = 0; k < P.ncol; k++) {
    const cell = row.cells[k];
    const text = v && v[k] !== null && v[k] !== undefined ? String(v[k]) : "";
    if (k === 2) fillStruck(cell, text, cls === "struck");
    else cell.textContent = text;
    const hot = cls === "changed" && k > 0 && (!prev || prev[k] !== (v && v[k]));
    any = any || hot;
    cell.classList.toggle("bpx-hot", hot);
  }
  if (cls === "changed" && !any) row.cells[0].classList.add("bpx-hot");
}

function factorMath(factor, d) {
  const [kind, a, b, slot] = factor;
  if (kind === "p") {
    const num = mel("mrow");
    num.append(mel("mi", d === "∂" ? "∂" : "d", { mathvariant: "normal" }), mel("mi", a));
    const den = mel("mrow");
    // one variable in two slots of a function (add(x, x)): each slot is its own x₀, x₁
    const input = slot === undefined ? mel("mi", b) : mel("msub");
    if (slot !== undefined) input.append(mel("mi", b), mel("mn", String(slot)));
    den.append(mel("mi", d === "∂" ? "∂" : "d", { mathvariant: "normal" }), input);
    const frac = mel("mfrac");
    frac.append(num, den);
    return [frac];
  }
  // C′(b): a text prime (an <msup> needs a math font for it to look right)
  const tight = { lspace: "0", rspace: "0", stretchy: "false" };
  return [mel("mi", a), mel("mo", "′", { ...tight, form: "postfix" }), mel("mo", "(", tight),
    mel("mi", b), mel("mo", ")", tight)];
}

function showChain(P, chain) {
  const box = P.chainBox;
  const shape = P.stat && P.stat.chain;
  if (shape && chain) {
    // the structure is static (sent once); each position brings its numbers only
    chain = { d: shape.d, rows: shape.rows.map((row, i) => ({ ...row, ...(chain.rows[i] || {}) })) };
  }
  const hasChain = !!(chain && chain.rows && chain.rows.length);
  P.chainSection.hidden = !hasChain;
  if (!hasChain) { box.replaceChildren(); P.chainSig = null; return; }
  const d = chain.d || "d";
  const sig = shape ? "static" : JSON.stringify([d, chain.rows.map((r) => [r.lhs, r.terms, r.more, (r.values || []).map((v) => v.length)])]);
  if (sig !== P.chainSig) {
    // the structure: built when it changes; the values below are updated in place
    P.chainSig = sig;
    P.chainRows = [];
    const rows = chain.rows.map((row) => {
      const div = el("div", "bpx-chain-row");
      const m1 = mel("math", null, { display: "block" });
      const r1 = mel("mrow");
      const lhs = mel("mfrac");
      const num = mel("mrow");
      num.append(mel("mi", d, { mathvariant: "normal" }), mel("mi", row.lhs[0]));
      const den = mel("mrow");
      den.append(mel("mi", d, { mathvariant: "normal" }), mel("mi", row.lhs[1]));
      lhs.append(num, den);
      r1.append(lhs, mel("mo", "="));
      (row.terms || []).forEach((term, t) => {
        if (t) r1.append(mel("mo", "+"));
        term.forEach((factor, j) => {
          if (j) r1.append(mel("mo", "·"));
          r1.append(...factorMath(factor, d));
        });
      });
      if (row.more) r1.append(mel("mo", "+"), mel("mi", "⋯", { mathvariant: "normal" }), mel("mtext", ` (+${row.more})`));
      m1.appendChild(r1);
      const m2 = mel("math", null, { display: "block" });
      const r2 = mel("mrow");
      r2.append(mel("mo", "="));
      const cells = [];
      (row.values || []).forEach((vals, t) => {
        if (t) r2.append(mel("mo", "+"));
        vals.forEach((_, j) => {
          if (j) r2.append(mel("mo", "·"));
          const cell = mel("mn", "?");
          r2.appendChild(cell);
          cells.push(cell);
        });
      });
      if (row.more) r2.append(mel("mo", "+"), mel("mi", "⋯", { mathvariant: "normal" }));
      r2.append(mel("mo", "="));
      const result = mel("mn", "?");
      r2.appendChild(result);
      // where this step's code put another number in x.grad (13, 14): "≠ x.grad = 96"
      const differs = mel("mrow", null, { class: "bpx-differs" });
      const differsValue = mel("mn", "");
      differs.append(mel("mo", "≠"), mel("mi", `${row.lhs[1]}.grad`), mel("mo", "="), differsValue);
      differs.style.display = "none";
      r2.appendChild(differs);
      m2.appendChild(r2);
      div.append(m1, m2);
      P.chainRows.push({ cells, result, differs, differsValue });
      return div;
    });
    box.replaceChildren(...rows);
  }
  chain.rows.forEach((row, i) => {
    const built = P.chainRows[i];
    const flat = (row.values || []).flat();
    flat.forEach((v, j) => setValue(built.cells[j], v));
    setValue(built.result, row.result);
    const differs = row.grad !== null && row.grad !== undefined;
    if (differs) setTxt(built.differsValue, String(row.grad));
    built.differs.style.display = differs ? "" : "none";
  });
}

function setValue(node, v) {
  if (!node) return;
  const known = v !== null && v !== undefined;
  setTxt(node, known ? String(v) : "?");
  node.classList.toggle("bpx-unknown", !known);
}

function watchSkipped(st, section) {
  // content-visibility: auto skips an off-screen section's layout and paint; its running
  // lines are scrolled into view once it shows
  section.addEventListener("contentvisibilityautostatechange", (e) => {
    section.bpxSkipped = e.skipped;
    if (e.skipped) return;
    for (const box of section.querySelectorAll(".bpx-codebox")) {
      if (box.bpxLine) scrollIntoBox(st, box, box.bpxLine);
      box.bpxLine = null;
    }
  });
}

function watchBox(box, section) {
  // a code box's height and scroll position, kept here: a move reads no layout to decide
  // whether its running line is in view
  box.bpxSection = section;
  box.bpxTop = 0;
  box.addEventListener("scroll", () => { box.bpxTop = box.scrollTop; }, { passive: true });
  new ResizeObserver((entries) => { box.bpxH = entries[entries.length - 1].contentRect.height; }).observe(box);
}

function scrollIntoBox(st, box, line) {
  // the running line is scrolled into view inside its own box, never the page; in the next
  // frame's callbacks, reading layout only to measure a line once or to scroll
  if (!box || !line) return;
  (st.scrollWanted || (st.scrollWanted = new Map())).set(box, line);
  if (st.scrollPending) return;
  st.scrollPending = true;
  requestAnimationFrame(() => {
    st.scrollPending = false;
    const wanted = st.scrollWanted;
    st.scrollWanted = new Map();
    for (const [b, l] of wanted) {
      if (!l.isConnected) continue;
      if (b.bpxSection && b.bpxSection.bpxSkipped) {
        b.bpxLine = l; // off screen: done when it shows
        continue;
      }
      if (!b.bpxLineH) {
        const first = b.querySelector(".bpx-line");
        const r = first ? first.getBoundingClientRect() : null;
        b.bpxLineH = r ? r.height : 0; // fractional: offsetHeight's rounding adds up
        b.bpxPad = r ? r.top - b.getBoundingClientRect().top - b.clientTop + b.scrollTop : 0;
        b.bpxH = b.clientHeight;
        b.bpxTop = b.scrollTop;
        if (!b.bpxLineH) continue;
      }
      const h = b.bpxLineH, view = b.bpxH || 0;
      // printed lines above it shift it: then it is measured
      const top = l.bpxMeasure && l.bpxMeasure()
        ? l.getBoundingClientRect().top - b.getBoundingClientRect().top - b.clientTop + b.scrollTop
        : b.bpxPad + l.bpxRow * h;
      if (top < b.bpxTop || top + h > b.bpxTop + view) {
        // a third of the box above it, whole lines only
        const target = Math.max(0, top - Math.floor(view / 3 / h) * h);
        b.scrollTop = target;
        b.bpxTop = b.scrollTop;
      }
    }
  });
}

// -- one position on screen: the graph, the live sentence and every panel, together ---------------
function say(st, p) {
  // the live sentence: the progress and the narration's first line, as plain text
  const f = st.P && st.P.fields;
  if (!f) return "";
  const progress = (f.progress[p] || [""])[0];
  const first = [];
  for (const [kind, text] of f.narr[p] || []) {
    if (kind === "n") break;
    first.push(text);
  }
  return first.length ? `${progress} · ${first.join("")}` : progress;
}

function show(st, p, animate) {
  finishAnim(st);
  const from = st.shown;
  const anim = animate ? st.anims[p] : null;
  const hold = new Set((anim && anim.hold) || []);
  applyGraph(st, p, changedIds(st.frames.deltas, from, p, false), hold);
  setTxt(st.live, say(st, p));
  showPanels(st, from, p);
  st.shown = p;
  st.root.dataset.pos = String(p);
  if (anim) runAnim(st, anim, p);
  place(st, true);
}

// -- stepping ------------------------------------------------------------------------------------
function animationOn(st) {
  const reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  return !!(st.data && st.data.anim) && !reduced;
}

function go(st, target, send = true) {
  // send: a press (the server is told later); else the server moved and the element follows
  if (!st.frames) return false;
  const total = st.total;
  target = clamp(target, 0, total);
  if (send && target > st.pos && st.data) target = Math.max(st.pos, Math.min(target, st.data.max_step ?? total));
  if (target === st.pos && st.shown === target) return false;
  const forward = target === st.pos + 1;
  st.pos = target;
  show(st, target, forward && send && animationOn(st));
  scheduleUrl(st);
  syncButtons(st);
  if (send) scheduleReport(st);
  markSync(st);
  return true;
}

function cancelReport(st) {
  clearTimeout(st.timer);
  st.timer = null;
}

function scheduleReport(st) {
  cancelReport(st);
  st.timer = setTimeout(() => report(st), IDLE_MS);
}

function report(st, session) {
  // session: a new session's id, when the report is the screen's position told again to it
  // (the value then differs from the one the page sent before, so the server acts on it)
  cancelReport(st);
  if (st.pos === st.sent) return;
  st.sent = st.pos;
  const value = { step: st.pos, lesson: st.lesson };
  if (session !== undefined) value.session = session;
  st.setStateValue("pos", value);
  st.tries = 0;
  awaitAnswer(st);
}

function awaitAnswer(st) {
  // A report sent while the server is gone (killed, restarting, a network drop) is lost, and
  // Streamlit does not send it again when the page reconnects. Unanswered (no run at this
  // step came back), it is sent again, with `again` so the value differs from the last.
  clearTimeout(st.answerTimer);
  st.answerTimer = setTimeout(() => {
    if (st.serverStep === st.sent || st.pos !== st.sent || !st.root.isConnected) return;
    st.tries += 1;
    st.setStateValue("pos", { step: st.sent, lesson: st.lesson, again: st.tries });
    awaitAnswer(st);
  }, Math.min(ANSWER_MS * 2 ** (st.tries || 0), 30000));
}

function scheduleUrl(st) {
  // the address bar is rewritten one frame after the move is drawn: history.replaceState
  // saves the page's scroll state, which lays the page out; at the next frame's start that
  // layout is already made (in the key's handler it cost ~5 ms here). Once a frame at most.
  if (document.hidden) { writeUrl(st, st.pos); return; } // no frames in a hidden tab
  if (st.urlPending) return;
  st.urlPending = true;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    st.urlPending = false;
    writeUrl(st, st.pos);
  }));
}

function writeUrl(st, p) {
  const name = st.data && st.data.url;
  if (!name) return;
  const search = location.search.replace(/^\?/, "");
  const parts = search ? search.split("&") : [];
  const value = `${encodeURIComponent(name)}=${p}`;
  let found = false;
  const out = [];
  for (const part of parts) {
    let k = part.split("=")[0];
    try { k = decodeURIComponent(k.replace(/\+/g, " ")); } catch (e) { /* kept as is */ }
    if (k === name) {
      if (!found) out.push(value);
      found = true;
    } else out.push(part);
  }
  if (!found) out.push(value);
  const url = `${location.pathname}?${out.join("&")}${location.hash}`;
  if (url === location.pathname + location.search + location.hash) return;
  // Chromium ignores history calls past 200 in 10 s: past a budget, the last one waits
  const now = performance.now();
  st.urlTimes = st.urlTimes.filter((t) => now - t < 10000);
  clearTimeout(st.urlTimer);
  if (st.urlTimes.length >= URL_BUDGET) {
    st.urlTimer = setTimeout(() => writeUrl(st, st.pos), 10000 - (now - st.urlTimes[0]) + 10);
    return;
  }
  st.urlTimes.push(now);
  history.replaceState(history.state, "", url);
}

function syncButtons(st) {
  // Streamlit's own step buttons, as the server would draw them at this position
  if (!st.frames) return;
  const total = st.total;
  const max = Math.min(total, st.data && st.data.max_step !== undefined ? st.data.max_step : total);
  const off = { back: st.pos === 0, home: st.pos === 0, next: st.pos >= max, end: st.pos >= total };
  for (const [key, act] of Object.entries(BUTTONS)) {
    const button = document.querySelector(`.st-key-${key} button`);
    if (button && button.disabled !== off[act]) button.disabled = off[act];
  }
}

function act(st, what) {
  const target = { next: st.pos + 1, back: st.pos - 1, home: 0, end: st.total }[what];
  const moved = go(st, target);
  if (!moved && (what === "next" || what === "end")) askPrediction(st);
  return moved;
}

function askPrediction(st) {
  // predict mode: → stops before a grad is revealed. The question may be below the fold (on
  // a projector, always): bring it into view and put the cursor in its field, so that a key,
  // or a presenter's clicker, never seems to do nothing
  const max = st.data && st.data.max_step;
  if (max === undefined || max === null || st.pos < max || max >= st.total) return;
  const field = document.querySelector(".st-key-prediction input");
  if (!field) return;
  field.scrollIntoView({ block: "center", behavior: animationOn(st) ? "smooth" : "auto" });
  field.focus({ preventScroll: true });
}

// -- animation -----------------------------------------------------------------------------------
function runAnim(st, anim, pos) {
  const legs = [];
  for (const [edgeId, reverse, text, phase] of anim.legs || []) {
    const edge = st.items[edgeId];
    if (!edge || !edge.path) continue;
    legs.push({ edge, reverse: !!reverse, text: String(text ?? ""), phase: Number(phase) || 0 });
  }
  const appear = (anim.appear || []).map((id) => st.items[id]).filter(Boolean);
  const hold = anim.hold || [];
  if (!legs.length && !appear.length) {
    st.anim = { pos, hold };
    finishAnim(st);
    return;
  }
  st.root.dataset.animating = "1";
  for (const item of appear) item.g.classList.add("bpx-appear");
  const phases = [...new Set(legs.map((l) => l.phase))].sort();
  const slot = ANIM_MS / Math.max(1, phases.length);
  const size = st.fontPx;
  for (const leg of legs) {
    const token = document.createElementNS(SVG_NS, "g");
    token.setAttribute("class", "bpx-token");
    token.style.display = "none";
    const rect = document.createElementNS(SVG_NS, "rect");
    const text = document.createElementNS(SVG_NS, "text");
    text.setAttribute("text-anchor", "middle");
    text.setAttribute("dominant-baseline", "central");
    text.setAttribute("font-size", String(size));
    styleText(text);
    text.textContent = leg.text;
    // Courier: 0.6 em a character (no getBBox: it would wait for a layout)
    const w = leg.text.length * 0.6 * size, h = 1.2 * size;
    rect.setAttribute("x", String(-w / 2 - 4));
    rect.setAttribute("y", String(-h / 2 - 2));
    rect.setAttribute("width", String(w + 8));
    rect.setAttribute("height", String(h + 4));
    rect.setAttribute("rx", "4");
    token.append(rect, text);
    if (!leg.text) token.setAttribute("class", "bpx-token bpx-dot");
    st.layer.appendChild(token);
    leg.token = token;
    leg.k = phases.indexOf(leg.phase);
  }
  const start = performance.now();
  const state = { pos, hold, legs, appear, frame: null, timer: null };
  st.anim = state;
  const tick = (now) => {
    const t = now - start;
    for (const leg of legs) {
      const u = (t - leg.k * slot) / slot;
      if (u < 0 || u > 1) {
        if (leg.token.style.display !== "none") leg.token.style.display = "none";
        continue;
      }
      if (leg.token.style.display === "none") leg.token.style.display = "";
      const pt = leg.edge.path.getPointAtLength(leg.edge.length * (leg.reverse ? 1 - u : u));
      leg.token.setAttribute("transform", `translate(${pt.x} ${pt.y})`);
    }
    if (t < ANIM_MS) state.frame = requestAnimationFrame(tick);
    else finishAnim(st);
  };
  if (legs.length) state.frame = requestAnimationFrame(tick);
  else state.timer = setTimeout(() => finishAnim(st), ANIM_MS);
}

function finishAnim(st) {
  // a press during an animation ends it at once: the graph shows its final state
  const anim = st.anim;
  if (!anim) return;
  st.anim = null;
  if (anim.frame) cancelAnimationFrame(anim.frame);
  if (anim.timer) clearTimeout(anim.timer);
  for (const leg of anim.legs || []) leg.token.remove();
  for (const item of anim.appear || []) item.g.classList.remove("bpx-appear");
  for (const id of anim.hold || []) {
    const v = valueAt(st.ghist[id], anim.pos);
    if (st.items[id] && v && v[0] !== null) setText(st.items[id], v[0]);
  }
  st.root.dataset.animating = "0";
}

// -- readable at any size: scale, follow the active nodes, zoom and pan ---------------------------------
function place(st, smooth) {
  if (!st.svg) return;
  const [gw, gh] = st.size;
  if (!st.vw) st.vw = st.view.clientWidth || 1;
  const vw = st.vw;
  const maxH = Math.max(240, Math.round(window.innerHeight * 0.72));
  const font = st.fontPx || 12;
  if (st.mode === "auto") {
    const whole = Math.min(vw / gw, maxH / gh, MAX_SCALE);
    const readable = READ_PX / font;
    st.scale = whole * font >= FIT_PX ? whole : Math.max(readable, Math.min(vw / gw, MAX_SCALE));
  }
  const vh = Math.min(maxH, Math.ceil(gh * st.scale) + 2);
  if (vh !== st.vh) st.view.style.height = `${vh}px`;
  st.vh = vh;
  if (st.mode !== "manual") follow(st, vw, vh);
  transform(st, smooth);
}

function follow(st, vw, vh) {
  const [gw, gh] = st.size;
  const s = st.scale;
  let cx = gw / 2, cy = gh / 2;
  const over = gw * s > vw || gh * s > vh;
  if (over && st.active.size) {
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    for (const id of st.active) {
      const b = st.items[id].box;
      left = Math.min(left, b.x); right = Math.max(right, b.x + b.width);
      top = Math.min(top, b.y); bottom = Math.max(bottom, b.y + b.height);
    }
    cx = (left + right) / 2 + st.offset[0];
    cy = (top + bottom) / 2 + st.offset[1];
  } else if (over && st.followed) {
    // a line that touched no node: the view stays where it is
    st.tx = clampPan(st.tx, vw, gw * s);
    st.ty = clampPan(st.ty, vh, gh * s);
    return;
  } else if (over) {
    cx = 0; cy = 0; // the start of the graph
  }
  st.followed = true;
  st.tx = clampPan(vw / 2 - cx * s, vw, gw * s);
  st.ty = clampPan(vh / 2 - cy * s, vh, gh * s);
}

function graphOffset(g) {
  // Graphviz draws inside <g class="graph" transform="... translate(4 H)">
  const m = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(g.getAttribute("transform") || "");
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

function clampPan(t, view, content) {
  if (content <= view) return (view - content) / 2;
  return Math.min(0, Math.max(view - content, t));
}

function transform(st, smooth) {
  const smoothOn = !!smooth && animationOn(st);
  if (smoothOn !== st.smooth) {
    st.graph.classList.toggle("bpx-smooth", smoothOn);
    st.smooth = smoothOn;
  }
  const css = `translate(${st.tx}px, ${st.ty}px) scale(${st.scale})`;
  if (css !== st.css) {
    st.graph.style.transform = css;
    st.css = css;
  }
  const scale = st.scale.toFixed(3);
  if (st.root.dataset.scale !== scale) st.root.dataset.scale = scale;
}

function zoom(st, factor, at) {
  if (!st.svg) return;
  const vw = st.vw || st.view.clientWidth, vh = st.vh || st.view.clientHeight;
  const [px, py] = at || [vw / 2, vh / 2];
  const s = Math.max(0.05, Math.min(8, st.scale * factor));
  st.tx = px - ((px - st.tx) * s) / st.scale;
  st.ty = py - ((py - st.ty) * s) / st.scale;
  st.scale = s;
  st.mode = "manual";
  const [gw, gh] = st.size;
  st.tx = clampPan(st.tx, vw, gw * s);
  st.ty = clampPan(st.ty, vh, gh * s);
  transform(st, false);
}

function fit(st) {
  if (!st.svg) return;
  const [gw, gh] = st.size;
  const vw = st.vw || st.view.clientWidth || 1, vh = st.vh || st.view.clientHeight || 1;
  st.scale = Math.min(vw / gw, vh / gh, MAX_SCALE);
  st.mode = "fit";
  st.tx = clampPan(0, vw, gw * st.scale);
  st.ty = clampPan(0, vh, gh * st.scale);
  transform(st, false);
}

function listenPointer(st) {
  const view = st.view;
  const pointers = new Map();
  view.addEventListener("pointerdown", (e) => {
    if (e.target.closest("button")) return;
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    view.setPointerCapture(e.pointerId);
    st.drag = { x: e.clientX, y: e.clientY, tx: st.tx, ty: st.ty, pinch: null };
  });
  view.addEventListener("pointermove", (e) => {
    if (!pointers.has(e.pointerId) || !st.drag) return;
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    const [gw, gh] = st.size;
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      const rect = view.getBoundingClientRect();
      if (st.drag.pinch) zoom(st, d / st.drag.pinch, [(a[0] + b[0]) / 2 - rect.left, (a[1] + b[1]) / 2 - rect.top]);
      st.drag.pinch = d;
      return;
    }
    st.mode = "manual";
    st.tx = clampPan(st.drag.tx + e.clientX - st.drag.x, st.vw, gw * st.scale);
    st.ty = clampPan(st.drag.ty + e.clientY - st.drag.y, st.vh, gh * st.scale);
    transform(st, false);
  });
  const end = (e) => {
    pointers.delete(e.pointerId);
    if (!pointers.size) st.drag = null;
  };
  view.addEventListener("pointerup", end);
  view.addEventListener("pointercancel", end);
  view.addEventListener("wheel", (e) => {
    // a pinch on a touchpad (ctrlKey), or the wheel once the graph has the focus
    if (!e.ctrlKey && document.activeElement !== view) return;
    e.preventDefault();
    const rect = view.getBoundingClientRect();
    zoom(st, Math.exp(-e.deltaY / 300), [e.clientX - rect.left, e.clientY - rect.top]);
  }, { passive: false });
}

function reportWidth(st) {
  // below 600 px the server lays the graph out vertically (a second layout, once)
  if (!st.setStateValue || !st.data || !st.width) return;
  const narrow = st.width < NARROW_PX;
  const shown = st.data.rankdir === "TB";
  if (narrow !== shown && st.narrowSent !== narrow) {
    st.narrowSent = narrow;
    st.setStateValue("narrow", narrow);
  }
}

// -- keys and Streamlit's step buttons: one listener each for the page ---------------------------------
function live() {
  const root = document.querySelector(".bpx-root");
  return root && root.isConnected && root.bpx && root.bpx.frames ? root.bpx : null;
}

function typing(target) {
  if (!(target instanceof Element)) return false;
  if (target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) return true;
  return IGNORED_ROLES.includes(target.getAttribute("role"));
}

function writing(target) {
  // a field that takes text (not a radio or a checkbox, which are inputs too)
  if (!(target instanceof Element)) return false;
  const field = "textarea, select, [contenteditable=''], [contenteditable='true'], " +
    "input:not([type=radio]):not([type=checkbox]):not([type=button])";
  return !!target.closest(field);
}

function installGlobalListeners() {
  if (window.__bpxListening) return;
  window.__bpxListening = true;
  // capture phase on window: before Streamlit's own shortcuts of the step buttons
  window.addEventListener("keydown", (e) => {
    const st = live();
    if (!st || e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
    // a presenter's clicker sends PageDown / PageUp (some send → ← or Space): on a projector
    // they step wherever the focus is (a button, a radio the teacher clicked), but in a text
    // field, where they move the caret
    const clicker = { PageDown: "next", PageUp: "back" };
    if (st.data && st.data.projector && clicker[e.key] && !writing(e.target)) {
      e.preventDefault();
      e.stopImmediatePropagation();
      act(st, clicker[e.key]);
      return;
    }
    if (typing(e.target)) return;
    const keys = { ArrowRight: "next", ArrowLeft: "back", Home: "home", End: "end" };
    const onButton = e.target instanceof Element && e.target.closest("button, a, summary");
    if (st.data && st.data.projector && !onButton) keys[" "] = "next";  // Space presses a button
    if (keys[e.key]) {
      e.preventDefault();
      e.stopImmediatePropagation();
      act(st, keys[e.key]);
    } else if (e.key === "+" || e.key === "=") {
      zoom(st, ZOOM_STEP);
    } else if (e.key === "-" || e.key === "_" || e.key === "−") {
      zoom(st, 1 / ZOOM_STEP);
    } else if (e.key === "0") {
      fit(st);
    }
  }, true);
  // a mouse click on a choice (the book's step, the view, a tab) leaves no focus on it: then
  // → steps the lesson, as the page says, instead of moving among the choices (a keyboard
  // user, whose click has no detail, keeps the focus there)
  window.addEventListener("click", (e) => {
    if (!live() || !(e.target instanceof Element) || e.detail === 0) return;
    const choice = e.target.closest("[role=radio], [role=tab], [role=option]");
    if (choice) setTimeout(() => { if (document.activeElement === choice) choice.blur(); }, 0);
  }, true);  // capture: Streamlit's buttons stop the click before it reaches the window
  // Back / Forward move the address bar to another link, without a new page: open it, so
  // that the screen is what the link says (a link always reproduces the screen)
  window.addEventListener("popstate", () => {
    if (live()) location.reload();
  });
  window.addEventListener("click", (e) => {
    const st = live();
    if (!st || !(e.target instanceof Element)) return;
    const button = e.target.closest("button");
    if (!button || button.disabled) return;
    for (const [key, what] of Object.entries(BUTTONS)) {
      if (!button.closest(`.st-key-${key}`)) continue;
      const target = { next: st.pos + 1, back: st.pos - 1, home: 0, end: st.total }[what];
      const max = st.data && st.data.max_step !== undefined ? st.data.max_step : st.total;
      if (what === "end" && max < st.total && st.pos < st.total) {
        // predict mode: Run to end is the server's (it says how many predictions it skips);
        // it knows where we are first
        report(st);
        return;
      }
      e.preventDefault();
      e.stopImmediatePropagation();
      go(st, target);
      return;
    }
  }, true);
}
