"""Steps 07 and 08: the code of ``y.backward()`` running line by line, as a debugger shows it.

Pure parts (lines, notes, the stack, the narration) take an ``autograd.BackwardStepper`` and
return data; the ``render_*`` functions draw them. Beside the step's ``Variable`` /
``Function`` code with the running line highlighted stands step 06's program, with the
manual call that the automatic code has just made lit.
"""

import html

import streamlit as st

from autograd import SOURCE, EventKind, Kind

from . import session, state
from .code_panel import MAX_LITERAL_VALUES, setup_lines
from .format import full, short
from .i18n import t

CSS = """
<style>
.bp-code { margin: 0 0 0.6rem; }
.bp-code pre {
  margin: 0; padding: 0.5rem 0; border-radius: 0.5rem; background: #f6f7f9;
  font-family: "Source Code Pro", "Liberation Mono", monospace; font-size: 0.82rem;
  line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere;
}
.bp-big pre { font-size: 1.1rem; }
.bp-line { display: grid; grid-template-columns: 2.4em 1fr; padding: 0 0.75rem 0 0.4rem; }
.bp-no { color: #6b6b6b; user-select: none; text-align: right; padding-right: 0.8em; }
.bp-run { background: #fff1a8; box-shadow: inset 4px 0 #d62728; }
.bp-lit { background: #ffe08a; box-shadow: inset 4px 0 #d62728; font-weight: 600; }
.bp-done .bp-text, .bp-setup .bp-text { color: #1f1f1f; }
.bp-todo .bp-text { color: #696969; }
.bp-note { color: #2b7a3d; }
.bp-run .bp-note, .bp-lit .bp-note { color: #b00000; }
.bp-stack { display: flex; flex-direction: column; gap: 0.25rem; margin: 0.2rem 0 0.4rem; }
.bp-frame {
  font-family: "Source Code Pro", "Liberation Mono", monospace; font-size: 0.85rem;
  padding: 0.2rem 0.6rem; border: 1px solid #595656; border-radius: 0.35rem;
  background: #f5a91c33;
}
.bp-frame.bp-top { border: 2px solid #d62728; background: #f5a91c88; }
.bp-frame.bp-funcs { background: #aad2e066; border-style: dashed; }
.bp-big .bp-frame { font-size: 1.1rem; }
.bp-said {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap;
}
</style>
"""


# -- the step's own program -----------------------------------------------------------------
def _number(value):
    return full(value) if value.ndim == 0 else short(value)


def program_lines(lesson, limit=MAX_LITERAL_VALUES):
    """Step 07's or 08's program as (code, status, note); status is 'setup', 'done', 'next',
    'run' (``y.backward()`` while its events play) or 'todo'."""
    chain = lesson.chain
    lines = setup_lines(chain, limit)
    position = lesson.position
    for k, call in enumerate(lesson.calls):
        if k < position:
            record = lesson.records[k]
            value = record.y if call.kind is Kind.FORWARD else record.gx
            suffix = ".data" if call.kind is Kind.FORWARD else ""
            lines.append((call.code, "done", f"{call.target}{suffix} = {_number(value)}"))
        else:
            lines.append((call.code, "next" if k == position else "todo", ""))
    n_calls = len(lesson.calls)
    backward = "todo"
    if lesson.done:
        backward = "done"
    elif position == n_calls:
        backward = "next"
    elif position > n_calls:
        backward = "run"
    lines.append(("y.backward()", backward, ""))
    done = lesson.done
    lines.append(
        ("print(x.grad)", "done" if done else "todo", _number(chain.x.grad) if done else "")
    )
    return lines


# -- the book's Variable and Function, the running line highlighted --------------------------
def _funcs(names):
    return f"[{', '.join(names)}]"


def event_note(event):
    """What the running line did, in code notation with its numbers: ``f = C``, ..."""
    kind, names = event.kind, event.variables
    if kind is EventKind.CALL:
        return "self = y"
    if kind is EventKind.CREATOR:
        return f"f = {event.function}"
    if kind is EventKind.INPUT:
        return f"x, y = {names[0]}, {names[1]}" if event.book == "08" else f"x = {names[0]}"
    if kind is EventKind.GRAD:
        return f"{names[0]}.grad = {_number(event.gx)}"
    if kind is EventKind.RECURSE:
        return f"{names[0]}.backward()"
    if kind is EventKind.RETURN:
        return f"{names[0]}.backward() -> None"
    if kind is EventKind.POP:
        return f"f = {event.function}, funcs = {_funcs(event.funcs)}"
    if kind in (EventKind.FUNCS, EventKind.APPEND):
        return f"funcs = {_funcs(event.funcs)}"
    if kind is EventKind.NO_CREATOR:
        return f"{names[0]}.creator is not None -> False"
    return "funcs = [] -> False"  # END


