"""A Function written by the learner: ``forward`` and ``backward`` typed as expressions.

The grammar, and nothing else::

    numbers, the names x (forward) or x, y, gy (backward), + - * / **, unary - and +,
    parentheses, np.exp np.log np.sin np.cos np.tan np.tanh np.sqrt np.abs (one argument),
    np.maximum np.minimum (two), np.where(condition, a, b) with one of < <= > >=

The text is NFKC-normalised first (full-width ``ｘ＊＊２`` reads as ``x**2``), then parsed
with ``ast`` and checked node by node; what is accepted becomes a small tree of tuples that
numpy computes. User text is never given to ``eval``, ``exec`` or ``compile``. Every number
is a float64 before any arithmetic, so ``10 ** 10 ** 10`` is ``inf``, not a huge integer.
"""

import ast
import builtins
import keyword
import re
import unicodedata

import numpy as np

from . import steps
from .program import AST_LOCK

MAX_LENGTH = 200  # characters of one expression
MAX_NESTING = 20  # parentheses and calls inside one another
MAX_NAME = 30  # characters of a class name

FORWARD_NAMES = ("x",)
BACKWARD_NAMES = ("x", "y", "gy")
ONE = ("exp", "log", "sin", "cos", "tan", "tanh", "sqrt", "abs")
ARITY = {**dict.fromkeys(ONE, 1), "maximum": 2, "minimum": 2, "where": 3}
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_OTHER_BINARY = {  # operators Python has and the grammar does not
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
}
# What a refused node is called in messages: code, the same in every language.
_WHAT = {
    ast.Lambda: "lambda",
    ast.IfExp: "if ... else",
    ast.BoolOp: "and / or",
    ast.NamedExpr: ":=",
    ast.Starred: "*",
    ast.Subscript: "[ ]",
    ast.List: "[ ]",
    ast.Tuple: "( , )",
    ast.Set: "{ }",
    ast.Dict: "{ }",
    ast.ListComp: "[ for ]",
    ast.SetComp: "{ for }",
    ast.DictComp: "{ for }",
    ast.GeneratorExp: "( for )",
    ast.JoinedStr: "f-string",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: ":",
    ast.keyword: "=",
    ast.Not: "not",
    ast.Invert: "~",
}
_MESSAGES = {
    "expr_empty": "the expression is empty",
    "expr_type": "an expression is text",
    "expr_too_long": "{length} characters is too long: at most {limit}",
    "expr_character": "{char} is not allowed (column {column})",
    "expr_syntax": "this is not a formula Python can read (column {column})",
    "expr_nesting": "more than {limit} levels of parentheses (column {column})",
    "expr_name": "{name} is not allowed (column {column}): the names here are {allowed}",
    "expr_function": "{name} is not allowed (column {column}): only {allowed}",
    "expr_arity": "{name} takes {expected} argument(s) (column {column})",
    "expr_node": "{what} is not allowed (column {column})",
    "expr_constant": "{what} is not a number (column {column})",
    "expr_compare": "a comparison {what} is allowed only as the condition of np.where "
    "(column {column})",
    "expr_condition": "the first argument of np.where is a comparison such as x > 0 "
    "(column {column})",
    "name_invalid": "{name} is not a class name: a capital letter, then letters, digits or _, "
    "at most {limit} characters",
    "name_empty": "the class has no name: a capital letter, then letters, digits or _, "
    "at most {limit} characters",
    "name_builtin": "{name} is a built-in function already: pick another name",
    "name_letter": "{name} names a function of the chain in the program (A = Square()): "
    "pick a longer name",
    "name_python": "{name} is a name Python or the program uses (x, y, np, keywords, "
    "Function, print, ...): pick another name",
}


class ExpressionError(ValueError):
    """Text outside the grammar. ``key`` and ``params`` pick the translated message."""

    def __init__(self, key, **params):
        self.key = key
        self.params = params
        super().__init__(_MESSAGES[key].format(**params))


