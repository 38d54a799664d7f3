"""Everything the page shows beside the graph, for every position of a lesson (pure).

``lesson_frames(lesson, view, lang, ...)`` is the whole of what the graph element steps
(``components/ui/graph_element.js`` states the contract): the graph's frames
(``frames.frames``), a live sentence per position, and the panels — progress, what the
line did, the program with its lines ticked and annotated, what it printed, the step's code
with the running line and the frames of ``Variable.backward``, the variables, the chain
rule — as one full state at position 0 and the differences at each next position. Each
panel is a function of (lesson, position, language), walking nodes and edges by id.
"""

import json

import numpy as np

from autograd import steps

from .. import format as fmt
from ..i18n import N_, t
from . import frames as graph_frames
from .check import output_of
from .graph import STRUCK
from .narration import Speaker, code, container, plain, segments

_PHASES = (
    N_("phase_start"),
    N_("phase_forward"),
    N_("phase_backward"),
    N_("phase_inside"),
    N_("phase_program"),
)
_PHASES_END = (N_("phase_done"), N_("phase_error"))
MAX_PATHS = 6  # chain-rule terms written out; the others are counted ("+ 3 more")


def static(lesson, lang):
    """What does not change with the position: the program's lines, the step's code."""
    program = lesson.program.rstrip("\n").split("\n")
    stmt_of_line = [-1] * len(program)
    starts = list(lesson.statements)
    for index, first in enumerate(starts):
        last = starts[index + 1] - 1 if index + 1 < len(starts) else len(program)
        for line in range(first, last + 1):
            stripped = program[line - 1].strip()
            if stripped and not stripped.startswith("#"):
                stmt_of_line[line - 1] = index
    stepped = any(item.where == "step" for item in lesson.items)
    book = steps.book(lesson.step)
    code_lines = book.definitions.rstrip("\n").split("\n") if stepped else None
    columns = [t(lang, "col_name"), t(lang, "col_data"), t(lang, "col_grad")]
    if has_generation(lesson):
        columns.append(t(lang, "col_generation"))
    return {
        "headers": {
            "program": t(lang, "panel_program"),
            "code": t(lang, "panel_code", step=t(lang, "book_step", step=int(lesson.step))),
            "frames": t(lang, "panel_frames"),
            "vars": t(lang, "panel_vars"),
            "chain": t(lang, "panel_chain"),
            "output": t(lang, "panel_output"),
        },
        "columns": columns,
        "program": program,
        "stmt_of_line": stmt_of_line,
        "code": code_lines,
        "code_first": 1,
        "rows": [node.id for node in lesson.variables],
    }


def has_generation(lesson):
    return any(c.field == "generation" for item in lesson.items for c in item.changes)


def lesson_frames(
    lesson, view, lang="en", projector=False, rankdir="LR", wrong=(), layout=None, gens=False
):
    """The element's FRAMES for one view of ``lesson`` (a dict; ``as_json`` makes its text)."""
    graph = graph_frames.frames(lesson, view, lang, projector, rankdir, wrong, layout, gens)
    speaker = Speaker(lesson, lang)
    panels = []
    notes, out = {}, []
    done_before = frozenset()
    total = len(lesson.items)
    generation = has_generation(lesson)
    previous_state = None
    structure = chain_structure(lesson)
    written = {}
    sources = [source for source, _, _ in structure[2]] if structure else []
    chains = {}

    def chain_at(state, done, settled):
        # the numbers change only when a backward runs or an input's grad is set
        key = (id(done), settled, *(id(state.grad.get(source)) for source in sources))
        if key not in chains:
            chains.clear()
            shown = chain_rule(lesson, state, done, structure, settled)
            chains[key] = (done, chain_values(shown))
        return chains[key][1]

    for position, item, state, done in graph_frames.walk(lesson):
        text = speaker.sentence(position, state, done, previous_state, done_before)
        progress = progress_text(lesson, position, lang)
        if item is not None:
            note = line_note(lesson, item, state)
            if note:
                notes = {**notes, str(item.line): note}
            if item.printed:
                text = item.printed[:-1] if item.printed.endswith("\n") else item.printed
                out = out + [[item.line, line] for line in text.split("\n")]
        panel = {
            "progress": [progress, position / total if total else 1.0],
            "narr": segments(text),
            "at": program_at(lesson, item),
            "stmt": -1 if item is None else item.stmt,
            "out": out,
            "notes": notes,
            "code_at": [item.line, item.kind]
            if item is not None and item.where == "step"
            else [0, ""],
            "frames": frames_panel(lesson, item, state, lang),
            "vars": variables(
                lesson, position, state, item, generation, written, panels[-1]["vars"] if panels
                else None
            ),
            "chain": chain_at(state, done, phase(lesson, position) != "inside"),
            "error": None,
        }
        if item is not None and item.kind == "error":
            panel["error"] = plain(text)
        panels.append(panel)
        previous_state = state
        done_before = done
    base = panels[0]
    deltas = [_delta(before, after) for before, after in zip(panels, panels[1:], strict=False)]
    return {
        **graph,
        "panels": {
            "static": {**static(lesson, lang), "chain": chain_shape(lesson, structure)},
            "base": base,
            "deltas": deltas,
        },
    }


