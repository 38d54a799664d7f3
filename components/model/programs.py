"""Programs as the book writes them, and the chains the sidebar's buttons build (pure).

A chain of unary functions on one input is the book's first example, ``x -> A -> a -> B -> b
-> C -> y``. ``chain_program(ops, x, step)`` writes it as that step's book would::

    A = Square()          x = Variable(np.array(0.5))
    ...                   a = square(x)             (step 09 on: functions, and
    x = Variable(...)     ...                        y.backward() seeds itself)
    a = A(x)              y.backward()
    ...                   print(x.grad)
    y.grad = np.array(1.0)
    b.grad = C.backward(y.grad)     (step 06: the manual calls; 07, 08: y.backward())
    ...

``read_chain(text, step)`` recognises such a program (the same text the buttons would
write), so the buttons can edit it; any other program is the learner's own, edited as
text. ``check(text, step, learned)`` reads a program with the step's names
(``autograd.program``).
"""

import ast
import io
import keyword
import tokenize
import unicodedata
from dataclasses import dataclass
from itertools import count

from autograd import learner, steps
from autograd.program import AST_LOCK, ProgramError, names_for, parse

OFFERED = ("Square", "Exp", "Sin", "Cos", "Tanh", "Log", "Sigmoid")
_RESERVED = {"x", "y", "np"}  # names a chain's variables or functions may not take


@dataclass(frozen=True)
class Chain:
    ops: tuple  # class names: ("Square", "Exp", "Square")
    x: str  # the input as written in np.array(...)


def _letters(n):
    """0 -> A, 25 -> Z, 26 -> AA, ... (spreadsheet columns)."""
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def function_names(n):
    """The first ``n`` instance names: A, B, ..., W, Z, AA, ... (never X or Y)."""
    names = []
    for i in count():
        if len(names) == n:
            return names
        name = _letters(i)
        if name.lower() not in _RESERVED and not keyword.iskeyword(name.lower()):
            names.append(name)


def variable_names(n):
    """x, a, b, ..., y: the variables of an n-function chain."""
    if n == 0:
        return ["x"]
    return ["x"] + [name.lower() for name in function_names(n - 1)] + ["y"]


def input_text(text):
    """The input as the program writes it: full-width characters as ASCII, one line, whole
    numbers as floats (the book's np.array(2.0): an np.array(3) holds integers, and 3 ** 64
    wraps around without a word)."""
    text = " ".join(unicodedata.normalize("NFKC", text).replace("\u2212", "-").split())
    try:
        with AST_LOCK:
            bare = isinstance(ast.parse(text, mode="eval").body, ast.Tuple)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return text  # not an input the field accepts: the program check says why
    text = _floats(text)
    if bare and not _enclosed(text):  # 1, 2 is a vector: np.array([1, 2]), not np.array(1, 2)
        return f"[{text}]"
    return text


def bare_list(text):
    """Whether the typed input is numbers with commas and no brackets (1,2: a vector, where
    a learner may have meant the decimal 1.2)."""
    written = input_text(text)
    return written.startswith("[") and not text.strip().startswith("[")


def _floats(text):
    """Each whole number of a one-line input written as a float: 3 -> 3.0 (up to 15 digits,
    which a float holds exactly; a longer one is left as typed, for its own message)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return text
    for token in reversed(tokens):
        whole = token.string.isascii() and token.string.isdigit() and len(token.string) <= 15
        if token.type == tokenize.NUMBER and whole and token.start[0] == 1:
            start, end = token.start[1], token.end[1]
            text = f"{text[:start]}{token.string}.0{text[end:]}"
    return text


def _enclosed(text):
    """Whether the first character is a "(" that the last one closes: (1, 2), not (1), (2)."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if depth == 0:
            return text[0] == "(" and index == len(text) - 1
    return False


def chain_program(ops, x, step):
    """The chain ``ops`` on input ``x`` as the book's ``step`` writes it."""
    x = input_text(x)
    n = len(ops)
    variables = variable_names(n)
    lines = []
    if step < "09":
        names = function_names(n)
        lines += [f"{name} = {op}()" for name, op in zip(names, ops, strict=True)]
        if ops:
            lines.append("")
        lines.append(f"x = Variable(np.array({x}))")
        for i, name in enumerate(names):
            lines.append(f"{variables[i + 1]} = {name}({variables[i]})")
        if not ops:
            return "\n".join(lines) + "\n"
        lines += ["", "y.grad = np.array(1.0)"]
        if step == "06":
            for i in reversed(range(n)):
                lines.append(f"{variables[i]}.grad = {names[i]}.backward({variables[i + 1]}.grad)")
        else:
            lines.append("y.backward()")
    else:
        lines.append(f"x = Variable(np.array({x}))")
        for i, op in enumerate(ops):
            lines.append(f"{variables[i + 1]} = {learner.function_name(op)}({variables[i]})")
        if not ops:
            return "\n".join(lines) + "\n"
        lines.append("y.backward()")
    lines.append("print(x.grad)")
    return "\n".join(lines) + "\n"


def read_chain(text, step):
    """The ``Chain`` a program is, if it is exactly what ``chain_program`` writes (else None)."""
    try:
        with AST_LOCK:
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    body = tree.body
    ops = []
    x = None
    for node in body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        value = node.value
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "Variable"
            and value.args
            and isinstance(value.args[0], ast.Call)
            and value.args[0].args
        ):
            if x is None:
                x = ast.get_source_segment(text, value.args[0].args[0])
            continue
        if step < "09":
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and not value.args:
                ops.append(value.func.id)
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and len(value.args) == 1
            and isinstance(value.args[0], ast.Name)
        ):
            name = value.func.id
            ops.append(name[0].upper() + name[1:])
    if x is None:
        return None
    chain = Chain(tuple(ops), x)
    if chain_program(chain.ops, chain.x, step) != _normal(text):
        return None
    return chain


def _normal(text):
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").strip("\n").split("\n")]
    return "\n".join(lines) + "\n"


def names(step, learned=()):
    """What a program of ``step`` may call: the step's names and the learner's functions."""
    book = steps.book(step)
    own = []
    for entry in learned:
        if entry.backward is None:
            continue
        own.append(entry.name)
        if learner.calls_functions(step):
            own.append(learner.function_name(entry.name))
    return names_for(step, (*book.names, *own), book.hidden, steps.later(step))


def check(text, step, learned=()):
    """The program read with ``step``'s names (``autograd.program.parse``)."""
    return parse(text, names(step, learned))


def convert(text, old, new):
    """The program in ``new``'s style when it is a chain of ``old``'s (None otherwise)."""
    chain = read_chain(text, old)
    if chain is None:
        return None
    return chain_program(chain.ops, chain.x, new)


def offered(step, learned=()):
    """The functions the sidebar's buttons add: the book's, then the learner's complete ones."""
    return (*OFFERED, *(entry.name for entry in learned if entry.backward is not None))


__all__ = [
    "Chain",
    "ProgramError",
    "chain_program",
    "check",
    "convert",
    "function_names",
    "read_chain",
    "variable_names",
]
