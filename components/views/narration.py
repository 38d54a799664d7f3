"""What each line of a lesson did, in words (pure: a function of the lesson, the position and
the language).

``sentence(lesson, position, state, done, lang)`` says what the item that led to
``position`` did, with its numbers: a line of the learner's program (a variable made, a
forward call, the seed, a manual backward call, a print), or a line of the book step's code
inside ``y.backward()`` (``f = funcs.pop()``, ``x.grad = x.grad + gx``, ...), recognised by
its text: the book's lines are the book's, so a table of them says what each does. A line the
table does not know is still said (its code, and what it set). The text uses the catalog's
Markdown-like marks, which ``segments`` turns into the element's runs: `code`, **bold**.
"""

import re

import numpy as np

from .. import format as fmt
from ..i18n import N_, t
from .graph import lesson_line, missing_parts


def segments(text):
    """``[[kind, text], ...]`` for the element: ``t`` text, ``c`` code (between backticks),
    ``b`` bold (between ``**``), ``n`` a line break."""
    out = []
    for k, part in enumerate(text.split("`")):
        if not part:
            continue
        if k % 2:
            out.append(["c", part])
            continue
        for j, piece in enumerate(part.split("**")):
            for i, line in enumerate(piece.split("\n")):
                if i:
                    out.append(["n", ""])
                if line:
                    out.append(["b" if j % 2 else "t", line])
    return out


def plain(text):
    """The sentence without its marks (for the screen reader's live line, the error box):
    the backticks of code, and ``**`` of bold outside code (``x ** 2`` in code stays)."""
    parts = text.split("`")
    return "".join(part if odd % 2 else part.replace("**", "") for odd, part in enumerate(parts))


def container(ref, items):
    """A list, tuple or set of a frame written as Python writes it: [a, b], (a,), {a}, set()."""
    kind = ref[2] if len(ref) > 2 else "list"
    if kind == "set":
        return "{" + ", ".join(items) + "}" if items else "set()"
    if kind == "tuple":
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    return "[" + ", ".join(items) + "]"


def code(text):
    """Text shown as code inside a sentence: a backtick would end the span."""
    return str(text).replace("`", "'")


def value(array):
    return fmt.short(array)