# -- reading ------------------------------------------------------------------------------
def normalize(text):
    """Full-width and other compatibility characters as their ASCII ones; stripped."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


def _check_text(text):
    if not isinstance(text, str):
        raise ExpressionError("expr_type")
    if len(text) > MAX_LENGTH:  # before normalising: 1 MB is refused at once
        raise ExpressionError("expr_too_long", length=len(text), limit=MAX_LENGTH)
    text = normalize(text)
    if not text:
        raise ExpressionError("expr_empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError("expr_too_long", length=len(text), limit=MAX_LENGTH)
    for column, char in enumerate(text, 1):
        if not (" " <= char <= "~"):  # printable ASCII only: no control or look-alike
            raise ExpressionError("expr_character", char=_show(char), column=column)
    depth = 0
    for column, char in enumerate(text, 1):
        depth += (char == "(") - (char == ")")
        if depth > MAX_NESTING:
            raise ExpressionError("expr_nesting", limit=MAX_NESTING, column=column)
    return text


def _show(char):
    """A character named safely: U+0445 (the character only when it is printable)."""
    code = f"U+{ord(char):04X}"
    return f"{code} {char}" if char.isprintable() and not char.isspace() else code


def parse(text, names=FORWARD_NAMES):
    """Check ``text`` against the grammar and return its tree (nested tuples).

    Raises ``ExpressionError`` saying what is not allowed and where (a 1-based column).
    """
    text = _check_text(text)
    try:
        with AST_LOCK:
            root = ast.parse(text, mode="eval")
    except SyntaxError as error:
        # an example of the field's own kind: a forward has no gy
        example = "3 * x ** 2 * gy" if "gy" in names else "x ** 3"
        raise ExpressionError("expr_syntax", column=error.offset or 1, example=example) from None
    except (RecursionError, MemoryError):  # not reachable within 200 characters
        raise ExpressionError("expr_nesting", limit=MAX_NESTING, column=1) from None
    return _convert(root.body, tuple(names))


def _column(node):
    return getattr(node, "col_offset", 0) + 1


def _convert(node, names):
    """The ast node as a tuple tree, or ``ExpressionError`` for anything outside the grammar."""
    column = _column(node)
    kind = type(node)
    if kind is ast.Constant:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ExpressionError("expr_constant", what=_clip(repr(value)), column=column)
        try:
            return ("num", np.float64(value))
        except OverflowError:  # an integer beyond float64 (cannot happen within 200 chars)
            return ("num", np.float64(np.inf))
    if kind is ast.Name:
        if node.id not in names:
            allowed = ", ".join(names)
            name = _clip(node.id)
            raise ExpressionError("expr_name", name=name, column=column, allowed=allowed)
        return ("name", node.id)
    if kind is ast.BinOp and type(node.op) in _BINARY:
        left, right = _convert(node.left, names), _convert(node.right, names)
        return ("bin", _BINARY[type(node.op)], left, right)
    if kind is ast.UnaryOp and type(node.op) in (ast.USub, ast.UAdd):
        sign = "-" if type(node.op) is ast.USub else "+"
        return ("unary", sign, _convert(node.operand, names))
    if kind is ast.Call:
        return _convert_call(node, names)
    if kind is ast.Compare:
        raise ExpressionError("expr_compare", what=_compare_text(node), column=column)
    if kind is ast.Attribute:
        raise ExpressionError("expr_function", name=_dotted(node), column=column, allowed=_np())
    if kind is ast.BinOp:  # // % @ << >> & | ^, at the column after the left operand
        what = _OTHER_BINARY.get(type(node.op), "?")
        raise ExpressionError("expr_node", what=what, column=node.left.end_col_offset + 1)
    if kind is ast.UnaryOp:
        raise ExpressionError("expr_node", what=_WHAT.get(type(node.op), "~"), column=column)
    raise ExpressionError("expr_node", what=_WHAT.get(kind, kind.__name__), column=column)


def _convert_call(node, names):
    column = _column(node)
    func = node.func
    name = _dotted(func)
    if not (
        type(func) is ast.Attribute
        and type(func.value) is ast.Name
        and func.value.id == "np"
        and func.attr in ARITY
    ):
        raise ExpressionError("expr_function", name=name, column=column, allowed=_np())
    if node.keywords:
        raise ExpressionError("expr_node", what="=", column=_column(node.keywords[0]))
    for arg in node.args:
        if type(arg) is ast.Starred:
            raise ExpressionError("expr_node", what="*", column=_column(arg))
    if len(node.args) != ARITY[func.attr]:
        raise ExpressionError("expr_arity", name=name, expected=ARITY[func.attr], column=column)
    args = node.args
    if func.attr == "where":
        condition = args[0]
        if type(condition) is not ast.Compare:
            raise ExpressionError("expr_condition", column=_column(condition))
        if len(condition.ops) != 1 or type(condition.ops[0]) not in _COMPARE:
            what = _compare_text(condition)
            raise ExpressionError("expr_compare", what=what, column=_column(condition))
        test = (
            "cmp",
            _COMPARE[type(condition.ops[0])],
            _convert(condition.left, names),
            _convert(condition.comparators[0], names),
        )
        return ("call", "where", (test, *(_convert(a, names) for a in args[1:])))
    return ("call", func.attr, tuple(_convert(a, names) for a in args))


def _dotted(node):
    """np.exp, print, x.real, ... as text for a message (at most 40 characters)."""
    parts = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    parts.append(node.id if type(node) is ast.Name else "(...)")
    return _clip(".".join(reversed(parts)))


def _compare_text(node):
    symbols = {ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is", ast.IsNot: "is not"}
    symbols.update({ast.In: "in", ast.NotIn: "not in", **_COMPARE})
    return " ".join(symbols.get(type(op), "?") for op in node.ops)


def _np():
    return ", ".join(f"np.{name}" for name in ARITY)


def _clip(text, limit=40):
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- computing ----------------------------------------------------------------------------
_UFUNCS = {name: getattr(np, name) for name in ARITY}


def evaluate(tree, env):
    """Compute the tree with numpy; ``env`` maps x, y, gy to float64 arrays.

    Uses the numpy error state in force (the Stepper's guard turns problems into flags,
    as for the built-in functions); ``Expression.evaluate`` brings a guard of its own.
    """
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "name":
        return env[tree[1]]
    if kind == "unary":
        value = evaluate(tree[2], env)
        return -value if tree[1] == "-" else +value
    if kind == "bin":
        a, b = evaluate(tree[2], env), evaluate(tree[3], env)
        op = tree[1]
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b
        return a**b
    if kind == "cmp":
        a, b = evaluate(tree[2], env), evaluate(tree[3], env)
        return {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[
            tree[1]
        ](a, b)
    return _UFUNCS[tree[1]](*(evaluate(arg, env) for arg in tree[2]))


def names_in(tree):
    """The names (x, y, gy) a tree uses."""
    if tree[0] == "name":
        return {tree[1]}
    children = tree[2] if tree[0] == "call" else tree[2:]
    found = set()
    for child in children:
        if isinstance(child, tuple):
            found |= names_in(child)
    return found


class Expression:
    """One checked expression: ``text`` (normalised), ``tree``, the ``names`` it uses."""

    def __init__(self, text, names=FORWARD_NAMES):
        self.tree = parse(text, names)
        self.text = normalize(text)
        self.names = names_in(self.tree)

    def __call__(self, **env):
        """The value as a float64 array of the broadcast shape of ``env``'s arrays."""
        arrays = {name: np.asarray(value, dtype=np.float64) for name, value in env.items()}
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
        value = np.asarray(evaluate(self.tree, arrays), dtype=np.float64)
        return value if value.shape == shape else np.broadcast_to(value, shape).copy()

    def evaluate(self, **env):
        """``(value, flags)``: floating-point problems become flags, never warnings."""
        flags = []

        def record(kind, flag):
            flags.append({"divide by zero": "divide", "invalid value": "invalid"}.get(kind, kind))

        with np.errstate(over="call", invalid="call", divide="call", under="ignore", call=record):
            value = self(**env)
        return value, tuple(dict.fromkeys(flags))

    def code(self):
        """The expression as book-style Python (see ``to_code``)."""
        return to_code(self.tree)

    def latex(self, var="x", y=None, gy=None):
        """LaTeX, ``var`` for x; y and gy replaced by the given LaTeX when given."""
        return to_latex(self.tree, {"x": var, "y": y or "y", "gy": gy or r"g_y"})

    def __repr__(self):
        return f"Expression({self.text!r})"


