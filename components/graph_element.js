// The lesson's graph element (Streamlit components v2, in the page, no iframe).
//
// The server sends ONE Graphviz SVG and every state of the timeline (graph_frames.py:
// per position, {id: [text, class]} as differences from the previous position). The
// element steps itself: → ← (Space on a projector), Home, End and the Streamlit step
// buttons change only label texts and class names, so no node can move. The position goes
// back to Python with setStateValue("pos", ...) after a short idle pause: a burst of presses
// becomes one update; the run it starts sends no frames (the element holds them). The
// panels under the graph, drawn by the page for every position, show the element's own
// (showPanels). User text goes into the page with textContent only; the SVG (drawn by
// Graphviz from escaped DOT) is parsed as SVG by DOMParser.

const IDLE_MS = 300; // a burst of presses ends after this pause: then one update to Python
const ANIM_MS = 450; // one call's animation
const FIT_PX = 11.5; // the whole graph is shown if its text is at least this big on screen
const READ_PX = 13; // else the view follows the call, with text this big
const MAX_SCALE = 1.6; // the largest fitted scale (a short chain on a wide screen)
const ZOOM_STEP = 1.25;
const NARROW_PX = 600; // below: the vertical layout
const BUTTONS = { "st-key-next": "next", "st-key-back": "back", "st-key-run_end": "end", "st-key-reset": "home" };
const IGNORED_ROLES = ["tab", "radio", "option", "combobox", "slider", "listbox", "menuitem", "spinbutton", "textbox"];
const SVG_NS = "http://www.w3.org/2000/svg";
// The panels under the graph (components/follow.py) are drawn for every position; the
// element shows those of its own: data.panels.css is the rule, data.panels.find the
// selector of a position's places, with MARK where the position goes.
const MARK = "@STEP@";
const STEPPING = "bpx-stepping";
const FONTS = {
  Courier: 'Courier, "Courier New", "Liberation Mono", monospace',
  Times: 'Times, "Times New Roman", "Liberation Serif", serif',
};

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".bpx-root");
  if (!root) root = create(parentElement);
  const st = root.bpx;
  st.setStateValue = setStateValue;
  update(st, data);
  installGlobalListeners();
}

