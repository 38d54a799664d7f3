"""The learner's functions in the spec: the reducer's rules for Define / Undefine / AddOp and
the exercises, and def= in the URL (round trip, tampered values shown inert)."""

from dataclasses import replace

import numpy as np
import pytest
from harness import outside_code_spans

from autograd import Stepper
from components import messages, state, userfn
from components.url import from_query, to_query

CUBE = ("Cube", "x**3", "3*x**2*gy")
BOOK = state.Spec()
WITH_CUBE = replace(BOOK, defs=(CUBE,))
IN_CHAIN = replace(WITH_CUBE, ops=("Cube", *BOOK.ops), step=5)  # first: its gy is not 1


def keys(said):
    return [(m.level, m.key, m.where) for m in said]


def test_defining_a_function_keeps_the_lesson_and_says_so_in_its_form():
    spec, said = state.apply(replace(BOOK, step=3), state.Define(0, " Cube ", " x**3 ", ""))
    assert spec == replace(BOOK, step=3, defs=(("Cube", "x**3", ""),))
    assert keys(said) == [("success", "def_saved", "def0")]
    spec, said = state.apply(spec, state.Define(0, *CUBE))
    assert spec.defs == (CUBE,) and keys(said) == [("success", "def_updated", "def0")]


@pytest.mark.parametrize(
    ("definition", "field", "reason"),
    [
        (("cube", "x**3", ""), "name", "name_invalid"),
        (("Exp", "x**3", ""), "name", "name_builtin"),
        (("Quad", "x**4 +", ""), "forward", "expr_syntax"),
        (("Quad", "x**4", "open('f').read()"), "backward", "expr_function"),
    ],
)
def test_a_refused_definition_changes_nothing_and_names_the_field(definition, field, reason):
    spec, said = state.apply(WITH_CUBE, state.Define(1, *definition))
    assert spec is WITH_CUBE
    [message] = said
    assert (message.level, message.key, message.where) == ("error", "write_field_error", "def1")
    assert message.args["field"].key == f"field_{field}"
    assert message.args["reason"].key == reason
    assert messages.text("ko", message) and messages.text("ja", message)


@pytest.mark.parametrize(
    ("spec", "action", "key"),
    [
        (WITH_CUBE, state.Define(1, *CUBE), "def_duplicate"),
        (IN_CHAIN, state.Define(0, "Cube", "x**3", ""), "def_backward_needed"),
        (
            replace(BOOK, defs=tuple((f"Fn{i}", "x", "gy") for i in range(userfn.MAX_DEFS))),
            state.Define(userfn.MAX_DEFS, *CUBE),
            "write_limit",
        ),
        (replace(BOOK, defs=(("Cube", "x**3", ""),)), state.AddOp("Cube"), "write_unfinished"),
    ],
)
def test_refusals(spec, action, key):
    new, said = state.apply(spec, action)
    assert new is spec
    assert [m.key for m in said] in ([key], ["write_field_error"])
    if said[0].key == "write_field_error":
        assert said[0].args["reason"].key == key


def test_a_function_in_the_chain_is_edited_and_renamed_in_place():
    wrong = ("Cube", "x**3", "3*x**2")
    spec, _ = state.apply(IN_CHAIN, state.Define(0, *wrong))
    assert (spec.ops, spec.step) == (IN_CHAIN.ops, IN_CHAIN.step)  # the same calls
    right = state.build_stepper(replace(IN_CHAIN, step=IN_CHAIN.total)).chain.x.grad
    broken = state.build_stepper(replace(spec, step=spec.total)).chain.x.grad
    assert not np.isclose(right, broken)  # the learner sees the wrong x.grad
    spec, _ = state.apply(spec, state.Define(0, "MyCube", *wrong[1:]))
    assert spec.ops[0] == "MyCube" and spec.defs[0][0] == "MyCube"


