"""The learner's program parser (``autograd.program``): hostile and broken programs are
refused with their key, line and column, fast, and nothing of them ever runs (tripwires);
the book's programs and the forms the issue allows are accepted."""

import ast
import builtins
import contextlib
import importlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from autograd import program, steps, tracer
from autograd.program import ProgramError, names_for, parse

ROOT = Path(__file__).resolve().parents[2]
FAST = 0.5  # seconds of this process's CPU: the most one refusal may take (CPU, not wall
# time: other processes on the machine must not make a refusal look slow)
V = "x = Variable(np.array(2.0))\n"  # a line many programs start with
NAMES = {
    step: names_for(step, steps.book(step).names, steps.book(step).hidden) for step in steps.STEPS
}


def refuse(text, step="16"):
    """The ProgramError ``parse`` raises for ``text`` on ``step`` (and the CPU it took)."""
    start = time.process_time()
    with pytest.raises(ProgramError) as caught:
        parse(text, NAMES[step])
    return caught.value, time.process_time() - start


# -- the hostile table: (id, step, text, key, line, column) -----------------------------------
def _deep_plus_program():
    line = "y=" + "+".join(["x"] * 30) + "\n"  # 59 nodes a line, 29 deep (within the limit)
    return V + line * 96


_POW = "def f(x):\n    return x\n"
HOSTILE = [
    # syntax and indentation
    ("syntax-open-paren", "16", "x = (\n", "program_unclosed", 1, 5),
    ("syntax-unclosed-call", "16", V + "y = square(x\nprint(y)\n", "program_unclosed", 2, 11),
    ("syntax-unmatched", "16", V + "y = square(x))\n", "program_unmatched", 2, 14),
    ("syntax-mismatch", "16", V + "y = square(x]\n", "program_mismatch", 2, 13),
    ("syntax-comma", "16", V + "y = add(x x)\n", "program_comma", 2, 9),
    ("syntax-missing-colon", "16", "def f(x)\n    return x\n", "program_colon", 1, 9),
    ("syntax-keyword-as-name", "16", "class = 1\n", "program_syntax", 1, 7),
    ("syntax-unterminated-string", "16", "x = 'abc\n", "program_quote", 1, 5),
    ("syntax-double-equals", "16", "y = = x\n", "program_syntax", 1, 5),
    ("syntax-dollar", "16", "x = $1\n", "program_syntax", 1, 5),
    ("indent-unexpected", "16", V + "  y = square(x)\n", "program_indent", 2, 3),
    ("indent-expected", "16", "def f(x):\nreturn x\n", "program_indent", 2, 1),
    ("indent-unindent-mismatch", "18", "with no_grad():\n    x = 1\n  y = 2\n",
     "program_indent", 3, 3),
    ("indent-tab-then-spaces", "18", "with no_grad():\n\tx = 1\n        y = 2\n",
     "program_indent", 3, 9),
    # forbidden statements
    ("import", "16", "import os\n", "program_statement", 1, 1),
    ("import-from", "16", "from os import system\n", "program_statement", 1, 1),
    ("import-after-good-line", "16", V + "import subprocess\n", "program_statement", 2, 1),
    ("for", "16", V + "for i in x:\n    y = i\n", "program_statement", 2, 1),
    ("while", "16", "while 1:\n    x = 1\n", "program_statement", 1, 1),
    ("if", "16", "if 1:\n    x = 1\n", "program_statement", 1, 1),
    ("try", "16", "try:\n    x = 1\nexcept Exception:\n    x = 2\n",
     "program_statement", 1, 1),
    ("raise", "16", "raise ValueError\n", "program_statement", 1, 1),
    ("assert", "16", "assert 1\n", "program_statement", 1, 1),
    ("class", "16", "class A:\n    x = 1\n", "program_statement", 1, 1),
    ("global", "16", "global x\n", "program_statement", 1, 1),
    ("nonlocal", "16", "nonlocal x\n", "program_statement", 1, 1),
    ("del", "16", "x = 1\ndel x\n", "program_statement", 2, 1),
    ("pass", "16", "pass\n", "program_statement", 1, 1),
    ("break", "16", "break\n", "program_statement", 1, 1),
    ("continue", "16", "continue\n", "program_statement", 1, 1),
    ("async-def", "16", "async def f(x):\n    return x\n", "program_statement", 1, 1),
    ("async-for", "16", "async for i in x:\n    y = i\n", "program_statement", 1, 1),
    ("async-with", "16", "async with x:\n    y = 1\n", "program_statement", 1, 1),
    ("augmented-assign", "16", "x = 1\nx += 1\n", "program_statement", 2, 1),
    ("augmented-grad", "16", V + "x.grad += 1\n", "program_statement", 2, 1),
    ("annotation", "16", "x: int = 1\n", "program_statement", 1, 1),
    ("bare-annotation", "16", "x: int\n", "program_statement", 1, 1),
    ("return-outside-def", "16", "return 1\n", "program_statement", 1, 1),
    ("match", "16", "x = 1\nmatch x:\n    case 1:\n        y = 2\n",
     "program_statement", 2, 1),
    ("yield-at-top", "16", "x = yield 1\n", "program_node", 1, 5),
    ("yield-in-def", "16", "def f(x):\n    y = yield x\n    return y\n", "program_node", 2, 9),
    ("yield-last-in-def", "16", "def f(x):\n    yield x\n", "program_def_return", 2, 5),
    ("await", "16", "x = await y\n", "program_node", 1, 5),
    ("chained-assign", "16", "a = b = 1\n", "program_chained_assign", 1, 5),
    ("starred-target", "16", "*a, b = 1, 2\n", "program_target", 1, 1),
    ("attribute-in-tuple-target", "16", V + "x.grad, y = 1, 2\n", "program_target", 2, 1),
    ("nested-tuple-target", "16", "a, (b, c) = 1, 2\n", "program_target", 1, 4),
    ("expression-statement", "16", V + "x\n", "program_no_effect", 2, 1),
    ("docstring", "16", "'''text'''\n", "program_no_effect", 1, 1),
    ("subscript-statement", "16", "print(1)[0]\n", "program_no_effect", 1, 1),
    ("def-calls-itself-inside", "22", "def g(a):\n    b = g(a)\n    return b\n",
     "program_def_recursive", 2, 9),
    ("ragged-array", "16", "x = Variable(np.array([[1, 2], [3]]))\n", "program_ragged", 1, 32),
    ("ragged-depth", "16", "x = Variable(np.array([[1, 2], 3]))\n", "program_ragged", 1, 32),
    ("minus-infinity", "22", V + "y = x * -1e999\n", "program_nonfinite", 2, 10),
    ("rebind-as_array", "22", "as_array = 1\n", "program_reserved", 1, 1),
    ("def-Config", "18", "def Config(a):\n    return a\n", "program_reserved", 1, 1),
    # forbidden expressions
    ("lambda", "16", "f = lambda x: x\n", "program_node", 1, 5),
    ("call-lambda", "16", "(lambda: 0)()\n", "program_call", 1, 1),
    ("if-expression", "16", "x = 1 if 1 else 2\n", "program_node", 1, 5),
    ("list", "16", "x = [1, 2]\n", "program_list", 1, 5),
    ("list-in-variable", "16", "x = Variable([1.0, 2.0])\n", "program_list", 1, 14),
    ("subscript", "16", V + "y = x.data[0]\n", "program_node", 2, 5),
    ("slice", "16", V + "print(x.data[1:])\n", "program_node", 2, 7),
    ("list-comprehension", "16", "x = [i for i in ()]\n", "program_node", 1, 5),
    ("generator", "16", "print(i for i in ())\n", "program_node", 1, 6),
    ("dict-comprehension", "16", "x = {i: i for i in ()}\n", "program_node", 1, 5),
    ("f-string", "16", 'x = f"{1}"\n', "program_node", 1, 5),
    ("comparison", "16", "x = 1 < 2\n", "program_node", 1, 5),
    ("boolean-op", "16", "x = 1 and 2\n", "program_node", 1, 5),
    ("not", "22", "x = not 1\n", "program_operator", 1, 5),
    ("invert", "22", "x = ~1\n", "program_operator", 1, 5),
    ("unary-plus-variable", "22", V + "y = +x\n", "program_operator", 2, 5),
    ("floor-division", "22", "x = 7 // 2\n", "program_operator", 1, 5),
    ("modulo", "22", "x = 7 % 2\n", "program_operator", 1, 5),
    ("matmul", "22", V + "y = x @ x\n", "program_operator", 2, 5),
    ("shift", "22", "x = 1 << 2\n", "program_operator", 1, 5),
    ("dict", "16", "x = {1: 2}\n", "program_node", 1, 5),
    ("set", "16", "x = {1}\n", "program_node", 1, 5),
    ("starred-call", "16", V + "print(*x)\n", "program_node", 2, 7),
    ("double-starred-call", "16", V + "y = Variable(**x)\n", "program_keyword", 2, 14),
    ("walrus", "16", "print(y := 1)\n", "program_node", 1, 7),
    ("tuple-in-call", "16", "print((1, 2))\n", "program_node", 1, 7),
    ("bytes", "16", "x = b'os'\n", "program_node", 1, 5),
    ("complex", "16", "x = 1j\n", "program_node", 1, 5),
    ("ellipsis", "16", "x = ...\n", "program_node", 1, 5),
    ("dunder-class", "16", V + "y = x.__class__\n", "program_attribute", 2, 5),
    ("dunder-of-data", "16", V + "y = x.data.__class__\n", "program_attribute", 2, 5),
    ("dunder-globals", "16", "y = square.__globals__\n", "program_attribute", 1, 5),
    ("attribute-inputs", "16", V + "y = x.inputs\n", "program_attribute", 2, 5),
    ("attribute-method-as-value", "16", V + "y = x.cleargrad\n", "program_attribute", 2, 5),
    ("np-array-as-value", "16", "f = np.array\n", "program_attribute", 1, 5),
    ("write-data", "16", V + "x.data = np.array(3.0)\n", "program_attribute_write", 2, 1),
    ("write-creator", "16", V + "x.creator = None\n", "program_attribute_write", 2, 1),
    ("write-dunder", "16", V + "x.__dict__ = 1\n", "program_attribute_write", 2, 1),
    ("method-set-creator", "16", V + "x.set_creator(None)\n", "program_method", 2, 1),
    ("method-init", "16", V + "Variable.__init__(x, 1)\n", "program_method", 2, 1),
    ("method-of-data", "16", V + "y = x.data.tolist()\n", "program_method", 2, 5),
    ("method-forward", "16", "A = Square()\nA.forward(1)\n", "program_method", 2, 1),
    ("cleargrad-args", "16", V + "x.cleargrad(1)\n", "program_cleargrad_args", 2, 1),
    ("np-exp", "16", "x = np.exp(1.0)\n", "program_np_function", 1, 5),
    ("np-load", "16", "x = np.load('a.npy')\n", "program_np_function", 1, 5),
    ("np-dunder", "16", "x = np.__builtins__\n", "program_attribute", 1, 5),
    ("np-as-value", "16", "x = np\n", "program_np", 1, 5),
    ("np-array-of-array", "16", "x = np.array(np.array(1.0))\n", "program_array_literal", 1, 14),
    ("np-array-of-name", "16", "x = 1\ny = np.array(x)\n", "program_array_literal", 2, 14),
    ("np-array-of-string", "16", "x = np.array('1')\n", "program_array_literal", 1, 14),
    ("np-array-of-bool", "16", "x = np.array(True)\n", "program_array_literal", 1, 14),
    ("np-array-double-minus", "16", "x = np.array(--1)\n", "program_array_literal", 1, 14),
    ("np-array-dtype", "16", "x = np.array(1.0, dtype=float)\n", "program_np_array", 1, 5),
    ("np-array-no-args", "16", "x = np.array()\n", "program_np_array", 1, 5),
    ("np-array-empty", "16", "x = np.array([])\n", "program_array_empty", 1, 14),
    ("import-builtin", "16", "__import__('os')\n", "program_unknown_function", 1, 1),
    ("eval", "16", "eval('1')\n", "program_unknown_function", 1, 1),
    ("exec", "16", "exec('import os')\n", "program_unknown_function", 1, 1),
    ("compile", "16", "x = compile('1', '', 'eval')\n", "program_unknown_function", 1, 5),
    ("open", "16", "open('/etc/passwd')\n", "program_unknown_function", 1, 1),
    ("getattr", "16", "getattr(1, 'x')\n", "program_unknown_function", 1, 1),
    ("hidden-using-config", "18", "using_config('enable_backprop', False)\n",
     "program_unknown_function", 1, 1),
    ("hidden-function-class", "16", "f = Function()\n", "program_unknown_function", 1, 5),
    ("mul-before-step-20", "16", V + "y = mul(x, x)\n", "program_unknown_function", 2, 5),
    ("dunder-name-read", "16", V + "x.backward(__x__)\n", "program_dunder", 2, 12),
    ("print-file", "16", "print(1, file=None)\n", "program_keyword", 1, 10),
    ("print-sep", "16", "print(1, sep='')\n", "program_keyword", 1, 10),
    ("print-as-value", "16", "p = print\n", "program_print_call", 1, 5),
    ("variable-dtype", "16", "x = Variable(np.array(1.0), dtype=1)\n", "program_keyword", 1, 29),
    ("variable-name-twice", "22", "x = Variable(np.array(1.0), name='a', name='b')\n",
     "program_keyword", 1, 39),
    ("backward-unknown-keyword", "18", V + "x.backward(foo=1)\n", "program_keyword", 2, 12),
    ("square-keyword", "16", V + "y = square(x=x)\n", "program_keyword", 2, 12),
    ("instance-call-keyword", "16", "A = Square()\nA(x=1)\n", "program_keyword", 2, 3),
    ("too-many-args", "16", "print(1, 1, 1, 1, 1, 1, 1, 1, 1)\n", "program_too_many_args", 1, 1),
    ("mul-operator-step-16", "16", V + "y = x * x\n", "program_operator_step", 2, 5),
    ("add-operator-step-16", "16", V + "y = x + 1\n", "program_operator_step", 2, 5),
    ("negation-step-16", "16", V + "y = -x\n", "program_operator_step", 2, 5),
    ("power-step-18", "18", "x = 10 ** 20\n", "program_operator_step", 1, 5),
    ("operator-in-def-step-16", "16", "def f(x):\n    return x * x\n",
     "program_operator_step", 2, 12),
    # names
    ("unbound-print", "16", "print(y)\n", "program_unbound", 1, 7),
    ("unbound-self", "16", "x = x\n", "program_unbound", 1, 5),
    ("unbound-later", "16", "y = square(x)\n" + V, "program_unbound", 1, 12),
    ("numpy-not-np", "16", "x = numpy.array(1.0)\n", "program_method", 1, 5),
    ("unbound-numpy", "16", "x = numpy\n", "program_unbound", 1, 5),
    ("call-unknown", "16", "y = cube(1)\n", "program_unknown_function", 1, 5),
    ("reserved-np", "16", "np = 1\n", "program_reserved", 1, 1),
    ("reserved-print", "16", "print = 1\n", "program_reserved", 1, 1),
    ("reserved-square", "16", "square = 1\n", "program_reserved", 1, 1),
    ("reserved-Variable", "16", "Variable = 1\n", "program_reserved", 1, 1),
    ("reserved-in-tuple", "16", "a, numpy = 1, 2\n", "program_reserved", 1, 4),
    ("reserved-self", "16", "self = 1\n", "program_reserved", 1, 1),
    ("reserved-no-grad", "18", "no_grad = 1\n", "program_reserved", 1, 1),
    ("dunder-assign", "16", "__builtins__ = 1\n", "program_dunder", 1, 1),
    ("non-ascii-identifier", "16", "é = 1\n", "program_identifier", 1, 1),
    ("non-ascii-identifier-read", "16", V + "y = square(é)\n", "program_identifier", 2, 12),
    ("cyrillic-lookalike", "16", "\u0445 = 1\n", "program_identifier", 1, 1),
    # defs
    ("def-default", "16", "def f(x=1):\n    return x\n", "program_def_form", 1, 1),
    ("def-varargs", "16", "def f(*x):\n    return x\n", "program_def_form", 1, 1),
    ("def-kwargs", "16", "def f(**x):\n    return x\n", "program_def_form", 1, 1),
    ("def-keyword-only", "16", "def f(*, x):\n    return x\n", "program_def_form", 1, 1),
    ("def-positional-only", "16", "def f(x, /):\n    return x\n", "program_def_form", 1, 1),
    ("def-annotation", "16", "def f(x: int):\n    return x\n", "program_def_form", 1, 1),
    ("def-returns", "16", "def f(x) -> int:\n    return x\n", "program_def_form", 1, 1),
    ("def-duplicate-param", "16", "def f(x, x):\n    return x\n", "program_def_form", 1, 1),
    ("def-decorator", "16", "@square\ndef f(x):\n    return x\n", "program_def_form", 2, 1),
    ("def-no-return", "16", "def f(x):\n    y = x\n", "program_def_return", 2, 5),
    ("def-bare-return", "16", "def f(x):\n    return\n", "program_def_return", 2, 5),
    ("def-code-after-return", "16", "def f(x):\n    return x\n    y = x\n",
     "program_def_return", 3, 5),
    ("def-print-body", "16", "def f(x):\n    print(x)\n    return x\n", "program_def_body", 2, 5),
    ("def-backward-body", "16", "def f(x):\n    x.backward()\n    return x\n",
     "program_def_body", 2, 5),
    ("def-augassign-body", "16", "def f(x):\n    x += 1\n    return x\n",
     "program_def_body", 2, 5),
    ("def-with-body", "18", "def f(x):\n    with no_grad():\n        y = x\n    return x\n",
     "program_def_body", 2, 5),
    ("def-nested", "16", "def f(x):\n    def g(y):\n        return y\n    return x\n",
     "program_def_body", 2, 5),
    ("def-in-with", "18", "with no_grad():\n    def f(x):\n        return x\n",
     "program_def_top", 2, 5),
    ("def-reads-global", "16", "y = 1\ndef f(x):\n    return y\n", "program_def_global", 3, 12),
    ("def-reads-global-in-body", "16", "y = 1\ndef f(x):\n    z = square(y)\n    return z\n",
     "program_def_global", 3, 16),
    ("def-recursive", "16", "def f(x):\n    return f(x)\n", "program_def_recursive", 2, 12),
    ("def-wrong-arity", "16", _POW + "z = f(1, 2)\n", "program_def_arity", 3, 5),
    ("def-too-few", "16", _POW + "z = f()\n", "program_def_arity", 3, 5),
    ("def-keyword-call", "16", _POW + "z = f(x=1)\n", "program_def_arity", 3, 5),
    ("def-called-before", "16", "z = f(1)\n" + _POW, "program_unknown_function", 1, 5),
    ("def-twice", "16", _POW + _POW, "program_reserved", 3, 1),
    ("def-rebound", "16", _POW + "f = 1\n", "program_reserved", 3, 1),
    ("def-reserved-name", "16", "def square(x):\n    return x\n", "program_reserved", 1, 1),
    ("def-reserved-param", "16", "def f(np):\n    return np\n", "program_reserved", 1, 7),
    ("def-dunder", "16", "def __init__(x):\n    return x\n", "program_dunder", 1, 1),
    # with
    ("with-open", "18", "with open('x'):\n    y = 1\n", "program_with", 1, 1),
    ("with-as", "18", "with no_grad() as g:\n    y = 1\n", "program_with", 1, 1),
    ("with-two-items", "18", "with no_grad(), no_grad():\n    y = 1\n", "program_with", 1, 1),
    ("with-no-call", "18", "with no_grad:\n    y = 1\n", "program_with", 1, 1),
    ("with-args", "18", "with no_grad(1):\n    y = 1\n", "program_with", 1, 1),
    ("with-no-grad-step-16", "16", "with no_grad():\n    y = 1\n", "program_with_step", 1, 1),
    ("with-no-grad-step-09", "09", "with no_grad():\n    y = 1\n", "program_with_step", 1, 1),
    ("no-grad-outside-with", "18", "g = no_grad()\n", "program_no_grad_with", 1, 5),
    ("with-body-import", "18", "with no_grad():\n    import os\n", "program_statement", 2, 5),
    # literals
    ("huge-integer", "16", "x = 100000000000000000000\n", "program_big_int", 1, 5),
    ("huge-integer-underscores", "16", "x = 1_000_000_000_000_000_000\n", "program_big_int", 1, 5),
    ("huge-integer-in-array", "16", "x = np.array([1, 10000000000000000])\n",
     "program_big_int", 1, 18),
    ("huge-negative-in-array", "16", "x = np.array(-10000000000000000)\n",
     "program_big_int", 1, 15),
    ("infinite-float", "16", "x = 1e400\n", "program_nonfinite", 1, 5),
    ("infinite-float-in-array", "16", "x = np.array([1.0, 1e999])\n", "program_nonfinite", 1, 20),
    ("long-string", "16", V + "x.name = '" + "a" * 81 + "'\n", "program_string", 2, 10),
    # sizes and depths
    ("too-long-text", "16", "#" * 330_000 + "\n", "program_too_long", 1, 1),
    ("far-too-long-text", "16", "x = 1\n" * 60_000, "program_too_long", 1, 1),
    ("array-of-10001-numbers", "16", "x = np.array([" + "0," * 10000 + "0])\n",
     "program_array_size", 1, 5),
    ("too-many-lines", "16", "\n" * 400 + "x = 1\n", "program_too_many_lines", 301, 1),
    ("too-many-statements", "16", "x = 1\n" * 201, "program_too_many_statements", 201, 1),
    ("too-many-statements-in-with", "18", "with no_grad():\n" + "    x = 1\n" * 200,
     "program_too_many_statements", 201, 5),
    ("too-many-nodes", "22", _deep_plus_program(), "program_too_many_nodes", 68, 11),
    ("deep-brackets", "16", "x = " + "(" * 40 + "1" + ")" * 40 + "\n", "program_too_deep", 1, 35),
    ("deep-calls", "16", V + "y = " + "square(" * 31 + "x" + ")" * 31 + "\n",
     "program_too_deep", 2, 221),
    ("very-deep-brackets", "16", "x = " + "(" * 300 + "1" + ")" * 300 + "\n",
     "program_too_deep", 1, 35),
    ("deep-unary-minus", "16", "x = " + "-" * 40 + "1\n", "program_too_deep", 1, 35),
    ("deep-unary-minus-spaced", "22", V + "y = " + "- " * 40 + "x\n", "program_too_deep", 2, 65),
    ("deep-unary-minus-thousand", "22", V + "y = " + "-" * 2000 + "x\n",
     "program_too_deep", 2, 35),
    ("deep-not", "22", "x = " + "not " * 1000 + "1\n", "program_operator", 1, 5),
    ("deep-power-chain", "22", V + "y = " + "x ** " * 40 + "x\n", "program_too_deep", 2, 155),
    ("deep-attribute-chain", "16", V + "y = x" + ".data" * 40 + "\n", "program_too_deep", 2, 5),
    ("deep-lists-in-array", "16", "x = np.array(" + "[" * 9 + "1" + "]" * 9 + ")\n",
     "program_array_deep", 1, 22),
    ("deep-lists-past-brackets", "16", "x = np.array(" + "[" * 29 + "1" + "]" * 29 + ")\n",
     "program_array_deep", 1, 22),
    # characters
    ("control-bell", "16", "x = 1\x07\n", "program_character", 1, 6),
    ("control-escape", "16", "x = '\x1b[2J'\n", "program_character", 1, 6),
    ("nul", "16", "x = 1\x00\n", "program_character", 1, 6),
    ("nul-first", "16", "\x00", "program_character", 1, 1),
    ("bidi-override", "16", "x = 'a\u202eb'\n", "program_character", 1, 7),
    ("bidi-in-comment", "16", V + "# \u202e evil\n", "program_character", 2, 3),
    ("bidi-after-code-comment", "16", "x = 1  # a\u2066b\n", "program_character", 1, 11),
    ("nul-in-comment", "16", "x = 1  # \x00\n", "program_character", 1, 10),
    ("bidi-in-string-after-escape", "16", "x = '\\'\u202e'\n", "program_character", 1, 8),
    ("deep-minus-after-escaped-quote", "22", "x = '\\'' + " + "-" * 40 + "1\n",
     "program_too_deep", 1, 41),
    ("zero-width-space", "16", "x\u200b = 1\n", "program_character", 1, 2),
    ("byte-order-mark", "16", "\ufeffx = 1\n", "program_character", 1, 1),
    ("line-separator", "16", "x = 1\u2028y = 2\n", "program_character", 1, 6),
    ("form-feed", "16", "x = 1\n\x0c\ny = 2\n", "program_character", 2, 1),
    ("delete-char", "16", "x = 1\x7f\n", "program_character", 1, 6),
    # empty
    ("empty", "16", "", "program_empty", 1, 1),
    ("whitespace-only", "16", "   \n\t\n  \n", "program_empty", 1, 1),
    ("comment-only", "16", "# nothing\n", "program_empty", 1, 1),
    ("crlf-whitespace-only", "16", "\r\n\r\n", "program_empty", 1, 1),
]