// -- the element ------------------------------------------------------------------------
function create(parent) {
  const root = document.createElement("div");
  root.className = "bpx-root";
  const bar = document.createElement("div");
  bar.className = "bpx-toolbar";
  const view = document.createElement("div");
  view.className = "bpx-view";
  view.tabIndex = 0;
  view.setAttribute("role", "group");
  const graph = document.createElement("div");
  graph.className = "bpx-graph";
  view.appendChild(graph);
  const live = document.createElement("p");
  live.className = "bpx-live";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  root.append(bar, view, live);
  parent.appendChild(root);
  const st = {
    root, bar, view, graph, live, key: null, chain: null, pos: 0, sent: 0, serverStep: null,
    timer: null, seq: null, anim: null, items: {}, states: [], svg: null, size: [1, 1],
    scale: 1, tx: 0, ty: 0, mode: "auto", data: null, narrowSent: null, drag: null,
    needed: null,
  };
  root.bpx = st;
  for (const [name, act] of [["zoom_out", () => zoom(st, 1 / ZOOM_STEP)],
    ["zoom_in", () => zoom(st, ZOOM_STEP)], ["fit", () => fit(st)]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `bpx-${name}`;
    button.addEventListener("click", act);
    bar.appendChild(button);
  }
  bar.querySelector(".bpx-zoom_out").textContent = "−";
  bar.querySelector(".bpx-zoom_in").textContent = "+";
  listenPointer(st);
  // the view's width is read here only: a press never forces the page's layout
  new ResizeObserver((entries) => {
    st.vw = entries[entries.length - 1].contentRect.width || st.vw;
    reportWidth(st);
    place(st, false);
  }).observe(view);
  return root;
}

function update(st, data) {
  st.data = data;
  if (st.seq === null) st.seq = data.seen || 0; // a fresh mount: the reports go on from there
  const labels = data.labels || {};
  st.view.setAttribute("aria-label", labels.graph || "");
  st.view.title = labels.keys || ""; // the keys, as a tooltip
  st.root.classList.toggle("bpx-projector", !!data.projector);
  for (const name of ["zoom_out", "zoom_in", "fit"]) {
    const button = st.bar.querySelector(`.bpx-${name}`);
    button.setAttribute("aria-label", labels[name] || name);
    button.title = labels[name] || name;
    if (name === "fit") button.textContent = labels.fit || "fit";
  }
  st.root.dataset.total = String(data.total);
  if (data.key !== st.key) {
    if (typeof data.frames !== "string") {
      // the server sends no frames to the element that reported holding them; a fresh mount
      // (the same lesson drawn again) has none: ask for them, once per key
      if (st.needed !== data.key) {
        st.needed = data.key;
        setTimeout(() => st.setStateValue("need", { key: data.key, at: Date.now() }), 0);
      }
      markSync(st);
      return;
    }
    const fresh = data.chain !== st.chain;
    build(st, JSON.parse(data.frames));
    st.key = data.key;
    st.chain = data.chain;
    if (fresh) {
      clearTimeout(st.timer);
      st.timer = null;
      st.pos = data.step;
      st.sent = data.step;
      st.serverStep = data.step;
      st.mode = "auto";
    }
    st.pos = Math.min(st.pos, st.states.length - 1);
    show(st, st.pos, false);
    if (!st.ready) {
      // the graph is on screen: now the page may draw the panels of every position (their
      // first drawing would have held the graph back), once per element
      st.ready = true;
      requestAnimationFrame(() => setTimeout(() => st.setStateValue("ready", data.key), 0));
    }
  }
  if (data.step !== st.serverStep && data.step !== st.sent && data.seen === st.seq) {
    // the server moved by itself (a call made by hand, a link, predict mode): follow it.
    // Not from a run that has not seen the latest report (data.seen, the number of the last
    // one it saw): on a slow server the answer to a report can come after the next one was
    // sent, and following it would take the graph back from where it was pressed to.
    clearTimeout(st.timer);
    st.timer = null;
    st.sent = data.step;
    go(st, data.step, false);
  }
  st.serverStep = data.step;
  showPanels(st, st.pos);
  syncButtons(st);
  reportWidth(st);
  markSync(st);
}

function markSync(st) {
  // "1" once the server shows the position the graph shows (tests and benchmarks wait on it)
  const synced = st.serverStep === st.pos ? "1" : "0";
  if (st.root.dataset.synced !== synced) st.root.dataset.synced = synced;
}

function build(st, frames) {
  finishAnim(st);
  const doc = new DOMParser().parseFromString(frames.svg, "image/svg+xml");
  const svg = document.importNode(doc.documentElement, true);
  const box = svg.viewBox.baseVal;
  st.size = [box.width, box.height];
  svg.setAttribute("width", String(box.width));
  svg.setAttribute("height", String(box.height));
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("bpx-svg");
  st.graph.replaceChildren(svg);
  st.svg = svg;
  st.layer = document.createElementNS(SVG_NS, "g");
  st.layer.setAttribute("class", "bpx-tokens");
  svg.querySelector("g.graph").appendChild(st.layer);
  st.items = {};
  for (const g of svg.querySelectorAll("g.node, g.edge")) {
    if (!g.id.startsWith("bpx-")) continue;
    const item = { g, base: g.classList.contains("node") ? "node" : "edge", cls: "", text: null };
    const texts = [...g.querySelectorAll("text")];
    for (const text of texts) styleText(text);
    if (texts.length) {
      const ys = texts.map((text) => Number(text.getAttribute("y")));
      const size = Number(texts[0].getAttribute("font-size")) || 12;
      item.template = texts[0].cloneNode(false);
      item.mid = ys.reduce((a, b) => a + b, 0) / ys.length;
      item.dy = ys.length > 1 ? ys[1] - ys[0] : 1.2 * size;
      item.texts = texts;
      item.text = texts.map((text) => text.textContent).join("\n");
    }
    st.items[g.id.slice(4)] = item;
  }
  // measured once per layout (nothing moves), so that a press never waits for a layout
  for (const item of Object.values(st.items)) {
    bbox(item);
    const path = item.base === "edge" && item.g.querySelector("path");
    if (path) item.length = path.getTotalLength();
  }
  // every state in full, from the first and the differences
  const states = [frames.base];
  for (const delta of frames.deltas) states.push({ ...states[states.length - 1], ...delta });
  st.states = states;
  st.says = frames.says;
  st.anims = frames.anims;
}

function styleText(text) {
  // Streamlit's theme sets every element's font: the SVG's own attributes are restated inline.
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
    item.texts[j].textContent = line;
    item.texts[j].setAttribute("y", String(item.mid + (j - (lines.length - 1) / 2) * item.dy));
  });
  item.text = text;
}