class Speaker:
    """Says the items of one lesson in one language."""

    def __init__(self, lesson, lang):
        self.lesson = lesson
        self.lang = lang
        self.sep = t(lang, "graph_flag_separator")  # a list in a sentence: ", " or "、"

    def name(self, node_id):
        return code(self.lesson.node(node_id).name) if node_id else "?"

    def fn(self, node_id, state=None):
        """A function as the text names it: ``C`` (06), ``Square``; with its generation."""
        node = self.lesson.node(node_id)
        name = code(node.name)
        if state is not None and node_id in state.generation:
            return t(
                self.lang, "narr_fn_generation", name=name, generation=state.generation[node_id]
            )
        return f"`{name}`"

    def seeded(self, var):
        """An output the program seeds (y.grad = 1): one nothing uses (b.grad = gb is Add's
        part, not a seed)."""
        return var in self.lesson.outputs and not self.lesson.uses(var)

    def path(self, edge):
        """A use of a variable named by its function and where it leads: ``Square``
        (`a` → `t1`), so that two functions of one class are told apart."""
        outs = [self.name(e.dst) for e in self.lesson.outputs_of(edge.dst)]
        src = self.name(edge.src)
        return f"{self.fn(edge.dst)} (`{src}` → `{', '.join(outs)}`)" if outs else self.fn(edge.dst)

    def sentence(self, position, state, done, before=None, done_before=frozenset()):
        """What the item that led to ``position`` did (the start: what comes first)."""
        lesson = self.lesson
        if position == 0:
            if not lesson.items:
                return t(self.lang, "narr_empty")
            first = lesson_line(lesson, lesson.items[0])
            return t(self.lang, "narr_start", line=code(first))
        item = lesson.items[position - 1]
        if item.kind == "error":
            return self.error(item)
        if item.where == "step" and _raises(lesson, position):
            return t(self.lang, "narr_line_raises", code=code(lesson_line(lesson, item)))
        text = self.step_line(item, state, before) if item.where == "step" else None
        if text is None:
            text = self.program_line(item, state, before)
        notes = self.partial(item, done_before)
        if item.flags:
            flags = t(self.lang, "graph_flag_separator").join(
                t(self.lang, f"graph_flag_{f}") for f in item.flags
            )
            notes.append(t(self.lang, "narr_flags", flags=flags))
        # no space after a full-width mark before CJK text (ja, zh): sentences joined with a
        # space, a field that ends in "）" (a function with its generation) before a word
        # (and none after "。" at all: 計算します。Square の世代…)
        joined = re.sub(r"。 +", "。", "\n".join([text, *notes]))
        return re.sub(r"） +(?=[^\x00-\x7f])", "）", joined)

    # -- the program's lines -----------------------------------------------------------------------
    def program_line(self, item, state, before):
        lesson = self.lesson
        line = code(lesson_line(lesson, item))
        forward = [c for c in item.calls if c.kind == "forward"]
        backward = [c for c in item.calls if c.kind == "backward"]
        if item.kind == "call":  # y.backward() enters the step's code
            return t(self.lang, "narr_backward_begins", name=self.owner(item))
        if forward:
            return " ".join(self.forward(call, state, line) for call in forward)
        if backward:
            parts = [self.backward(call, line) for call in backward]
            grads = [c for c in item.changes if c.field == "grad"]
            parts += [self.grad_set(c) for c in grads]
            return " ".join(parts)
        if item.printed:
            return t(self.lang, "narr_print", code=line, text=code(item.printed.rstrip("\n")))
        made = [c for c in item.changes if c.field == "data"]
        if made:
            names = self.sep.join(f"`{self.name(c.node)}`" for c in made)
            values = self.sep.join(value(c.value) for c in made)
            return t(self.lang, "narr_variable", code=line, names=names, values=values)
        grads = [c for c in item.changes if c.field == "grad"]
        if grads:
            return " ".join(self.program_grad(c, line) for c in grads)
        functions = [
            n for n in lesson.functions if n.born == position_of(lesson, item) and n.name != n.cls
        ]
        if functions:
            node = functions[0]
            return t(
                self.lang, "narr_function_object", code=line, name=code(node.name), cls=node.cls
            )
        if line.startswith("def "):
            return t(self.lang, "narr_def", code=line)
        return t(self.lang, "narr_line", code=line)

    def owner(self, item):
        if item.stack:
            return self.name(item.stack[-1].owner)
        return "y"

    def forward(self, call, state, line):
        ins = self.sep.join(f"`{self.name(n)}` = {value(state.data.get(n))}" for n in call.inputs)
        outs = self.sep.join(f"`{self.name(n)}` = {value(state.data.get(n))}" for n in call.outputs)
        node = self.lesson.node(call.fn)
        text = t(self.lang, "narr_forward", code=line, cls=node.cls, outs=outs, ins=ins)
        edges = [e for e in self.lesson.edges if e.src == call.fn]
        if self.lesson.step >= "07" and edges and not all(e.linked for e in edges):
            text += " " + t(self.lang, "narr_forward_nolink", out=self.name(call.outputs[0]))
        elif self.lesson.step >= "16" and call.fn in state.generation:
            out = call.outputs[0]
            text += " " + t(
                self.lang,
                "narr_generation",
                fn=self.fn(call.fn),
                fn_generation=state.generation[call.fn],
                out=self.name(out),
                generation=state.generation.get(out, 0),
            )
        elif self.lesson.step >= "07":
            text += " " + t(
                self.lang, "narr_forward_links", out=self.name(call.outputs[0]), fn=self.fn(call.fn)
            )
        return text

    def backward(self, call, line):
        """A backward call: gy in, the local derivative(s), the grads out."""
        lesson = self.lesson
        node = lesson.node(call.fn)
        gy = call.gys[0] if call.gys else None
        local = lesson.local.get(call.fn, ())
        edges = lesson.inputs_of(call.fn)
        if len(edges) == 1:
            d = f"{code(node.name)}'({self.name(edges[0].src)})"
            return t(
                self.lang,
                "narr_backward",
                fn=code(node.name),
                gy=value(gy),
                d=d,
                local=value(local[0]) if local else "?",
                gx=value(call.gxs[0]) if call.gxs else "None",
            )
        parts = self.sep.join(
            f"`{self.name(e.src)}` ← {value(call.gxs[k]) if k < len(call.gxs) else '?'}"
            for k, e in enumerate(edges)
        )
        return t(self.lang, "narr_backward_multi", fn=code(node.name), gy=value(gy), parts=parts)

    def grad_set(self, change):
        name = self.name(change.node)
        if change.value is None:
            return t(self.lang, "narr_grad_cleared", name=name)
        if change.before is not None:
            return t(
                self.lang,
                "narr_grad_replaced",
                name=name,
                value=value(change.value),
                before=value(change.before),
            )
        return t(self.lang, "narr_grad_is", name=name, value=value(change.value))

    def program_grad(self, change, line):
        name = self.name(change.node)
        if change.value is None:
            return t(self.lang, "narr_cleargrad", code=line, name=name)
        if self.seeded(change.node) and _ones(change.value):
            if np.ndim(change.value):
                return t(self.lang, "narr_seed_vector", code=line, name=name)
            return t(self.lang, "narr_seed", code=line, name=name, value=value(change.value))
        return t(self.lang, "narr_set_grad", code=line, name=name, value=value(change.value))

    # -- the step's code -------------------------------------------------------------------------
    def step_line(self, item, state, before):
        """A line of the book's ``Variable.backward`` (None: say it as any line)."""
        lesson = self.lesson
        line = lesson_line(lesson, item)
        frame = item.stack[-1] if item.stack else None
        if item.kind == "line" and len(item.stack) > 1 and _entered(lesson, item):
            frame = item.stack[-2]  # the line called a function: its own frame is the caller's
        local = dict(frame.locals) if frame else {}
        var = self.name(frame.owner) if frame and frame.owner else self.owner(item)
        grads = [c for c in item.changes if c.field == "grad"]
        backward = [c for c in item.calls if c.kind == "backward"]
        if item.kind == "call":
            return t(self.lang, "narr_backward_begins", name=var)
        key = _LINES.get(_normal(line))
        if item.kind == "return" and not grads and key not in _SAID_WITH_RETURN:
            return t(self.lang, "narr_return", name=self.returned(item))
        ref = lambda name: self.ref(local.get(name), state)  # noqa: E731
        if backward:
            text = " ".join(self.backward(call, code(line)) for call in backward)
            if grads:
                text += " " + " ".join(self.grad_set(c) for c in grads)
            if key == "manual" and backward:
                call = backward[0]
                ins = [self.name(e.src) for e in lesson.inputs_of(call.fn)]
                outs = [self.name(e.dst) for e in lesson.outputs_of(call.fn)]
                fn = self.lesson.node(call.fn).name
                if len(ins) == 1 and len(outs) == 1:
                    manual = f"{ins[0]}.grad = {fn}.backward({outs[0]}.grad)"
                    text += " " + t(self.lang, "narr_same_as_06", manual=code(manual))
            return text
        if key is None:
            if grads:
                return " ".join(self.grad_set(c) for c in grads)
            return t(self.lang, "narr_step_line", code=code(line))
        if key == "creator":
            f = local.get("f")
            if f and f[0] == "node":
                return t(self.lang, "narr_creator", fn=self.fn(f[1]), var=var)
            return t(self.lang, "narr_creator_none", var=var)
        if key == "if_f":
            f = local.get("f")
            if f and f[0] == "node":
                return t(self.lang, "narr_if_creator_yes", fn=self.fn(f[1]))
            return t(self.lang, "narr_if_creator_no", var=var)
        if key == "input":
            return t(self.lang, "narr_input", x=ref("x"), fn=ref("f"))
        if key == "input_output":
            return t(self.lang, "narr_input_output", x=ref("x"), y=ref("y"), fn=ref("f"))
        if key == "recurse":
            depth = sum(1 for f in item.stack if f.qualname == "Variable.backward")
            return t(self.lang, "narr_recurse", x=ref("x"), depth=depth)
        if key == "funcs_init":
            return t(self.lang, "narr_funcs_init", funcs=ref("funcs"), var=var)
        if key == "while":
            funcs = local.get("funcs")
            if funcs and funcs[0] == "nodes" and funcs[1]:
                return t(self.lang, "narr_while", funcs=ref("funcs"))
            return t(self.lang, "narr_while_end")
        if key == "pop":
            text = t(self.lang, "narr_pop", fn=ref("f"), funcs=ref("funcs"))
            f = local.get("f")
            if f and f[0] == "node" and f[1] in state.generation:
                text += " " + t(self.lang, "narr_pop_generation")
            return text
        if key == "has_creator":
            x = local.get("x")
            creator = lesson.creator(x[1]) if x and x[0] == "node" else None
            if creator is not None and lesson.node(x[1]).born <= position_of(lesson, item):
                if self.lesson.step >= "16":
                    return t(
                        self.lang, "narr_has_creator_add", x=ref("x"), fn=self.fn(creator, state)
                    )
                return t(self.lang, "narr_has_creator", x=ref("x"), fn=self.fn(creator, state))
            return t(self.lang, "narr_no_creator", x=ref("x"))
        if key == "append":
            return t(self.lang, "narr_append", funcs=ref("funcs"))
        if key == "seed_check":
            if _next_sets_seed(lesson, item):
                return t(self.lang, "narr_seed_check_none", var=var)
            return t(self.lang, "narr_seed_check_set", var=var)
        if key == "seed_auto":
            change = grads[0] if grads else None
            return t(
                self.lang, "narr_seed_auto", var=var, value=value(change.value) if change else "?"
            )
        if key == "funcs_empty":
            return t(self.lang, "narr_funcs_empty")
        if key == "seen_set":
            return t(self.lang, "narr_seen_set")
        if key == "add_func_def":
            return t(self.lang, "narr_add_func_def")
        if key == "add_func":
            return t(self.lang, "narr_add_func_call", code=code(line))
        if key == "not_seen":
            if _next_line_is(lesson, item, "funcs.append(f)"):
                return t(self.lang, "narr_not_seen", fn=ref("f"))
            return t(self.lang, "narr_seen", fn=ref("f"))
        if key == "append_f":
            return t(self.lang, "narr_append_f", fn=ref("f"), funcs=ref("funcs"))
        if key == "seen_add":
            return t(self.lang, "narr_seen_add", seen=ref("seen_set"))
        if key == "sort":
            return t(self.lang, "narr_sort", funcs=ref("funcs"))
        if key == "gys":
            return t(self.lang, "narr_gys", gys=ref("gys"), fn=ref("f"))
        if key == "tuple_check":
            if _next_line_is(lesson, item, "gxs = (gxs,)"):
                return t(self.lang, "narr_tuple_one")
            return t(self.lang, "narr_tuple_many")
        if key == "tuple_make":
            return t(self.lang, "narr_tuple_make")
        if key == "for":  # the loop's body starts with step 14's if, or step 13's assignment
            if _next_line_is(lesson, item, "if x.grad is None:") or _next_line_is(
                lesson, item, "x.grad = gx"
            ):
                return t(self.lang, "narr_for", x=ref("x"), gx=ref("gx"))
            return t(self.lang, "narr_for_end", fn=ref("f"))
        if key == "grad_none":
            if _next_line_is(lesson, item, "x.grad = gx"):
                return t(self.lang, "narr_grad_none", x=ref("x"))
            x = local.get("x")
            have = state.grad.get(x[1]) if x and x[0] == "node" else None
            return t(self.lang, "narr_grad_has", x=ref("x"), value=value(have))
        if key == "grad_gx":
            change = grads[0] if grads else None
            if change is not None and change.before is not None:
                return t(
                    self.lang,
                    "narr_grad_overwrite",
                    x=self.name(change.node),
                    value=value(change.value),
                    before=value(change.before),
                )
            return t(
                self.lang,
                "narr_grad_first",
                x=ref("x"),
                value=value(change.value) if change else "?",
            )
        if key == "grad_sum":
            change = grads[0] if grads else None
            if change is None:
                return t(self.lang, "narr_step_line", code=code(line))
            gx = local.get("gx")
            return t(
                self.lang,
                "narr_grad_sum",
                x=self.name(change.node),
                before=value(change.before),
                gx=value(gx[1]) if gx and gx[0] == "value" else "?",
                value=value(change.value),
            )
        if key == "retain":
            if _next_line_is(lesson, item, "for y in f.outputs:"):
                return t(self.lang, "narr_retain", fn=ref("f"))
            return t(self.lang, "narr_retain_kept")
        if key == "for_outputs":
            if grads:
                return " ".join(self.grad_set(c) for c in grads)
            return t(self.lang, "narr_for_outputs", fn=ref("f"))
        if key == "clear_output":
            change = grads[0] if grads else None
            name = self.name(change.node) if change else "y"
            return t(self.lang, "narr_clear_output", y=name)
        return t(self.lang, "narr_step_line", code=code(line))

    def returned(self, item):
        """The variable whose ``backward()`` returned at ``item`` (07: a frame leaves)."""
        return self.owner(item)

    def ref(self, found, state):
        """A local name's value as the text says it: a variable by name, a function with its
        generation, a list of them, a value."""
        if found is None:
            return "?"
        kind = found[0]
        if kind == "node":
            node = self.lesson.node(found[1])
            return self.fn(found[1], state) if node.kind == "fn" else f"`{code(node.name)}`"
        if kind == "nodes":
            items = [
                self.fn(n, state) if self.lesson.node(n).kind == "fn" else f"`{self.name(n)}`"
                for n in found[1]
            ]
            return container(found, items)
        if kind == "value":
            return value(found[1])
        if kind == "values":
            return container(found, [value(v) for v in found[1]])
        if kind == "none":
            return "None"
        return code(found[1])

    # -- what went wrong -------------------------------------------------------------------------
    def partial(self, item, done_before):
        """A backward called before every use of its output has sent its part (step 14's
        order, a manual call made too early): say which part is missing."""
        notes = []
        for call in item.calls:
            if call.kind != "backward":
                continue
            if call.fn in done_before:
                n = self.runs(call.fn, item)
                # steps 13 and 14 (no seen_set), or the program calls it again itself
                key = N_("narr_again") if item.where == "step" else N_("narr_again_program")
                notes.append(t(self.lang, key, fn=self.fn(call.fn), n=n))
            for out in call.outputs:
                missing = missing_parts(self.lesson, out, done_before | {call.fn})
                if missing and not self.seeded(out):  # a.grad set by hand is no seed: a is used
                    users = self.sep.join(self.path(e) for e in missing)
                    notes.append(
                        t(
                            self.lang,
                            "narr_partial",
                            fn=self.fn(call.fn),
                            out=self.name(out),
                            missing=users,
                        )
                    )
        return notes

    def runs(self, fn, item):
        """How many times ``fn``'s backward has run, up to and with ``item``."""
        upto = self.lesson.items[: position_of(self.lesson, item)]
        return sum(1 for i in upto for c in i.calls if c.kind == "backward" and c.fn == fn)

    def error(self, item):
        kind, message, _, params = item.error
        if kind == "Stop":
            return t(self.lang, message, **params)
        # Python's own words as code: its ``**`` (pow) is no bold mark
        text = t(self.lang, "narr_error", error=f"`{code(f'{kind}: {message}')}`")
        hint = _error_hint(kind, message, self.lesson.step)
        if hint:
            text += "\n" + t(self.lang, hint)
        return text