def as_json(frames):
    """The frames as the compact JSON text the element parses (no dot, no sizes)."""
    shown = {k: v for k, v in frames.items() if k not in ("dot", "sizes")}
    return json.dumps(shown, separators=(",", ":"), ensure_ascii=True)


def _frame_delta(old, new):
    """A frame's change: its local names that changed (``{n, set}``), and its label if it
    changed (a frame of step 16 holds funcs and seen_set: sent whole at each line, they were
    most of a large lesson's bytes)."""
    label, names = new
    changed = {
        str(j): local for j, local in enumerate(names) if j >= len(old[1]) or old[1][j] != local
    }
    delta = {"n": len(names), "set": changed}
    if label != old[0]:
        delta["label"] = label
    return delta


def _delta(before, after):
    """The fields of ``after`` that differ from ``before``; ``vars`` and ``notes`` one level
    deeper (a key gone is sent as None)."""
    delta = {}
    for key, value in after.items():
        old = before.get(key)
        if value is old or value == old:
            continue
        if key == "frames" and isinstance(old, list):
            changed = {}
            for i, frame in enumerate(value):
                if i >= len(old):
                    changed[str(i)] = frame
                elif old[i] != frame:
                    changed[str(i)] = _frame_delta(old[i], frame)
            delta[key] = {"n": len(value), "set": changed}
        elif key in ("vars", "notes") and isinstance(old, dict) and isinstance(value, dict):
            inner = {k: v for k, v in value.items() if old.get(k) != v}
            inner.update({k: None for k in old if k not in value})
            delta[key] = inner
        else:
            delta[key] = value
    return delta


# -- the panels ---------------------------------------------------------------------------------
def phase(lesson, position):
    """Where the lesson is: "start", "forward" (a line that computed data), "backward" (a
    manual call or the seed), "inside" (the step's code running), "program" (another line),
    "done" or "error"."""
    if position == 0:
        return "start"
    item = lesson.items[position - 1]
    if item.kind == "error":
        return "error"
    if position == len(lesson.items):
        return "done"
    if item.where == "step" or item.stack:
        return "inside"
    if any(c.kind == "backward" for c in item.calls) or any(
        c.field == "grad" for c in item.changes
    ):
        return "backward"
    if any(c.kind == "forward" for c in item.calls) or any(c.field == "data" for c in item.changes):
        return "forward"
    return "program"  # print(y.grad), A = Square(): a line of the program, neither pass


def progress_text(lesson, position, lang):
    where = t(lang, "progress", pos=position, total=len(lesson.items))
    return f"{where} · {t(lang, 'phase_' + phase(lesson, position))}"  # keys: _PHASES


