"""Every position of a lesson's graph, laid out once (pure: the layout program is passed in).

``frames(lesson, view, ...)`` walks the lesson once and returns what the page's graph
element needs to step it without the server:

- ``svg``: ONE layout of the view, every node at the fixed size of its group over the whole
  lesson (``graph.sizes``), so no node can move while the lesson is stepped;
- ``base`` and ``deltas``: each position's ``{id: [text, class]}`` (``graph.labels``), the
  first in full and the others as differences from the one before;
- ``anims``: per position, how its item moves on the graph: ``legs`` (``[edge id, reverse,
  text, phase]``: a value travelling along an arrow, phase 0 then phase 1), ``hold`` (ids
  whose new text appears when the values arrive) and ``appear`` (ids that light up).

The contract is the element's (``components/ui/graph_element.js``): more positions, ids or
class words are only more data to apply.
"""

import numpy as np

from .. import format as fmt
from . import graph


def walk(lesson):
    """``(position, item, state, done_backward)`` for every position, in one walk: the item
    that led there (None at 0), the state, and the functions whose backward has run."""
    done = frozenset()
    states = lesson.states()
    state = next(states)
    yield 0, None, state, done
    for position, item in enumerate(lesson.items, start=1):
        state = next(states)
        ran = {call.fn for call in item.calls if call.kind == "backward"}
        if ran - done:
            done = done | ran
        yield position, item, state, done


def frames(
    lesson, view, lang="en", projector=False, rankdir="LR", wrong=(), layout=None, gens=False
):
    """The element's graph data for one view of ``lesson`` (see the module's docstring).
    ``layout(dot) -> svg text`` lays the DOT out (None: no SVG, for tests of the states);
    ``gens`` adds each node's generation to its label."""
    ctx = graph.context(lesson, view, lang, wrong, gens)
    shape = graph.shape(lesson, view)
    anims, seen, deltas = [], {}, []
    previous = None
    first = last = None
    for position, item, state, done in walk(lesson):
        only, base = _only(lesson, item, previous)
        labels = graph.labels(ctx, position, state, done, item, only, base)
        if base is None:  # the start: every label
            first = labels
            changed = labels
        else:  # what the labels of ``only`` changed (the others are ``base``'s)
            computed = labels.written if only is not None else labels
            changed = {k: labels[k] for k in computed if base.get(k) != labels[k]}
            deltas.append({k: list(v) for k, v in changed.items()})
        for node_id, (text, _) in changed.items():
            if text is not None:
                seen.setdefault(node_id, set()).add(text)
        previous = (item, labels, done)
        last = labels
        anims.append(animation(lesson, view, item, labels, state) if item else None)
    # the layout's own labels: the end's, so that the SVG as a file is the finished picture
    sizes = graph.sizes(shape, seen, projector)
    dot = graph.source(shape, last, sizes, projector, rankdir, styled=False)
    base = {k: list(v) for k, v in first.items()}
    return {
        "svg": layout(dot) if layout else None,
        "dot": dot,
        "sizes": sizes,
        "base": base,
        "deltas": deltas,
        "anims": anims,
        "rankdir": rankdir,
    }


def states_of(lesson, view, lang="en", wrong=(), gens=False):
    """Every position's ``{id: (text, class)}`` (the states ``frames`` sends, in full, each
    computed on its own: what ``frames``' differences must rebuild)."""
    ctx = graph.context(lesson, view, lang, wrong, gens)
    return [
        graph.labels(ctx, position, state, done, item)
        for position, item, state, done in walk(lesson)
    ]


def _only(lesson, item, previous):
    """What changes from the position before to the one ``item`` leads to: the nodes it set,
    touched, called or made, and those the item before outlined (their red goes); None at
    the start (every node is computed)."""
    if previous is None or item is None:
        return None, None
    before, labels, done = previous
    nodes = set()
    position = lesson.position_of(item)
    for it in (before, item):
        if it is None:
            continue
        nodes.update(c.node for c in it.changes)
        nodes.update(it.touched)
        for call in it.calls:
            nodes.update((call.fn, *call.inputs, *call.outputs))
    nodes.update(n.id for n in lesson.nodes if n.born == position)
    nodes.update(e.src for e in lesson.edges if e.born == position)
    return nodes, labels


def animation(lesson, view, item, labels, state=None):
    """How ``item`` moves on ``view``: a forward call sends each input's value through the
    function into its output; a backward call sends the output's grad through the
    derivative (``gy × local``) into each input's grad; a grad set by a line lights up."""
    legs, hold, appear = [], [], []
    forward = view in ("stacked", "forward")
    backward = view in ("stacked", "code")
    set_grads = {c.node for c in item.changes if c.field == "grad" and c.value is not None}
    for call in item.calls:
        edges_in = lesson.inputs_of(call.fn)
        edges_out = lesson.outputs_of(call.fn)
        if call.kind == "forward":
            if not forward:
                continue
            for edge in edges_in:
                legs.append([edge.id, False, _value_text(lesson, edge.src, "data", item, state), 0])
            for edge in edges_out:
                legs.append([edge.id, False, _value_text(lesson, edge.dst, "data", item, state), 1])
                hold.append(edge.dst)
            continue
        gy = call.gys[0] if call.gys else None
        local = lesson.local.get(call.fn, ())
        for edge in edges_out:
            arrow = "b" + edge.id[1:] if backward else edge.id
            legs.append([arrow, not backward, fmt.short(gy), 0])
        for k, edge in enumerate(edges_in):
            arrow = "b" + edge.id[1:] if backward else edge.id
            part = local[k] if k < len(local) else None
            legs.append([arrow, not backward, _times(gy, part, call.gxs, k), 1])
            target = graph._mirror(edge.src) if backward else edge.src
            if edge.src in set_grads:
                hold.append(target)
    for node in set_grads:
        target = graph._mirror(node) if backward else node
        if target not in hold and target in labels and (backward or forward):
            appear.append(target)
    if not legs and not appear:
        return None
    return {"legs": legs, "hold": sorted(set(hold)), "appear": sorted(set(appear))}


def _value_text(lesson, node_id, field, item, state=None):
    """The value a token carries: set by the item, else held at the item's position (an
    input's data), else the node's name."""
    for change in item.changes:
        if change.node == node_id and change.field == field:
            return fmt.short(change.value)
    held = None if state is None else getattr(state, field).get(node_id)
    return fmt.short(held) if held is not None else lesson.node(node_id).name


def _times(gy, local, gxs, k):
    """``gy × local`` as the token carries it into an input's grad (``1 × 2.56805``): ``gy``
    alone where the local derivative is 1 (Add)."""
    if local is None or gy is None:
        return fmt.short(gxs[k]) if k < len(gxs) and gxs[k] is not None else "None"
    if np.all(np.asarray(local) == 1):
        return fmt.short(gy)
    return f"{fmt.short(gy)} × {fmt.short(local)}"