def _entered(lesson, item):
    """Whether the line of ``item`` called a frame of the step's code (its stack grew)."""
    index = lesson.position_of(item) - 1
    before = lesson.items[index - 1].stack if index else ()
    return len(item.stack) > len(before)


def _raises(lesson, position):
    """The line of the step's code that led to ``position`` raised: the next item is the
    error, and the line set nothing."""
    item = lesson.items[position - 1]
    nxt = lesson.items[position] if position < len(lesson.items) else None
    return nxt is not None and nxt.kind == "error" and not item.changes


def position_of(lesson, item):
    return lesson.position_of(item)


def _ones(array):
    return array is not None and bool(np.all(np.asarray(array) == 1))


def _normal(line):
    return re.sub(r"\s+", " ", line.split("#")[0]).strip()


def _next_line_is(lesson, item, text):
    index = lesson.position_of(item) - 1
    if index + 1 >= len(lesson.items):
        return False
    nxt = lesson.items[index + 1]
    return nxt.where == "step" and _normal(lesson_line(lesson, nxt)) == text


def _next_sets_seed(lesson, item):
    return _next_line_is(lesson, item, "self.grad = np.ones_like(self.data)")


def _error_hint(kind, message, step):
    if "'str'" in message or "dtype('<U" in message:  # x + 'a'
        return N_("narr_hint_text")
    if kind == "TypeError" and "** or pow()" in message and message.endswith("'Variable'"):
        return N_("narr_hint_pow")  # 2 ** x, x ** x: the book's exponent is a number
    if kind == "TypeError" and "NoneType" in message:
        return N_("narr_hint_none_grad")
    if kind == "AttributeError" and "'backward'" in message and step == "06":
        return N_("narr_hint_no_backward")
    if kind == "TypeError" and "is not supported" in message:
        return N_("narr_hint_ndarray")
    if kind == "NameError":
        return N_("narr_hint_name")
    # step 20's x * 2.0: Mul()(x, 2.0) reads 2.0.data; x + np.array(3.0): its .generation
    number = "has no attribute 'data'" in message or "'numpy.ndarray' object" in message
    if kind == "AttributeError" and number and step < "21":
        return N_("narr_hint_number")
    if kind == "TypeError" and "unsupported operand" in message and step < "22":
        return N_("narr_hint_operator")  # step 20's 2.0 * x, step 21's x - 1.0
    return None