# -- writing: Python in the book's style, and LaTeX ----------------------------------------
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "unary": 3, "**": 4}


def _precedence(tree):
    if tree[0] == "bin":
        return _PRECEDENCE[tree[1]]
    if tree[0] == "unary":
        return 3
    if tree[0] == "cmp":
        return 0
    return 5


def _wrap(text, tree, least):
    return f"({text})" if _precedence(tree) < least else text


def _literal(value, as_float):
    if np.isinf(value):
        return "np.inf"
    if not as_float and value == int(value) and abs(value) < 2**53:
        return str(int(value))
    return repr(float(value))


def to_code(tree):
    """Python that numpy computes exactly as ``evaluate`` does.

    Numbers are written as typed (``3 * x ** 2 * gy``) where they meet an array; a number
    among numbers only (``10 ** 10 ** 10``) is written ``np.float64(10)``, so the exported
    file computes with float64 too (``inf``, never a huge integer or an exception); a number
    given to an np function is written as a float (``np.maximum(x, 0.0)``). An expression
    without any name becomes ``np.full_like(x, ...)``, so it has the shape of x.
    """
    if not names_in(tree):
        return f"np.full_like(x, {_code(tree, 'float')})"
    return _code(tree, "plain")


def _code(tree, context):
    kind = tree[0]
    if kind == "num":
        if context == "const":
            return f"np.float64({_literal(tree[1], False)})"
        return _literal(tree[1], context == "float")
    if kind == "name":
        return tree[1]
    if kind == "call":
        args = ", ".join(_code(arg, "float") for arg in tree[2])
        return f"np.{tree[1]}({args})"
    sub = "plain" if names_in(tree) else "const"
    if kind == "unary":
        return tree[1] + _wrap(_code(tree[2], context), tree[2], 3)
    op, left, right = tree[1], tree[2], tree[3]
    if kind == "cmp":
        return f"{_code(left, 'plain')} {op} {_code(right, 'plain')}"
    p = _PRECEDENCE[op]
    if op == "**":  # right-associative; -2 ** 2 is -(2 ** 2)
        return f"{_wrap(_code(left, sub), left, p + 1)} ** {_wrap(_code(right, sub), right, 3)}"
    return f"{_wrap(_code(left, sub), left, p)} {op} {_wrap(_code(right, sub), right, p + 1)}"