def program_at(lesson, item):
    """``[line, done, c0, c1, failed]``: the program's line running (0: none yet); inside the
    step's code, the line of the program's statement that called it. ``failed``: Python
    stopped there with an exception (the line is marked ✗, not ✓)."""
    if item is None:
        return [0, False, -1, -1, False]
    span = item.span if item.where == "program" and item.span else (-1, -1)
    line = item.line if item.where == "program" else lesson.statements[item.stmt]
    running = [frame for frame in item.stack if frame.where == "step"]
    failed = item.kind == "error"
    done = not failed and item.last and (not running or item.kind == "return" and len(running) == 1)
    return [line, done, span[0], span[1], failed]


def line_note(lesson, item, state):
    """The comment a program line gets once it ran: the values it set (``a = 0.25``,
    ``b.grad = 2.56805``), with those its earlier items of the same run set (a line that
    calls several functions is several items)."""
    if item.where != "program" or not _note_parts(lesson, item):
        return None
    index = lesson.position_of(item) - 1
    start = index
    while start and (lesson.items[start - 1].where, lesson.items[start - 1].line) == (
        "program",
        item.line,
    ):
        start -= 1
    parts = [part for earlier in lesson.items[start : index + 1]
             for part in _note_parts(lesson, earlier)]  # fmt: skip
    return ", ".join(parts)


def _note_parts(lesson, item):
    parts = []
    for change in item.changes:
        node = lesson.node(change.node)
        if change.field == "data" and not node.const:
            parts.append(f"{node.name} = {fmt.short(change.value)}")
        elif change.field == "grad":
            parts.append(f"{node.name}.grad = {fmt.short(change.value)}")
    return parts


def frames_panel(lesson, item, state, lang):
    """The frames running after the item, outermost first: ``[label, [[name, text, cls]]]``."""
    if item is None or not item.stack:
        return []
    shown = []
    changed = {c.node for c in item.changes}
    for frame in item.stack:
        label = frame_label(lesson, frame)
        names = []
        for name, ref in frame.locals:
            text = ref_text(lesson, ref, state, lang)
            cls = "changed" if ref[0] == "node" and ref[1] in changed else ""
            names.append([name, text, cls])
        shown.append([label, names])
    return shown


def frame_label(lesson, frame):
    short = frame.qualname.split(".")[-1]
    if frame.where == "program":
        return f"{short}()"
    if short == "backward" and frame.owner:
        return f"{lesson.node(frame.owner).name}.backward()"
    return f"{short}()"


def ref_text(lesson, ref, state, lang="en"):
    kind = ref[0]
    if kind == "node":
        return _node_text(lesson, ref[1], state, lang)
    if kind == "nodes":
        return container(ref, [_node_text(lesson, n, state, lang) for n in ref[1]])
    if kind == "value":
        return fmt.short(ref[1])
    if kind == "values":
        return container(ref, [fmt.short(v) for v in ref[1]])
    if kind == "none":
        return "None"
    return str(ref[1])


def _node_text(lesson, node_id, state, lang):
    node = lesson.node(node_id)
    if node.kind == "fn" and node_id in state.generation:
        return t(lang, "frame_generation", name=node.name, generation=state.generation[node_id])
    return node.name