def _forward_notes(lesson):
    """After a forward call: the three lines of ``Function.__call__`` step 07 adds, with the
    references they set (``b.creator = B``, ``B.input = a``, ``B.output = b``)."""
    if lesson.event is not None or not lesson.records:
        return {}
    call = lesson.records[-1].call
    if call.kind is not Kind.FORWARD:
        return {}
    chain, i = lesson.chain, call.index
    F, inp, out = chain.function_names[i], chain.variable_names[i], chain.variable_names[i + 1]
    return {
        "output.set_creator(self)": f"{out}.creator = {F}",
        "self.input = input": f"{F}.input = {inp}",
        "self.output = output": f"{F}.output = {out}",
    }


def source_lines(lesson):
    """``SOURCE[book]`` as (code, status, note): 'run' on the line that just ran (after a
    forward call: the lines of ``Function.__call__`` that set the references)."""
    event = lesson.event
    forward = _forward_notes(lesson)
    lines = []
    for i, code in enumerate(SOURCE[lesson.book].splitlines()):
        if event is not None and i == event.line:
            lines.append((code, "run", event_note(event)))
        elif code.strip() in forward:
            lines.append((code, "run", forward[code.strip()]))
        else:
            lines.append((code, "setup", ""))
    return lines


# -- step 06's program, the matching manual line lit -----------------------------------------
def manual_lines(lesson):
    """Step 06's calls as (code, status, note): the forward calls and the seed as in this
    lesson; a backward call is 'done' once ``y.backward()`` has made it (with its number) and
    'lit' when it is the call the running line just made."""
    made = {record.call: record for record in lesson.records}
    event = lesson.event
    lit = None if event is None or event.call is None else lesson.stepper.timeline[event.call]
    lines = []
    for call in lesson.stepper.timeline:
        record = made.get(call)
        if record is None:
            lines.append((call.code, "todo", ""))
            continue
        value = record.y if call.kind is Kind.FORWARD else record.gx
        suffix = ".data" if call.kind is Kind.FORWARD else ""
        note = f"{call.target}{suffix} = {_number(value)}"
        lines.append((call.code, "lit" if call == lit else "done", note))
    return lines


def code_html(lines, projector=False, lang="en"):
    """A code block with line numbers, one ``<span>`` per line (every text escaped). The lit
    lines say so in words too, for a screen reader (``bp-said``: seen by no one else; not
    a11y's ``bp-sr-only``, which takes its whole element out of the page's flow)."""
    said = {status: html.escape(t(lang, f"b_sr_{status}")) for status in ("run", "lit")}
    rows = []
    for number, (code, status, note) in enumerate(lines, start=1):
        text = html.escape(code)
        mark = "✓ " if status == "done" else ""
        note_html = f'  <span class="bp-note"># {mark}{html.escape(note)}</span>' if note else ""
        if status in said:
            note_html += f'<span class="bp-said"> ({said[status]})</span>'
        rows.append(
            f'<span class="bp-line bp-{status}"><span class="bp-no">{number}</span>'
            f'<span><span class="bp-text">{text}</span>{note_html}</span></span>'
        )
    big = " bp-big" if projector else ""
    return f'<div class="bp-code{big}"><pre>{"".join(rows)}</pre></div>'


# -- the call stack (07) and the list funcs (08) --------------------------------------------
def stack_rows(lesson):
    """07: the backward calls running, outermost first (``y.backward()``, ``b.backward()``);
    08: the one frame, then ``funcs = [...]``. Empty before and after ``y.backward()``."""
    event = lesson.event
    if event is None:
        return []
    frames = [f"{name}.backward()" for name in event.stack]
    if lesson.book == "08" and event.stack:
        return frames + [f"funcs = {_funcs(event.funcs)}"]
    return frames


# -- what the last step did ----------------------------------------------------------------
def _grad_args(event, lesson):
    call = lesson.stepper.timeline[event.call]
    record = next(r for r in lesson.records if r.call == call)
    return {
        "code": event.code,
        "manual": call.code,
        "F": event.function,
        "inp": event.variables[0],
        "out": event.variables[1],
        "gy": short(record.gy),
        "d": short(record.derivative),
        "gx": short(record.gx),
    }


