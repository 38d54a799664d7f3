"""Sample ``data`` for the lesson element (``components/ui/graph_element.js``): REAL graph
frames from the lead's tracer and views, with contract-shaped
``panels`` derived from the same lesson (the lead writes the Python of the real panels).

    python tests/element/make_data.py 16 [TB] > /tmp/data16.json

Cases: ``06``, ``07``, ``16`` (the book's examples), ``big`` (step 09, 99 functions: 100
variables, 300 program lines, about 700 positions) and ``evil`` (step 06 with names and
values that look like HTML). ``data(case)`` returns the ``data`` dict.
"""

import json
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from autograd import steps, tracer  # noqa: E402
from autograd.program import names_for, parse  # noqa: E402
from components import format as fmt  # noqa: E402
from components.views import frames as frames_view  # noqa: E402
from components.views import render  # noqa: E402

EVIL = "<img src=x onerror=alert(1)>"
HEADERS = {
    "program": "Program",
    "code": "The step's code",
    "frames": "Frames",
    "vars": "Variables",
    "chain": "Chain rule",
    "output": "Output",
}
LABELS = {
    "graph": "The computational graph",
    "keys": "→ next, ← back, Home, End; + − 0 zoom",
    "zoom_in": "Zoom in",
    "zoom_out": "Zoom out",
    "fit": "Fit",
    "progress": "Progress through the lesson",
}