def test_adding_deleting_and_the_engine():
    spec, said = state.apply(WITH_CUBE, state.AddOp("Cube"))
    assert spec.ops == (*BOOK.ops, "Cube") and said == ()
    end = state.build_stepper(replace(spec, step=spec.total)).chain.x.grad
    engine = Stepper(spec.ops, 0.5, userfn.registry(spec.defs)).run_to_end()
    assert end == engine.chain.x.grad
    spec, said = state.apply(IN_CHAIN, state.Undefine(0))
    assert (spec.defs, spec.ops, spec.step) == ((), BOOK.ops, 0)
    assert [m.key for m in said] == ["def_deleted_chain", "steps_reset"]
    spec, said = state.apply(WITH_CUBE, state.Undefine(0))
    assert spec == BOOK and [m.key for m in said] == ["def_deleted"]


@pytest.mark.parametrize("name", state.EXERCISES)
def test_an_exercise_fills_the_forward_and_leaves_the_backward(name):
    function, forward = state.EXERCISES[name]
    start = replace(BOOK, defs=((function, "x", "gy"),), ops=(*BOOK.ops, function), step=2)
    spec, said = state.apply(start, state.Preset(name))
    assert spec.defs == ((function, forward, ""),)
    assert (spec.ops, spec.x, spec.step) == (BOOK.ops, BOOK.x, 0)  # it left the chain
    assert [m.key for m in said] == ["exercise_loaded", "steps_reset"]
    assert not userfn.read(spec.defs[0]).complete


# -- the URL ------------------------------------------------------------------------------
def test_definitions_round_trip_in_the_url_and_are_used_by_name():
    spec = replace(IN_CHAIN, defs=(CUBE, ("Draft", "np.sin(x)", "")))
    query = to_query(spec)
    assert query["def"] == ["Cube:x**3:3*x**2*gy", "Draft:np.sin(x):"]
    assert query["f"].startswith("Cube,")
    assert from_query(query, "en") == (spec, ())


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Cube:__import__('os').system('rm -rf /'):3*x**2*gy", "expr_function"),
        ("Cube:x**3:gy.__class__.__bases__", "expr_function"),
        ("Cube:![x](evil.png):gy", "expr_syntax"),
        ("Cube:![x](http://evil/i.png):gy", "def_param_parts"),
        ("Cube:x**3:[gy for gy in 'ab']", "expr_node"),
        ("**Cube**:x:gy", "name_invalid"),
        ("Cube:x`![x](e.png)`:gy", "expr_syntax"),
        ("Cube:x\n\n![x](e.png):gy", "expr_character"),
        ("Square:x**2:2*x*gy", "name_builtin"),
        ("Cube:x**3", "def_param_parts"),
        ("Cube:" + "x" * 10_000 + ":gy", "def_param_too_long"),
    ],
)
def test_a_tampered_def_warns_inert_and_the_chain_falls_back_to_the_books(value, reason):
    spec, warnings = from_query({"def": value, "f": "Square,Cube"}, "en")
    assert spec == BOOK
    assert [w.key for w in warnings] == ["url_bad_def", "url_unknown_function"]
    assert warnings[0].args["reason"].key == reason
    for lang in ("ko", "en", "ja"):
        text = messages.text(lang, warnings[0])
        rendered = outside_code_spans(text)
        assert "\n" not in text and "![" not in rendered and "**" not in rendered


def test_more_than_four_definitions_and_duplicates():
    values = [f"Fn{i}:x:gy" for i in range(6)] + ["Fn0:x:gy"]
    spec, warnings = from_query({"def": values}, "en")
    assert [d[0] for d in spec.defs] == ["Fn0", "Fn1", "Fn2", "Fn3"]
    assert [w.key for w in warnings] == ["url_too_many_defs"]
    spec, warnings = from_query({"def": ["Fn0:x:gy", "Fn0:x:2*gy"]}, "en")
    assert spec.defs == (("Fn0", "x", "gy"),)
    assert warnings[0].args["reason"].key == "def_duplicate"