function apply(st, pos, hold) {
  const state = st.states[pos];
  for (const [id, [text, cls]] of Object.entries(state)) {
    const item = st.items[id];
    if (!item) continue;
    if (text !== null && !hold.includes(id)) setText(item, text);
    if (item.cls !== cls) {
      item.g.setAttribute("class", `${item.base} ${cls}`);
      item.cls = cls;
    }
  }
}

function show(st, pos, animate) {
  const anim = animate ? st.anims[pos] : null;
  apply(st, pos, (anim && anim.hold) || []);
  st.root.dataset.pos = String(pos);
  st.live.textContent = st.says[pos] || "";
  if (anim) runAnim(st, anim, pos);
  place(st, true);
  showPanels(st, pos);
}

function showPanels(st, pos) {
  // The panels drawn for ``pos`` are shown (the same frame as the graph); when the page has
  // none for it (predict mode draws one position), the server's rule stays, for its own
  // position, until the server has drawn this one.
  const panels = st.data && st.data.panels;
  if (!panels) return;
  const body = document.body;
  if (!document.querySelector(panels.find.split(MARK).join(String(pos)))) {
    body.classList.remove(STEPPING);
    return;
  }
  let rule = document.getElementById("bpx-panels");
  if (!rule) {
    rule = document.createElement("style");
    rule.id = "bpx-panels";
    document.head.appendChild(rule);
  }
  const css = panels.css.split(MARK).join(String(pos));
  if (rule.textContent !== css) rule.textContent = css;
  body.classList.add(STEPPING);
}

// -- stepping -----------------------------------------------------------------------------
function animationOn(st) {
  const reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  return !!(st.data && st.data.anim) && !reduced;
}

function go(st, target, send = true) {
  // send: a press (the server follows); else the server moved and the graph follows it
  const total = st.states.length - 1;
  target = Math.max(0, Math.min(total, target));
  if (send && target > st.pos && st.data) target = Math.max(st.pos, Math.min(target, st.data.max_step));
  if (target === st.pos) return;
  finishAnim(st);
  const forward = target === st.pos + 1;
  st.pos = target;
  show(st, target, forward && animationOn(st));
  syncButtons(st);
  if (send) scheduleSend(st);
  markSync(st);
}

function scheduleSend(st) {
  clearTimeout(st.timer);
  st.timer = setTimeout(() => {
    st.timer = null;
    if (st.pos === st.sent) return;
    st.sent = st.pos;
    st.seq += 1;
    // with the frames it holds: the server then need not send them again
    st.setStateValue("pos", { step: st.pos, chain: st.chain, seq: st.seq, key: st.key });
  }, IDLE_MS);
}

function syncButtons(st) {
  // Streamlit's own buttons, as the server would draw them at this position
  if (!st.data || !st.data.local_buttons) return;
  const total = st.states.length - 1;
  const off = { back: st.pos === 0, home: st.pos === 0, next: st.pos >= Math.min(total, st.data.max_step), end: st.pos === total };
  for (const [cls, act] of Object.entries(BUTTONS)) {
    const button = document.querySelector(`.${cls} button`);
    if (button && button.disabled !== off[act]) button.disabled = off[act];
  }
}

function act(st, what) {
  const total = st.states.length - 1;
  const target = { next: st.pos + 1, back: st.pos - 1, home: 0, end: total }[what];
  go(st, target);
}