def big_program(n=99, pad_to=300):
    lines = ["x = Variable(np.array(0.5))"]
    prev = "x"
    for i in range(n):
        lines.append(f"a{i} = {['sin', 'cos'][i % 2]}({prev})")
        prev = f"a{i}"
    lines += [f"{prev}.backward()", "print(x.grad)"]
    comments = [f"# {k}" for k in range(pad_to - len(lines))]
    return "\n".join(comments[: len(comments) // 2] + lines + comments[len(comments) // 2 :])


def lesson_for(step, program=None):
    book = steps.book(step)
    text = program if program is not None else book.program
    return tracer.run(parse(text, names_for(step, book.names)), step), book


def statement_of_lines(lesson):
    lines = lesson.program.rstrip("\n").split("\n")
    import ast

    tree = ast.parse(lesson.program)
    of = [-1] * len(lines)
    for k, node in enumerate(tree.body):
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
            if 0 < line <= len(of):
                of[line - 1] = k
    return lines, of, [node.lineno for node in tree.body]


def describe(ref, lesson):
    kind = ref[0]
    if kind == "node":
        return lesson.node(ref[1]).name
    if kind == "nodes":
        return "[" + ", ".join(lesson.node(i).name for i in ref[1]) + "]"
    if kind == "value":
        return fmt.short(ref[1])
    if kind == "values":
        return "(" + ", ".join(fmt.short(v) for v in ref[1]) + ")"
    if kind == "none":
        return "None"
    return str(ref[1]) if len(ref) > 1 else "?"


def panels(lesson, book, evil=False):
    """Contract-shaped panels for every position of ``lesson`` (fake narration)."""
    program, of, first_line = statement_of_lines(lesson)
    variables = lesson.variables
    total = len(lesson.items)
    code = book.text.rstrip("\n").split("\n") if lesson.step != "06" else None
    columns = ["name", "data", "grad"] + (["generation"] if lesson.step >= "16" else [])
    four = len(columns) == 4
    if evil:
        program = program + [f"# {EVIL}"]
        of = of + [-1]

    def row(node, state, position, changed):
        if node.born > position or node.id not in state.data:
            return [node.name, "", "", None, "grey"]
        grad = state.grad.get(node.id)
        gen = state.generation.get(node.id) if four else None
        cls = "changed" if node.id in changed else ""
        return [node.name, fmt.full(state.data[node.id]), fmt.full(grad), gen, cls]

    def chain(state):
        fns = list(lesson.functions)
        if not fns:
            return None
        out = lesson.outputs[0] if lesson.outputs else variables[-1].id
        factors, values = [], []
        for fn in reversed(fns):
            ins = lesson.inputs_of(fn.id)
            if not ins:
                continue
            src = lesson.node(ins[0].src)
            factors.append(["f", fn.name, src.name])
            local = lesson.local.get(fn.id)
            grad_known = state.grad.get(src.id) is not None
            values.append(fmt.short(local[0]) if (local and grad_known) else None)
        x = lesson.inputs[0] if lesson.inputs else variables[0].id
        result = state.grad.get(x)
        more = 0
        if len(factors) > 12:
            more = 1
        return {
            "d": "d",
            "rows": [
                {
                    "lhs": [lesson.node(out).name, lesson.node(x).name],
                    "terms": [factors],
                    "values": [values],
                    "result": None if result is None else fmt.short(result),
                    "more": more,
                }
            ],
        }

    full = []
    printed = []
    notes = {}
    for position, state in enumerate(lesson.states()):
        item = lesson.items[position - 1] if position else None
        changed = {c.node for c in item.changes} if item else set()
        stmt = item.stmt if item else -1
        if item is None:
            at = [0, False, -1, -1, False]
        elif item.where == "program":
            c0, c1 = (item.span or (-1, -1))[:2]
            failed = item.kind == "error"  # Python stopped on this line
            at = [item.line, bool(item.last) and not failed, c0, c1, failed]
        else:
            at = [first_line[item.stmt], False, -1, -1, False]
        if item is not None and item.printed:
            for text in item.printed.rstrip("\n").split("\n"):
                printed = printed + [[at[0], text]]
        if item is not None and item.where == "program":
            for c in item.changes:
                if c.field == "data":
                    note = f"{lesson.node(c.node).name} = {fmt.short(c.value)}"
                    notes = {**notes, str(item.line): note}
        narr = (
            [["t", "Before the first line."]]
            if item is None
            else [
                ["t", "Ran "],
                ["c", (program[at[0] - 1] if at[0] else "").strip()],
                ["n", ""],
                ["b", f"{len(changed)} value(s) changed"],
                ["t", "."],
            ]
        )
        if item is not None and item.flags:
            narr.append(["w", " ⚠ " + ", ".join(item.flags)])
        if position == total:
            narr.append(["ok", " Done."])
        vars_ = {n.id: row(n, state, position, changed) for n in variables}
        if evil and variables:
            vars_[variables[0].id][0] = EVIL
        frames = [
            [f.qualname, [[name, describe(ref, lesson), ""] for name, ref in f.locals]]
            for f in (item.stack if item else ())
        ]
        code_at = [0, "line"]
        if item is not None and item.where == "step":
            kind = item.kind if item.kind in ("line", "call", "return", "error") else "line"
            code_at = [item.line, kind]
        full.append(
            {
                "progress": [f"{position} of {total}", position / max(1, total)],
                "narr": narr,
                "at": at,
                "stmt": stmt,
                "out": printed,
                "notes": dict(notes),
                "code_at": code_at,
                "frames": frames,
                "vars": vars_,
                "chain": chain(state),
                "error": None,
            }
        )
    if evil:
        full[1]["error"] = f"NameError: {EVIL}"
        full[1]["notes"] = {**full[1]["notes"], "1": EVIL}
    # deltas, as the contract says: changed fields; vars and notes one level deeper
    deltas = []
    for before, after in zip(full, full[1:], strict=False):
        d = {}
        for k, v in after.items():
            if k in ("vars", "notes"):
                sub = {i: r for i, r in v.items() if before[k].get(i) != r}
                sub.update({i: None for i in before[k] if i not in v})
                if sub:
                    d[k] = sub
            elif before[k] != v:
                d[k] = v
        deltas.append(d)
    return {
        "static": {
            "headers": HEADERS,
            "columns": columns,
            "program": program,
            "stmt_of_line": of,
            "code": code,
            "code_first": 1,
            "rows": [n.id for n in variables],
        },
        "base": full[0],
        "deltas": deltas,
    }


@lru_cache(maxsize=16)
def _frames_text(case, rankdir="LR", projector=False):
    step, program, evil = {
        "06": ("06", None, False),
        "07": ("07", None, False),
        "16": ("16", None, False),
        "big": ("09", big_program(), False),
        # step 06 without the seed: A.backward(None) stops Python with a TypeError
        "error": ("06", steps.book("06").program.replace("y.grad = np.array(1.0)\n", ""), False),
        "evil": ("06", None, True),
    }[case]
    lesson, book = lesson_for(step, program)
    renderer = render.find_renderer()
    f = frames_view.frames(
        lesson,
        "stacked",
        projector=projector,
        rankdir=rankdir,
        layout=lambda dot: render.render(dot, "svg", renderer).decode(),
    )
    if evil:
        # a struck grad line in the graph and one in the table
        node = lesson.variables[0].id
        label = f"x\ndata 0.5\ngrad 3.29744\n~grad {EVIL}"
        f["deltas"][-1] = {**f["deltas"][-1], node: [label, "done active"]}
    frames = {
        "svg": f["svg"],
        "base": f["base"],
        "deltas": f["deltas"],
        "anims": f["anims"],
        "panels": panels(lesson, book, evil),
    }
    if evil:
        last = frames["panels"]["deltas"][-1]
        node = lesson.variables[0].id
        row = frames["panels"]["base"]["vars"][node]
        last.setdefault("vars", {})[node] = [EVIL, "0.5", "3.29744\n~1.0", None, "struck"]
        del row  # the base row stays
    return json.dumps(frames), len(lesson.items), lesson.key or case


def data(case="06", step=0, moved=0, projector=False, rankdir="LR", anim=True, frames=True):
    text, total, lesson_key = _frames_text(case, rankdir, projector)
    return {
        "key": f"{case}|stacked|en|{int(projector)}|{rankdir}",
        "lesson": f"lesson-{case}",
        "frames": text if frames else None,
        "step": step,
        "moved": moved,
        "max_step": total,
        "anim": anim,
        "projector": projector,
        "rankdir": rankdir,
        "url": "step",
        "labels": LABELS,
    }


if __name__ == "__main__":
    case = sys.argv[1] if len(sys.argv) > 1 else "06"
    rankdir = sys.argv[2] if len(sys.argv) > 2 else "LR"
    json.dump(data(case, rankdir=rankdir), sys.stdout)