def explain_event(lang, lesson):
    """The narration of the last event of ``y.backward()``."""
    event = lesson.event
    kind, names, F = event.kind, event.variables, event.function
    value = short(lesson.chain.x.grad) if lesson.chain.x.grad is not None else "None"
    if kind is EventKind.CALL:
        return t(lang, f"b_call_{lesson.book}")
    if kind is EventKind.CREATOR:
        return t(lang, "b_creator", var=names[0], F=F) if F else t(lang, "b_creator_none")
    if kind is EventKind.INPUT:
        if lesson.book == "08":
            return t(lang, "b_input_08", F=F, inp=names[0], out=names[1])
        return t(lang, "b_input_07", F=F, inp=names[0])
    if kind is EventKind.GRAD:
        return t(lang, "b_grad", **_grad_args(event, lesson))
    if kind is EventKind.RECURSE:
        return t(lang, "b_recurse", inp=names[0], depth=event.depth)
    if kind is EventKind.RETURN:
        if event.stack:
            return t(lang, "b_return", var=names[0], depth=event.depth, caller=event.stack[-1])
        frames = max(e.depth for e in lesson.events)
        return t(lang, "b_return_top", value=value, frames=frames)  # b_why08: under the code
    if kind is EventKind.FUNCS:
        return t(lang, "b_funcs", F=F)
    if kind is EventKind.POP:
        return t(lang, "b_pop", F=F, funcs=_funcs(event.funcs))
    if kind is EventKind.APPEND:
        return t(lang, "b_append", inp=names[0], F=F, funcs=_funcs(event.funcs))
    if kind is EventKind.NO_CREATOR:
        return t(lang, "b_no_creator")
    return t(lang, "b_end", value=value) + "  \n" + t(lang, "b_why08")  # END


def explain(lang, lesson, step06_text):
    """What the last item of step 07's / 08's lesson did (``step06_text``: step 06's
    sentence for the same position, shown before y.backward() starts)."""
    if lesson.event is not None:
        return f"`{lesson.event.code}`  \n{explain_event(lang, lesson)}"
    if not lesson.records:
        return step06_text
    return explain_call(lang, lesson, step06_text)


def explain_call(lang, lesson, step06_text):
    """A forward call or the seed in step 07 / 08: step 06's sentence (``step06_text``) and
    what is new: the references the forward call sets, or that y.backward() comes next."""
    record = lesson.records[-1]
    call = record.call
    if call.kind is Kind.SEED:
        return f"{step06_text}  \n{t(lang, 'b_seed_next')}"
    chain = lesson.chain
    i = call.index
    links = t(
        lang,
        "b_forward_links",
        F=chain.function_names[i],
        inp=chain.variable_names[i],
        out=chain.variable_names[i + 1],
    )
    return f"{step06_text}  \n{links}"


# -- drawing ----------------------------------------------------------------------------------
def style():
    st.html(CSS)


def book_switch(spec):
    """06 / 07 / 08: the manual calls, or y.backward() making them (recursion, loop)."""
    lang = spec.lang
    st.segmented_control(
        t(lang, "book_label"),
        state.BOOKS,
        format_func=lambda book: t(lang, f"book_{book}"),
        key="book_select",
        on_change=session.on_widget,
        args=("book_select",),
        required=True,
        help=t(lang, "book_help"),
    )


def render_stack(spec, lesson):
    """The call stack (07) or the list funcs (08), as it is after the last event."""
    lang = spec.lang
    rows = stack_rows(lesson)
    header = "b_stack_header" if lesson.book == "07" else "b_funcs_header"
    st.markdown(f"**{t(lang, header)}**")
    if not rows:
        st.caption(t(lang, "b_stack_empty"))
        return
    frames = len(lesson.event.stack)  # 08: the frame, then the list funcs
    boxes = "".join(
        f'<div class="bp-frame{" bp-top" if i == frames - 1 else ""}'
        f'{" bp-funcs" if i >= frames else ""}">{html.escape(row)}</div>'
        for i, row in enumerate(rows)
    )
    big = " bp-big" if spec.projector else ""
    st.html(f'<div class="bp-stack{big}" data-testid="bp-stack">{boxes}</div>')
    key = "b_stack_caption" if lesson.book == "07" else "b_funcs_caption"
    st.caption(t(lang, key, depth=lesson.event.depth))


def render_code(spec, lesson):
    """The step's program and its Variable / Function code, beside step 06's program."""
    lang, book, big = spec.lang, lesson.book, spec.projector
    step = t(lang, f"book_step_{book}")
    left, right = st.columns([5, 4])
    with left:
        st.markdown(f"**{t(lang, 'b_program_header', step=step)}**")
        st.html(code_html(program_lines(lesson), big, lang))
        st.markdown(f"**{t(lang, 'b_source_header', step=step)}**")
        st.html(code_html(source_lines(lesson), big, lang))
    with right:
        render_stack(spec, lesson)
        st.markdown(f"**{t(lang, 'b_manual_header')}**")
        st.html(code_html(manual_lines(lesson), big, lang))
    st.caption(t(lang, "b_code_caption"))
    if book == "07":
        st.caption(t(lang, "b_why08"))