@pytest.mark.parametrize(
    ("step", "text", "key", "line", "column"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_program_refused_where_and_fast(step, text, key, line, column):
    error, seconds = refuse(text, step)
    assert (error.key, error.line, error.column) == (key, line, column), error
    assert seconds < FAST
    assert error.key.startswith("program_")
    assert isinstance(error, ValueError)  # what a caller catches


def test_the_table_is_large_and_unique():
    assert len(HOSTILE) >= 100
    ids = [case[0] for case in HOSTILE]
    assert len(ids) == len(set(ids))
    assert len({(case[1], case[2]) for case in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize("value", [None, b"x = 1\n", 1, ["x = 1"]])
def test_not_a_string_is_refused(value):
    with pytest.raises(ProgramError) as caught:
        parse(value, NAMES["16"])
    assert caught.value.key == "program_empty"


def test_messages_carry_their_parameters():
    cases = {
        "x = np.exp(1.0)\n": {"name": "np.exp"},
        V + "y = x.__class__\n": {"name": ".__class__", "allowed": ".data, .grad, .name, .creator"},
        V + "y = x * x\n": {"op": "*", "step": 20},
        V + "y = x ** 2\n": {"op": "**", "step": 22},
        V + "x.data = 1\n": {"name": ".data", "allowed": ".grad, .name"},
        V + "x.set_creator(None)\n": {
            "name": ".set_creator()",
            "allowed": ".backward(), .cleargrad()",
        },
        "print(1, file=None)\n": {"name": "file"},  # the keyword, not the function
        "x = 'a\u202eb'\n": {"char": "U+202E"},
        "import os\n": {"what": "import"},
        "def f(x):\n    return x\nz = f(1, 2)\n": {"name": "f", "expected": 1, "given": 2},
        "x = 1\n" * 201: {"limit": program.MAX_STATEMENTS},
        "#" * (program.MAX_CHARS + 5): {
            "limit": program.MAX_CHARS,
            "length": program.MAX_CHARS + 5,
        },
    }
    for text, params in cases.items():
        error, _ = refuse(text)
        assert error.params == params, text


def test_operators_refused_on_16_are_allowed_on_22():
    text = V + "y = x * x + 2.0 * x - x / 3.0 + x ** 2 + -x\n"
    assert refuse(text, "16")[0].key == "program_operator_step"
    assert refuse(text, "18")[0].key == "program_operator_step"
    assert parse(text, NAMES["22"]).statements


def test_more_than_10000_numbers_refused_even_past_the_text_limits(monkeypatch):
    """10,001 numbers cannot fit in MAX_CHARS; with the text and node limits lifted, the
    element limit alone refuses them (defence in depth)."""
    monkeypatch.setattr(program, "MAX_CHARS", 10**6)
    monkeypatch.setattr(program, "MAX_NODES", 10**6)
    text = "x = np.array([[" + "0," * 5000 + "0], [" + "0," * 5000 + "0]])\n"
    error, seconds = refuse(text)
    assert (error.key, error.line, error.column) == ("program_array_size", 1, 5)
    assert error.params == {"limit": 10_000, "count": 10_002}
    assert seconds < FAST


def test_ten_thousand_numbers_are_accepted_past_the_text_limits(monkeypatch):
    monkeypatch.setattr(program, "MAX_CHARS", 10**6)
    monkeypatch.setattr(program, "MAX_NODES", 10**6)
    assert parse("x = np.array([" + "0," * 9999 + "0])\n", NAMES["16"])


# -- accepted programs: (id, step, text, printed or None) --------------------------------------
GOLDSTEIN = """\
def goldstein(x, y):
    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \\
        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))
    return z

x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
z = goldstein(x, y)
z.backward()
print(x.grad, y.grad)
"""
SPHERE = """\
def sphere(x, y):
    z = x ** 2 + y ** 2
    return z

x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
z = sphere(x, y)
z.backward()
print(x.grad, y.grad)
"""
MATYAS = """\
def matyas(x, y):
    z = 0.26 * (x ** 2 + y ** 2) - 0.48 * x * y
    return z

x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
z = matyas(x, y)
z.backward()
print(x.grad, y.grad)
"""
MANUAL_06 = """\
A = Square()
B = Exp()
C = Square()
x = Variable(np.array(0.5))
a = A(x)
b = B(a)
y = C(b)
y.grad = np.array(1.0)
b.grad = C.backward(y.grad)
a.grad = B.backward(b.grad)
x.grad = A.backward(a.grad)
print(x.grad)
"""
ACCEPTED = [
    *[(f"book-{step}", step, steps.book(step).program, None) for step in steps.STEPS],
    ("goldstein", "22", GOLDSTEIN, "-5376.0 8064.0\n"),
    ("sphere", "22", SPHERE, "2.0 2.0\n"),
    ("matyas", "22", MATYAS, "0.040000000000000036 0.040000000000000036\n"),
    ("manual-06", "06", MANUAL_06, "3.297442541400256\n"),
    ("tuple-assignment", "13",
     V + "y = Variable(np.array(3.0))\na, b = square(x), square(y)\nz = add(a, b)\n"
     "z.backward()\nprint(x.grad, y.grad)\n", "4.0 6.0\n"),
    ("tuple-from-def", "22",
     "def both(x, y):\n    return x * y, x + y\n" + V + "p, s = both(x, x)\nprint(p, s)\n",
     "variable(4.0) variable(4.0)\n"),
    ("manual-backward-two-grads", "13",
     V + "y = Variable(np.array(3.0))\nf = Add()\nz = f(x, y)\nz.grad = np.array(1.0)\n"
     "gx, gy = f.backward(z.grad)\nprint(gx, gy)\n", "1.0 1.0\n"),
    ("name-attribute", "22", V + "x.name = 'x'\nprint(x.name)\n", "x\n"),
    ("variable-name-keyword", "22", "x = Variable(np.array(2.0), name='x')\nprint(x.name)\n",
     "x\n"),
    ("square-call-of-call", "09", V + "y = Square()(x)\nprint(y.data)\n", "4.0\n"),
    ("class-instance", "16", "f = Square()\n" + V + "y = f(x)\nprint(y.data)\n", "4.0\n"),
    ("function-alias", "16", "f = square\n" + V + "y = f(x)\nprint(y.data)\n", "4.0\n"),
    ("retain-grad", "18",
     V + "a = square(x)\ny = square(a)\ny.backward(retain_grad=True)\nprint(a.grad, x.grad)\n",
     "8.0 32.0\n"),
    ("with-no-grad", "18", V + "with no_grad():\n    y = square(x)\nprint(y.data)\n", "4.0\n"),
    ("with-no-grad-22", "22", V + "with no_grad():\n    y = x * x\n    z = y + 1\nprint(z)\n",
     "variable(5.0)\n"),
    ("cleargrad", "14",
     V + "y = add(x, x)\ny.backward()\nx.cleargrad()\nprint(x.grad)\n", "None\n"),
    ("grad-set-and-cleared", "16", V + "x.grad = np.array(1.0)\nx.grad = None\nprint(x.grad)\n",
     "None\n"),
    ("arrays", "16",
     "x = Variable(np.array([[1.0, -2.0], [3.0, +4.0]]))\ny = square(x)\nprint(y.data)\n",
     "[[ 1.  4.]\n [ 9. 16.]]\n"),
    ("negative-literals", "16", "x = Variable(np.array(-1.5))\nprint(x.data, -2, 3.5e-3)\n",
     "-1.5 -2 0.0035\n"),
    ("comments-korean-japanese", "16",
     "# 입력 변수\nx = Variable(np.array(2.0))  # 入力\ny = square(x)  # 二乗\nprint(y.data)\n",
     "4.0\n"),
    ("korean-name-string", "22", V + "x.name = '변수'\nprint(x.name)\n", "변수\n"),
    ("full-width-digits", "16", "x = Variable(np.array(０.５))\nprint(x.data)\n", "0.5\n"),
    ("full-width-everything", "16",
     "ｘ　＝　Ｖａｒｉａｂｌｅ（ｎｐ．ａｒｒａｙ（２．０））\nprint(x.data)\n", "2.0\n"),
    ("crlf", "16", "x = Variable(np.array(2.0))\r\ny = square(x)\r\nprint(y.data)\r\n", "4.0\n"),
    ("cr-only", "16", "x = Variable(np.array(2.0))\ry = square(x)\rprint(y.data)\r", "4.0\n"),
    ("tabs-and-blank-lines", "16", "\n\nx = Variable(np.array(2.0))\t\n\n\nprint(x.data)\n\n",
     "2.0\n"),
    ("no-trailing-newline", "16", "print(1)", "1\n"),
    ("print-nothing-and-many", "16", "print()\nprint(1, 2.5, 'a', None, True)\n",
     "\n1 2.5 a None True\n"),
    ("def-no-params", "22", "def one():\n    return Variable(np.array(1.0))\nprint(one())\n",
     "variable(1.0)\n"),
    ("def-calls-def", "22",
     "def f(x):\n    return x * x\ndef g(x):\n    y = f(x)\n    return f(y)\n" + V
     + "print(g(x))\n", "variable(16.0)\n"),
    ("largest-integer", "16", "print(1000000000000000)\n", "1000000000000000\n"),
    ("string-of-80", "16", "print('" + "a" * 80 + "')\n", "a" * 80 + "\n"),
    ("unicode-minus", "22", V + "y = 3.0 \u2212 x\nprint(y)\n", "variable(1.0)\n"),
    ("deep-within-limits", "16",
     "x = Variable(np.array(1.0))\ny = " + "square(" * 29 + "x" + ")" * 29 + "\nprint(y.data)\n",
     "1.0\n"),
    ("dashes-in-comment-and-string", "16",
     "# " + "-" * 70 + "\nprint('" + "-" * 40 + "')  # " + "(" * 40 + "\n", "-" * 40 + "\n"),
    ("escaped-quote-string", "16", "print('it\\'s', \"a \\\" b\")\n", "it's a \" b\n"),
    ("200-statements", "16", "x = 1\n" * 199 + "print(x)\n", "1\n"),
]


@pytest.mark.parametrize(
    ("step", "text", "printed"),
    [case[1:] for case in ACCEPTED],
    ids=[case[0] for case in ACCEPTED],
)
def test_accepted_program_parses_and_runs(step, text, printed):
    start = time.process_time()
    checked = parse(text, NAMES[step])
    assert time.process_time() - start < FAST
    assert isinstance(checked, program.Program)
    assert "\r" not in checked.text and checked.text.endswith("\n")
    lesson = tracer.run(checked, step)
    assert lesson.stopped == "", lesson.items[-1].error
    if printed is not None:
        assert lesson.printed == printed


def test_accepted_table_is_large():
    assert len(ACCEPTED) >= 25
    assert {case[1] for case in ACCEPTED} >= set(steps.STEPS)


def test_full_width_text_is_read_as_ascii():
    checked = parse("x = Variable(np.array(０.５))\n", NAMES["16"])
    assert checked.text == "x = Variable(np.array(0.5))\n"
    number = checked.statements[0].value.args[0].args[0]
    assert isinstance(number, ast.Constant) and number.value == 0.5


def test_crlf_program_reads_as_lf_with_lf_positions():
    error, _ = refuse("x = 1\r\ny = 2\r\nimport os\r\n")
    assert (error.key, error.line, error.column) == ("program_statement", 3, 1)


# -- tripwires: nothing of a program is executed -----------------------------------------------
RUNTIME_HOSTILE = [  # accepted by the parser; the tracer must stop them without running them
    ("22", "x = 2 ** 10 ** 10\nprint(x)\n"),
    ("22", "x = 'a' * 1000000000\n"),
    ("22", "x = 'ab'\n" + "x = x + x\n" * 40),
    ("22", "x = 10 ** 15\n" + "x = x * x\n" * 40),
    ("22", "t = 0.0, 0.0\nu = t * 5000\nx = Variable(np.array([[0.0], [0.0]])) + u\n"),
    ("22", "t = 0.0, 0.0\nu = t * 100000000\n"),
    ("16", "def f(x):\n    return x\ng = f\nprint(g(1))\n"),
    ("09", "x = Variable(1.0)\n"),
    ("06", "x = Variable(np.array(1.0))\ny = Square()(x)\ny.backward()\n"),
]


class Tripwire(Exception):
    pass


@contextlib.contextmanager
def tripwires():
    """eval, exec, compile (to code), __import__, open, os.system, os.popen, subprocess.Popen
    and importlib.import_module raise, and are listed in what this yields. Let through: the
    exec of ``steps.namespace``, of the book's own compiled definitions (those very code
    objects, by identity); a compile to an AST only (``ast.parse``: reading); and the imports
    these two make while they run (the book's ``import numpy as np``, the tokenizer's
    ``unicodedata`` for a non-ASCII name). Everything a step needs is loaded before the
    wires go up; they come down before the caller asserts (pytest imports as it reports)."""
    for step in steps.STEPS:
        steps.namespace(step)
        tracer.run(parse(steps.book(step).program, NAMES[step]), step)
    book_code = {id(steps.book(step).code) for step in steps.STEPS}
    fired = []
    inside = []  # a let-through call is running
    real_exec, real_compile, real_import = builtins.exec, builtins.compile, builtins.__import__

    def wire(name):
        def tripped(*args, **kwargs):
            fired.append((name, repr(args[:1])[:80]))
            raise Tripwire(name)

        return tripped

    def let_through(function, *args, **kwargs):
        inside.append(function)
        try:
            return function(*args, **kwargs)
        finally:
            inside.pop()

    def exec_(code, *args, **kwargs):
        if id(code) in book_code and args and isinstance(args[0], dict):
            return let_through(real_exec, code, *args, **kwargs)
        return wire("exec")(code)

    def compile_(source, filename, mode, flags=0, *args, **kwargs):
        if flags & ast.PyCF_ONLY_AST:
            return let_through(real_compile, source, filename, mode, flags, *args, **kwargs)
        return wire("compile")(source)

    def import_(name, *args, **kwargs):
        if inside:
            return real_import(name, *args, **kwargs)
        return wire("__import__")(name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "eval", wire("eval"))
        patch.setattr(builtins, "exec", exec_)
        patch.setattr(builtins, "compile", compile_)
        patch.setattr(builtins, "open", wire("open"))
        patch.setattr(os, "system", wire("os.system"))
        patch.setattr(os, "popen", wire("os.popen"))
        patch.setattr(subprocess, "Popen", wire("subprocess.Popen"))
        patch.setattr(importlib, "import_module", wire("import_module"))
        # last: setattr itself imports; undone first
        patch.setattr(builtins, "__import__", import_)
        yield fired


def test_tripwires_fire_when_touched():
    touched = []
    with tripwires() as fired:
        for name, touch in [
            ("eval", lambda: eval("1")),
            ("exec", lambda: exec("x = 1")),
            ("compile", lambda: compile("1", "<t>", "eval")),
            ("__import__", lambda: __import__("json")),
            ("open", lambda: open(__file__).close()),
            ("os.system", lambda: os.system("true")),
            ("subprocess.Popen", lambda: subprocess.Popen(["true"])),
        ]:
            try:
                touch()
            except Tripwire:
                touched.append(name)
        parsed = ast.parse("x = 1")  # reading is let through
    assert touched == [name for name, _ in fired]
    assert touched == ["eval", "exec", "compile", "__import__", "open", "os.system",
                       "subprocess.Popen"]
    assert isinstance(parsed, ast.Module)


def test_nothing_runs_while_parsing_or_tracing():
    problems = []
    with tripwires() as fired:
        for name, step, text, *_ in HOSTILE:
            try:
                parse(text, NAMES[step])
                problems.append(f"{name}: accepted")
            except ProgramError:
                pass
            except Exception as error:  # a tripwire, or anything else: reported below
                problems.append(f"{name}: {error!r}")
        for name, step, text, _ in ACCEPTED:
            try:
                lesson = tracer.run(parse(text, NAMES[step]), step)
                if lesson.stopped:
                    problems.append(f"{name}: {lesson.items[-1].error}")
            except Exception as error:
                problems.append(f"{name}: {error!r}")
        for step, text in RUNTIME_HOSTILE:
            try:
                lesson = tracer.run(parse(text, NAMES[step]), step)
                if lesson.items[-1].kind == "error" and lesson.items[-1].error[0] == "Tripwire":
                    problems.append(f"{text!r}: {lesson.items[-1].error}")
            except Exception as error:
                problems.append(f"{text!r}: {error!r}")
    assert fired == []
    assert problems == []


@pytest.mark.parametrize("name", ["program.py", "tracer.py"])
def test_source_calls_no_eval_exec_compile(name):
    tree = ast.parse((ROOT / "autograd" / name).read_text(encoding="utf-8"))
    banned = {"eval", "exec", "compile", "__import__", "execfile", "run_path", "import_module"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            assert called not in banned, f"{name}:{node.lineno} calls {called}"
        if isinstance(node, ast.Name):
            assert node.id not in {"eval", "exec", "compile"}, f"{name}:{node.lineno}"