// -- animation ----------------------------------------------------------------------------
function bbox(item) {
  // nothing ever moves: each node's box is measured once
  if (!item.box) item.box = item.g.getBBox();
  return item.box;
}

function centre(item) {
  const box = bbox(item);
  return [box.x + box.width / 2, box.y + box.height / 2];
}

function legPath(st, a, b) {
  for (const [id, reverse] of [[`${a}-${b}`, false], [`${b}-${a}`, true]]) {
    const edge = st.items[id];
    const path = edge && edge.g.querySelector("path");
    if (path) {
      if (edge.length === undefined) edge.length = path.getTotalLength();
      return { path, reverse, length: edge.length };
    }
  }
  return null;
}

function runAnim(st, anim, pos) {
  st.root.dataset.animating = "1";
  if (anim.appear && st.items[anim.appear]) {
    const g = st.items[anim.appear].g;
    g.classList.add("bpx-appear");
    st.anim = { pos, hold: anim.hold || [], appear: g, frame: null, timer: setTimeout(() => finishAnim(st), ANIM_MS) };
    return;
  }
  const legs = [];
  for (let k = 0; k + 1 < anim.path.length; k++) {
    const a = st.items[anim.path[k]], b = st.items[anim.path[k + 1]];
    if (!a || !b) continue;
    legs.push({ leg: legPath(st, anim.path[k], anim.path[k + 1]), from: centre(a), to: centre(b), text: anim.legs[k] || "" });
  }
  const hold = anim.hold || [];
  if (!legs.length) { st.anim = { pos, hold, frame: null }; finishAnim(st); return; }
  const token = document.createElementNS(SVG_NS, "g");
  token.setAttribute("class", "bpx-token");
  const rect = document.createElementNS(SVG_NS, "rect");
  const text = document.createElementNS(SVG_NS, "text");
  text.setAttribute("text-anchor", "middle");
  text.setAttribute("dominant-baseline", "central");
  styleText(text);
  token.append(rect, text);
  st.layer.appendChild(token);
  const start = performance.now();
  const state = { pos, hold, token, frame: null, leg: -1 };
  st.anim = state;
  const step = (now) => {
    const t = Math.max(0, Math.min(1, (now - start) / ANIM_MS));
    const k = Math.min(legs.length - 1, Math.floor(t * legs.length));
    const u = t * legs.length - k;
    const { leg, from, to } = legs[k];
    if (state.leg !== k) {
      state.leg = k;
      text.textContent = legs[k].text;
      // Courier: 0.6 em a character (no getBBox: it would wait for the page's layout)
      const size = fontPx(st), w = legs[k].text.length * 0.6 * size, h = 1.2 * size;
      rect.setAttribute("x", String(-w / 2 - 4));
      rect.setAttribute("y", String(-h / 2 - 2));
      rect.setAttribute("width", String(w + 8));
      rect.setAttribute("height", String(h + 4));
      rect.setAttribute("rx", "4");
    }
    let x, y;
    if (leg) {
      const p = leg.path.getPointAtLength(leg.length * (leg.reverse ? 1 - u : u));
      [x, y] = [p.x, p.y];
    } else {
      [x, y] = [from[0] + (to[0] - from[0]) * u, from[1] + (to[1] - from[1]) * u];
    }
    token.setAttribute("transform", `translate(${x} ${y})`);
    if (t < 1) state.frame = requestAnimationFrame(step);
    else finishAnim(st);
  };
  state.frame = requestAnimationFrame(step);
}

function finishAnim(st) {
  // a press during an animation ends it at once: the graph shows its final state
  const anim = st.anim;
  if (!anim) return;
  st.anim = null;
  if (anim.frame) cancelAnimationFrame(anim.frame);
  if (anim.timer) clearTimeout(anim.timer);
  if (anim.token) anim.token.remove();
  if (anim.appear) anim.appear.classList.remove("bpx-appear");
  for (const id of anim.hold || []) {
    const entry = st.states[anim.pos][id];
    if (st.items[id] && entry && entry[0] !== null) setText(st.items[id], entry[0]);
  }
  delete st.root.dataset.animating;
}