# The book's lines inside Variable.backward (and add_func), whatever the step: what each does.
_LINES = {
    "f = self.creator": "creator",
    "if f is not None:": "if_f",
    "x = f.input": "input",
    "x.grad = f.backward(self.grad)": "manual",
    "x.backward()": "recurse",
    "funcs = [self.creator]": "funcs_init",
    "while funcs:": "while",
    "f = funcs.pop()": "pop",
    "x, y = f.input, f.output": "input_output",
    "x.grad = f.backward(y.grad)": "manual",
    "if x.creator is not None:": "has_creator",
    "funcs.append(x.creator)": "append",
    "if self.grad is None:": "seed_check",
    "self.grad = np.ones_like(self.data)": "seed_auto",
    "funcs = []": "funcs_empty",
    "seen_set = set()": "seen_set",
    "def add_func(f):": "add_func_def",
    "add_func(self.creator)": "add_func",
    "add_func(x.creator)": "add_func",
    "if f not in seen_set:": "not_seen",
    "funcs.append(f)": "append_f",
    "seen_set.add(f)": "seen_add",
    "funcs.sort(key=lambda x: x.generation)": "sort",
    "gys = [output.grad for output in f.outputs]": "gys",
    "gys = [output().grad for output in f.outputs]": "gys",
    "gxs = f.backward(*gys)": "gxs",
    "if not isinstance(gxs, tuple):": "tuple_check",
    "gxs = (gxs,)": "tuple_make",
    "for x, gx in zip(f.inputs, gxs):": "for",
    "if x.grad is None:": "grad_none",
    "x.grad = gx": "grad_gx",
    "x.grad = x.grad + gx": "grad_sum",
    "if not retain_grad:": "retain",
    "for y in f.outputs:": "for_outputs",
    "y().grad = None": "clear_output",
}
# Lines that end their frame and say so themselves (07's `if f is not None:` when f is None,
# 08's `while funcs:` when funcs is empty, add_func's last lines).
_SAID_WITH_RETURN = {"if_f", "while", "sort", "not_seen", "for", "for_outputs", "retain"}