_TEX_ONE = {
    "exp": r"\exp",
    "log": r"\log",
    "sin": r"\sin",
    "cos": r"\cos",
    "tan": r"\tan",
    "tanh": r"\tanh",
}


def _tex_number(value):
    if np.isinf(value):
        return r"\infty"
    text = _literal(value, False)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def to_latex(tree, names):
    """LaTeX for the tree; ``names`` maps x, y, gy to their LaTeX."""
    kind = tree[0]
    if kind == "num":
        return _tex_number(tree[1])
    if kind == "name":
        return "{" + names[tree[1]] + "}"
    if kind == "call":
        args = [to_latex(arg, names) for arg in tree[2]]
        name = tree[1]
        if name in _TEX_ONE:
            return rf"{_TEX_ONE[name]}\left({args[0]}\right)"
        if name == "sqrt":
            return rf"\sqrt{{{args[0]}}}"
        if name == "abs":
            return rf"\left|{args[0]}\right|"
        if name in ("maximum", "minimum"):
            return rf"\{name[:3]}\left({args[0]},\, {args[1]}\right)"
        return (
            rf"\begin{{cases}}{args[1]} & \text{{if }} {args[0]} \\ "
            rf"{args[2]} & \text{{otherwise}}\end{{cases}}"
        )
    if kind == "unary":
        inner = to_latex(tree[2], names)
        return tree[1] + (rf"\left({inner}\right)" if _precedence(tree[2]) < 3 else inner)
    op, left, right = tree[1], tree[2], tree[3]
    a, b = to_latex(left, names), to_latex(right, names)
    if kind == "cmp":
        symbol = {"<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}[op]
        return f"{a} {symbol} {b}"
    if op == "/":
        return rf"\frac{{{a}}}{{{b}}}"
    if op == "**":
        base = rf"\left({a}\right)" if _precedence(left) <= 4 else a
        return f"{base}^{{{b}}}"
    p = _PRECEDENCE[op]
    a = rf"\left({a}\right)" if _precedence(left) < p else a
    b = rf"\left({b}\right)" if _precedence(right) <= p or right[0] == "unary" else b
    if op == "*":
        return (
            f"{a} {b}" if left[0] == "num" and not _starts_with_number(right) else rf"{a} \cdot {b}"
        )
    return f"{a} {op} {b}"


def _starts_with_number(tree):
    while tree[0] == "bin":
        tree = tree[2]
    return tree[0] == "num"


# -- a Function class ---------------------------------------------------------------------
_TAKEN = {"x", "y", "np", "gy", "Function", "Variable", "Config"} | set(dir(builtins))


def _builtin_names():
    """Every name a step's code defines for programs (``Square``, ``Add``, ``square``, ...)."""
    names = set()
    for step in steps.STEPS:
        names.update(steps.book(step).names)
    return names


def check_name(name):
    """A class name for a learner's Function, or ``ExpressionError``.

    A capital letter, then letters, digits or ``_`` (as ``Square``), at most 30 characters;
    not a built-in function (``Square``, ...), one to three capitals (``A``, ``AB``: the
    program's names for the instances), ``x``, ``y``, ``np``, a keyword or a Python name.
    """
    if not isinstance(name, str):
        raise ExpressionError("name_invalid", name="?", limit=MAX_NAME)
    name = normalize(name[: 4 * MAX_NAME])
    if not name.strip():
        raise ExpressionError("name_empty", limit=MAX_NAME)
    if not re.fullmatch(rf"[A-Z][A-Za-z0-9_]{{0,{MAX_NAME - 1}}}", name):
        shown = "".join(c if " " <= c <= "~" else "?" for c in _clip(name))
        raise ExpressionError("name_invalid", name=shown, limit=MAX_NAME)
    if name in _TAKEN or keyword.iskeyword(name):
        raise ExpressionError("name_python", name=name)
    builtin = _builtin_names()
    if name in builtin or name[0].lower() + name[1:] in builtin:
        raise ExpressionError("name_builtin", name=name)
    if re.fullmatch("[A-Z]{1,3}", name):
        raise ExpressionError("name_letter", name=name)
    return name