// -- readable at any size: scale, follow the call, zoom and pan --------------------------------
function fontPx(st) {
  return st.data && st.data.projector ? 22 : 12;
}

function place(st, smooth) {
  if (!st.svg) return;
  const [gw, gh] = st.size;
  if (!st.vw) st.vw = st.view.clientWidth || 1;
  const vw = st.vw;
  const maxH = Math.max(240, Math.round(window.innerHeight * 0.72));
  if (st.mode === "auto") {
    const whole = Math.min(vw / gw, maxH / gh, MAX_SCALE);
    const readable = READ_PX / fontPx(st);
    st.scale = whole * fontPx(st) >= FIT_PX ? whole : Math.max(readable, Math.min(vw / gw, MAX_SCALE));
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
  const active = Object.values(st.items).filter((item) => item.base === "node" && /\bactive\b/.test(item.cls));
  if (active.length && (gw * s > vw || gh * s > vh)) {
    const boxes = active.map(bbox);
    const left = Math.min(...boxes.map((b) => b.x)), right = Math.max(...boxes.map((b) => b.x + b.width));
    const top = Math.min(...boxes.map((b) => b.y)), bottom = Math.max(...boxes.map((b) => b.y + b.height));
    const t = graphOffset(st);
    cx = (left + right) / 2 + t[0];
    cy = (top + bottom) / 2 + t[1];
  } else if (gw * s > vw || gh * s > vh) {
    cx = 0; cy = 0; // the start of the chain
  }
  st.tx = clampPan(vw / 2 - cx * s, vw, gw * s);
  st.ty = clampPan(vh / 2 - cy * s, vh, gh * s);
}

function graphOffset(st) {
  // Graphviz draws inside <g class="graph" transform="... translate(4 H)">
  const g = st.svg.querySelector("g.graph");
  const m = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(g.getAttribute("transform") || "");
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

function clampPan(t, view, content) {
  if (content <= view) return (view - content) / 2;
  return Math.min(0, Math.max(view - content, t));
}

function transform(st, smooth) {
  st.graph.classList.toggle("bpx-smooth", !!smooth && animationOn(st));
  st.graph.style.transform = `translate(${st.tx}px, ${st.ty}px) scale(${st.scale})`;
  st.root.dataset.scale = st.scale.toFixed(3);
}

function zoom(st, factor, at) {
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
  if (!st.setStateValue || !st.data) return;
  const width = st.vw || (st.root.parentElement ? st.root.parentElement.clientWidth : 0);
  if (!width) return;
  const narrow = width < NARROW_PX;
  const shown = st.data.rankdir === "TB";
  if (narrow !== shown && st.narrowSent !== narrow) {
    st.narrowSent = narrow;
    st.setStateValue("narrow", narrow);
  }
}

// -- keys and Streamlit's step buttons: one listener each for the page ------------------------
function live() {
  const root = document.querySelector(".bpx-root");
  return root && root.isConnected ? root.bpx : null;
}

function typing(target) {
  if (!(target instanceof Element)) return false;
  if (target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) return true;
  const role = target.getAttribute("role");
  return IGNORED_ROLES.includes(role);
}

function installGlobalListeners() {
  if (window.__bpxListening) return;
  window.__bpxListening = true;
  // Capture phase on window: before Streamlit's own shortcuts of the step buttons (→ ←
  // Space), which would otherwise make a server round trip for every press.
  window.addEventListener("keydown", (e) => {
    const st = live();
    if (!st || e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented || typing(e.target)) return;
    const keys = { ArrowRight: "next", ArrowLeft: "back", Home: "home", End: "end" };
    if (st.data && st.data.projector) keys[" "] = "next";
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
  window.addEventListener("click", (e) => {
    const st = live();
    if (!st || !st.data || !st.data.local_buttons || !(e.target instanceof Element)) return;
    const button = e.target.closest("button");
    if (!button || button.disabled) return;
    for (const [cls, what] of Object.entries(BUTTONS)) {
      if (button.closest(`.${cls}`)) {
        e.preventDefault();
        e.stopPropagation();
        act(st, what);
        return;
      }
    }
  }, true);
}