def variables(lesson, position, state, item, generation, written=None, before=None):
    """The variables table: ``{id: [name, data, grad, generation, cls, old]}``. ``written``
    keeps each value's text by the value's identity (a value is written once per lesson);
    ``before``, the table at the position before: only the rows the item can change are
    written again (what it set, what it made, and the rows it marked before)."""
    written = {} if written is None else written

    def full(value):
        if value is None:
            return fmt.full(None)
        found = written.get(id(value))
        if found is None or found[0] is not value:
            found = written[id(value)] = (value, fmt.full(value))
        return found[1]

    rows = {}
    changed = {}
    if item is not None:
        for change in item.changes:
            changed.setdefault(change.node, change)
    nodes = lesson.variables
    if before is not None and item is not None:
        again = set(changed)
        again.update(k for k, row in before.items() if row[4] in ("changed", "struck"))
        again.update(n.id for n in lesson.variables if n.born == position)
        if not again:
            return before
        rows = dict(before)
        nodes = [lesson.node(k) for k in again if lesson.node(k).kind == "var"]
    for node in nodes:
        exists = node.born <= position
        data = state.data.get(node.id)
        grad = state.grad.get(node.id)
        cls = "" if exists else "grey"
        old = None
        change = changed.get(node.id)
        if change is not None and exists:
            cls = "changed"
            grad_change = next(
                (c for c in item.changes if c.node == node.id and c.field == "grad"), None
            )
            if grad_change is not None and grad_change.before is not None:
                summed = "+" in _line(lesson, item)
                if not summed:
                    cls = "struck"
                    old = full(grad_change.before)
        grad_text = full(grad) if exists else ""
        if old is not None:  # the new grad, then the one it overwrote, struck (as the graph)
            grad_text = f"{grad_text}\n{STRUCK}{old}"
        rows[node.id] = [
            node.name,
            full(data) if exists else "",
            grad_text,
            state.generation.get(node.id) if generation and exists else None,
            cls,
            old,
        ]
    return rows


def _line(lesson, item):
    from .graph import lesson_line

    return lesson_line(lesson, item)


# -- the chain rule -------------------------------------------------------------------------------
def chain_structure(lesson):
    """What the chain rule writes for ``lesson``, whatever the position: for each input the
    program made, its terms (the first ``MAX_PATHS`` paths to the output, each a list of
    factors from the output back, with the function whose backward makes its number known and
    that number written out) and how many more paths there are. Made once per lesson."""
    output = _output(lesson)
    if output is None:
        return None
    counts = _path_counts(lesson, output)
    rows = []
    for source in lesson.inputs or [n.id for n in lesson.variables if not lesson.creator(n.id)]:
        if source == output or not counts.get(source):
            continue
        terms = []
        for path in _paths(lesson, source, output, counts):
            term = []
            for edge in reversed(path):  # from the output back, as the book writes it
                fn = lesson.node(edge.dst)
                out_edges = lesson.outputs_of(fn.id)
                out_name = lesson.node(out_edges[0].dst).name if out_edges else "?"
                in_name = lesson.node(edge.src).name
                ins = lesson.inputs_of(fn.id)
                if len(ins) == 1:
                    symbol = ["f", fn.name, in_name]
                elif sum(e.src == edge.src for e in ins) > 1:  # add(x, x): ∂t/∂x₀ + ∂t/∂x₁
                    symbol = ["p", out_name, in_name, edge.index]
                else:
                    symbol = ["p", out_name, in_name]
                local = lesson.local.get(fn.id, ())
                number = None
                if edge.index < len(local) and local[edge.index] is not None:
                    number = fmt.short(local[edge.index])
                term.append((symbol, fn.id, number))
            terms.append(term)
        rows.append((source, terms, max(counts[source] - len(terms), 0)))  # >= 0 on a cycle
    chain = all(len(lesson.inputs_of(f.id)) <= 1 for f in lesson.functions)
    return output, chain, rows, _derivatives(lesson, output)


def chain_rule(lesson, state, done, structure=None, settled=True):
    """dy/dx for each input x the program made, as a sum over the paths from x to y of the
    products of the local derivatives along each path; a factor's number once its function's
    backward has run, the sum once x.grad is complete. Where this step's code put another
    number in x.grad, it is shown beside the sum once ``settled`` (no backward() running: a
    sum half made is no wrong grad)."""
    structure = chain_structure(lesson) if structure is None else structure
    if structure is None:
        return None
    output, chain, sources, true = structure
    rows = []
    for source, terms, more in sources:
        values = [
            [number if fn in done else None for _, fn, number in term] for term in terms
        ]
        known = all(v is not None for numbers in values for v in numbers)
        grad = state.grad.get(source)
        result, differs = None, None
        if known and more == 0 and grad is not None:
            # the sum of the products, as the chain rule says; where this step's code put
            # something else in x.grad (13 overwrites, 14 calls too early), both are shown
            right = true.get(source)
            result = fmt.short(grad if right is None else right)
            if right is not None and not _same(right, grad) and settled:
                differs = fmt.short(grad)  # once backward() returned: not a sum half made
        rows.append(
            {
                "lhs": [lesson.node(output).name, lesson.node(source).name],
                "terms": [[symbol for symbol, _, _ in term] for term in terms],
                "values": values,
                "result": result,
                "grad": differs,
                "more": more,
            }
        )
    if not rows:
        return None
    return {"d": "d" if chain else "∂", "rows": rows}


def chain_shape(lesson, structure):
    """The chain rule's symbols, the same at every position (the element's static part)."""
    shown = chain_rule(lesson, lesson.state(0), frozenset(), structure)
    if shown is None:
        return None
    rows = [{k: row[k] for k in ("lhs", "terms", "more")} for row in shown["rows"]]
    return {"d": shown["d"], "rows": rows}


def chain_values(shown):
    """The chain rule's numbers at a position (its symbols are in the static part)."""
    if shown is None:
        return None
    return {
        "rows": [
            {"values": row["values"], "result": row["result"], "grad": row["grad"]}
            for row in shown["rows"]
        ]
    }


def _derivatives(lesson, target):
    """d target / d v for every variable v with a path to ``target``: the sum over the paths
    of the products of the local derivatives (walked as ``_path_counts`` counts them). Empty
    where a local derivative along the way is unknown."""
    found = {target: np.float64(1.0)}
    with np.errstate(all="ignore"):
        for var in reversed(lesson.variables):
            if var.id == target:
                continue
            total = None
            for edge in lesson.uses(var.id):
                local = lesson.local.get(edge.dst, ())
                for out in lesson.outputs_of(edge.dst):
                    above = found.get(out.dst)
                    if above is None:
                        continue
                    if edge.index >= len(local) or local[edge.index] is None:
                        return {}
                    try:
                        term = np.asarray(above) * np.asarray(local[edge.index])
                    except ValueError:  # shapes the product cannot broadcast
                        return {}
                    total = term if total is None else total + term
            if total is not None:
                found[var.id] = total
    return found


def _same(right, grad):
    """Whether x.grad holds the chain rule's value (up to the rounding of another order)."""
    try:
        return bool(np.allclose(grad, right, rtol=1e-9, atol=1e-12, equal_nan=True))
    except (TypeError, ValueError):
        return False


def _output(lesson):
    if lesson.outputs:
        return output_of(lesson)  # the gradient check's: the one whose grads the end holds
    sinks = [n.id for n in lesson.variables if not lesson.uses(n.id) and lesson.creator(n.id)]
    return sinks[-1] if sinks else None


def _path_counts(lesson, target):
    """How many paths lead from each variable to ``target`` (variables in reverse order of
    creation: a function's outputs come after its inputs)."""
    counts = {target: 1}
    for var in reversed(lesson.variables):
        if var.id == target:
            continue
        total = 0
        for edge in lesson.uses(var.id):
            if not edge.linked:  # a call under no_grad: no backward goes back through it
                continue
            for out in lesson.outputs_of(edge.dst):
                total += counts.get(out.dst, 0)
        if total:
            counts[var.id] = total
    return counts


def _paths(lesson, source, target, counts):
    """The first ``MAX_PATHS`` paths from ``source`` to ``target`` (lists of input edges),
    walking only where a path goes on."""
    found = []
    stack = [(source, [])]
    while stack and len(found) < MAX_PATHS:
        var, path = stack.pop()
        if var == target and path:
            found.append(path)
            continue
        for edge in reversed(lesson.uses(var)):
            for out in lesson.outputs_of(edge.dst):
                if edge.linked and counts.get(out.dst):
                    stack.append((out.dst, [*path, edge]))
    return found


def scalar_value(array):
    return float(np.asarray(array)) if array is not None and np.ndim(array) == 0 else None


def code_span(text):
    return f"`{code(text)}`"
