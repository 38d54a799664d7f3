"""The learner's program, as the book writes it at the bottom of ``steps/stepNN.py``::

    x = Variable(np.array(2.0))
    a = square(x)
    y = add(square(a), square(a))
    y.backward()
    print(x.grad)

``parse(text, names)`` reads it with ``ast`` and checks every node against a whitelist; what
it returns is the checked tree, which ``trace.run`` walks itself. The text is never given to
``eval``, ``exec`` or ``compile``, not even re-generated. Allowed, and nothing else:

- statements: ``name = ...`` (also ``a, b = ...``), ``v.grad = ...``, ``v.name = ...``; a
  call on its own line; ``with no_grad():`` (where the step has ``no_grad``); and, at the
  top level, ``def f(x, y): ... return ...`` (assignments, then one ``return``);
- expressions: numbers (and ``True``, ``False``, ``None``, short strings); names the program
  has assigned before; calls of the step's functions and classes (``names``), of ``print``
  and of earlier ``def``s; ``np.array(...)`` of numbers and (nested) lists of numbers;
  ``v.data``, ``v.grad``, ``v.name``; ``v.backward(...)``, ``v.cleargrad()``; and, where the
  step's ``Variable`` has operators (``operators=True``: step 20 on), ``+ - * / **`` and
  unary ``-``.

A refused program raises ``ProgramError`` with a key for the translated message, its line
and column (1-based) and the parameters of the message. Limits on the text's length, its
lines, statements, nodes and nesting keep the reading itself bounded.
"""

import ast
import keyword
import re
import threading
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 320_000  # an input of 10,000 numbers is about 300,000 characters
MAX_LINES = 300
MAX_STATEMENTS = 200
MAX_NODES = 4_000
MAX_NESTING = 30  # brackets, and expressions inside one another
MAX_ELEMENTS = 10_000  # numbers in one np.array(...)
MAX_ARRAY_DEPTH = 8  # nesting of lists in np.array(...)
MAX_INT = 10**15  # an integer literal beyond this is refused (Python would compute it exactly)
MAX_STRING = 80
MAX_ARGS = 8
OPERATOR_STEP = "20"  # Variable.__add__, __mul__ (step 20), ... (step 22)
# The book step whose Variable first has each operator (a program before it is told so)
OPERATOR_FIRST = {"+": 20, "*": 20, "-": 22, "/": 22, "**": 22}

# CPython 3.11's ast is not thread-safe (python/cpython#106905): one parse at a time, for
# every ast user of the app (autograd.expression and the input parser take this lock too).
AST_LOCK = threading.Lock()

BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
ATTRIBUTES = ("data", "grad", "name", "creator")  # read; grad and name also written
WRITABLE = ("grad", "name")
METHODS = {"backward": ("retain_grad",), "cleargrad": ()}  # method: its keywords
KEYWORDS = {"Variable": ("name",)}  # a callable: the keywords it may be given
# Names a program may not assign: what it calls, and what Python or numpy already mean.
RESERVED = {"np", "numpy", "print", "Variable", "self", "None", "True", "False"}
# Nodes Python has and the whitelist does not, named as code (the same in every language).
_WHAT = {
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.For: "for",
    ast.AsyncFor: "for",
    ast.While: "while",
    ast.If: "if",
    ast.Try: "try",
    ast.Raise: "raise",
    ast.Assert: "assert",
    ast.Delete: "del",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.ClassDef: "class",
    ast.AsyncFunctionDef: "async def",
    ast.AsyncWith: "async with",
    ast.AugAssign: "+=",
    ast.AnnAssign: ": (annotation)",
    ast.Lambda: "lambda",
    ast.IfExp: "if ... else",
    ast.BoolOp: "and / or",
    ast.Compare: "comparison",
    ast.NamedExpr: ":=",
    ast.Starred: "*",
    ast.Subscript: "[ ]",
    ast.Slice: ":",
    ast.Set: "{ }",
    ast.Dict: "{ }",
    ast.ListComp: "[ for ]",
    ast.SetComp: "{ for }",
    ast.DictComp: "{ for }",
    ast.GeneratorExp: "( for )",
    ast.JoinedStr: "f-string",
    ast.FormattedValue: "f-string",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Pass: "pass",
    ast.Break: "break",
    ast.Continue: "continue",
    ast.Return: "return",
}


class ProgramError(ValueError):
    """A program outside the whitelist: ``key`` and ``params`` pick the translated message;
    ``line`` and ``column`` (1-based) say where."""

    def __init__(self, key, line=1, column=1, **params):
        self.key = key
        self.line = line
        self.column = column
        self.params = params
        super().__init__(f"{key} at {line}:{column} {params}")


@dataclass(frozen=True, eq=False)
class Program:
    """A checked program: its text (as read: NFKC, ``\\n`` line ends) and its tree."""

    text: str
    tree: ast.Module
    defs: tuple  # the names of its own ``def``s, in order

    @property
    def statements(self):
        return self.tree.body

    @property
    def lines(self):
        return self.text.split("\n")


@dataclass(frozen=True)
class Names:
    """What a program of one step may call: ``callables`` (the step's functions and classes,
    the learner's own, ``Variable``), whether the step has ``no_grad`` and operators."""

    callables: frozenset
    no_grad: bool = False
    operators: bool = False
    hidden: frozenset = frozenset()  # the step's other names: a program may not rebind them
    later: tuple = ()  # (name, step): a function a later step brings, and the first such step

    def taken(self, name):
        return name in RESERVED or name in self.callables or name in self.hidden


def names_for(step, callables, hidden=(), later=()):
    """The ``Names`` of a book step whose public callables are ``callables`` (and whose code
    also defines ``hidden``: ``as_array``, ``Config``, ``weakref``...; ``later``: the
    functions later steps bring, ``(name, step)``)."""
    callables = frozenset(callables)
    operators = step >= OPERATOR_STEP
    return Names(callables, "no_grad" in callables, operators, frozenset(hidden), tuple(later))


def normalize(text):
    """Full-width characters as ASCII (a Korean or Japanese keyboard), one kind of line end."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text, names):
    """Check ``text`` against the whitelist; return a ``Program`` or raise ``ProgramError``."""
    if not isinstance(text, str):
        raise ProgramError("program_empty")
    if len(text) > MAX_CHARS * 2:  # refused before any work on it
        raise ProgramError("program_too_long", limit=MAX_CHARS, length=len(text))
    text = normalize(text)
    _check_text(text)
    try:
        with AST_LOCK:
            tree = ast.parse(text, mode="exec")
    except SyntaxError as error:
        line = error.lineno or 1
        column = error.offset or 1
        reason = str(error.msg or "").strip()
        if "indent" in reason:  # where the line's code starts (Python's offset is 2 for
            # "  y", the line's end for an unindent that matches no level)
            lines = text.split("\n")
            source = lines[line - 1] if 0 < line <= len(lines) else ""
            column = len(source) - len(source.lstrip()) + 1
            raise ProgramError("program_indent", line, column) from None
        raise _syntax_error(reason, line, column) from None
    except (RecursionError, MemoryError, ValueError, OverflowError):
        raise ProgramError("program_too_deep", limit=MAX_NESTING) from None
    checker = _Checker(names)
    checker.module(tree)
    if not tree.body:
        raise ProgramError("program_empty")
    return Program(text.rstrip("\n") + "\n", tree, tuple(checker.defs))


def _syntax_error(reason, line, column):
    """The ``ProgramError`` for Python's ``SyntaxError`` text ``reason``: the commonest slips
    in the learner's language (Python's words for them, CPython 3.10 and later), anything
    else as "program_syntax"."""
    if found := re.search(r"'([(\[{])' was never closed", reason):
        return ProgramError("program_unclosed", line, column, bracket=found[1])
    if found := re.search(r"unmatched '([)\]}])'", reason):
        return ProgramError("program_unmatched", line, column, bracket=found[1])
    if found := re.search(r"'(.)' does not match opening \w+ '(.)'", reason):
        return ProgramError("program_mismatch", line, column, close=found[1], open=found[2])
    if "Perhaps you forgot a comma" in reason:
        return ProgramError("program_comma", line, column)
    if "expected ':'" in reason:
        return ProgramError("program_colon", line, column)
    if re.search(r"unterminated (triple-quoted )?string literal", reason):
        return ProgramError("program_quote", line, column)
    return ProgramError("program_syntax", line, column)


def _check_text(text):
    """Length, lines, characters and nesting, before ``ast`` reads anything."""
    if not text.strip():
        raise ProgramError("program_empty")
    if len(text) > MAX_CHARS:
        raise ProgramError("program_too_long", limit=MAX_CHARS, length=len(text))
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise ProgramError("program_too_many_lines", MAX_LINES + 1, 1, limit=MAX_LINES)
    depth = 0
    quote = None
    for number, line in enumerate(lines, 1):
        comment = escaped = False
        run = 0  # signs in a row: - - - x nests as deep as brackets do
        for column, char in enumerate(line, 1):
            category = unicodedata.category(char)
            if char != "\t" and (category.startswith("C") or category in ("Zl", "Zp")):
                # control and format characters (a bidi override hides what code does), in
                # comments and strings too
                raise ProgramError("program_character", number, column, char=f"U+{ord(char):04X}")
            if comment:
                continue
            if quote:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True  # 'it\'s': the quote after it does not end the string
                elif char == quote:
                    quote = None
                continue
            if char in "-+~":
                run += 1
                if run > MAX_NESTING:
                    raise ProgramError("program_too_deep", number, column, limit=MAX_NESTING)
            elif not char.isspace():
                run = 0
            if char in "'\"":
                quote = char
            elif char == "#":
                comment = True  # the rest of the line: no brackets, no signs
            elif char in "([{":
                depth += 1
                if depth > MAX_NESTING:
                    raise ProgramError("program_too_deep", number, column, limit=MAX_NESTING)
            elif char in ")]}":
                depth -= 1
        quote = None  # a string does not go on past its line (the parser says so)


class _Checker:
    """Walks the tree once: every node is allowed, every name bound before it is read."""

    def __init__(self, names):
        self.names = names
        self.bound = set()  # module-level names assigned so far
        self.defs = []  # the program's own defs, in order
        self.arity = {}  # def name: its number of parameters
        self.defining = None  # the def whose body is being read
        self.nodes = 0
        self.statements = 0

    # -- statements ---------------------------------------------------------------------------
    def module(self, tree):
        for statement in tree.body:
            self.statement(statement, self.bound, top=True)

    def statement(self, node, scope, top=False, in_def=False):
        self.count(node)
        self.statements += 1
        if self.statements > MAX_STATEMENTS:
            raise ProgramError("program_too_many_statements", *_where(node), limit=MAX_STATEMENTS)
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1:
                raise ProgramError("program_chained_assign", *_where(node.targets[1]))
            self.expression(node.value, scope, depth=0, tuple_ok=True, in_def=in_def)
            self.target(node.targets[0], scope, in_def)
        elif isinstance(node, ast.Expr):
            if not isinstance(node.value, ast.Call):
                raise ProgramError("program_no_effect", *_where(node))
            self.expression(node.value, scope, depth=0, in_def=in_def)
        elif isinstance(node, ast.With):
            self.with_(node, scope, in_def)
        elif isinstance(node, ast.FunctionDef):
            if not top:
                raise ProgramError("program_def_top", *_where(node))
            self.function_def(node)
        elif isinstance(node, ast.Return) and in_def:
            raise ProgramError("program_return_last", *_where(node))
        else:
            raise ProgramError("program_statement", *_where(node), what=_what(node))

    def target(self, node, scope, in_def):
        if isinstance(node, ast.Name):
            self.assignable(node, in_def)
            scope.add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            if not node.elts or len(node.elts) > MAX_ARGS:
                raise ProgramError("program_target", *_where(node))
            for element in node.elts:
                if not isinstance(element, ast.Name):
                    raise ProgramError("program_target", *_where(element))
                self.count(element)
                self.assignable(element, in_def)
            scope.update(element.id for element in node.elts)
        elif isinstance(node, ast.Attribute):
            self.count(node)
            if node.attr not in WRITABLE:
                raise ProgramError(
                    "program_attribute_write",
                    *_where(node),
                    name=f".{node.attr[:40]}",
                    allowed=", ".join(f".{a}" for a in WRITABLE),
                )
            self.expression(node.value, scope, depth=1, in_def=in_def)
        else:
            raise ProgramError("program_target", *_where(node))

    def assignable(self, node, in_def):
        name = node.id
        self.identifier(node, name)
        if self.names.taken(name) or name in self.arity:
            raise ProgramError("program_reserved", *_where(node), name=name)

    def identifier(self, node, name):
        if not name.isascii() or not name.isidentifier() or keyword.iskeyword(name):
            raise ProgramError("program_identifier", *_where(node), name=name[:40])
        if name.startswith("__"):
            raise ProgramError("program_dunder", *_where(node), name=name[:40])

    def with_(self, node, scope, in_def):
        item = node.items[0] if len(node.items) == 1 else None
        call = item.context_expr if item else None
        ok = (
            self.names.no_grad
            and item is not None
            and item.optional_vars is None
            and isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "no_grad"
            and not call.args
            and not call.keywords
        )
        if not ok:
            if self.names.no_grad:
                raise ProgramError("program_with", *_where(node))
            raise ProgramError("program_with_step", *_where(node))
        self.count(call)
        self.count(call.func)
        for statement in node.body:
            self.statement(statement, scope, in_def=in_def)

    def function_def(self, node):
        name = node.name
        self.identifier(node, name)
        if self.names.taken(name) or name in self.arity:
            raise ProgramError("program_reserved", *_where(node), name=name)
        args = node.args
        if (
            node.decorator_list
            or node.returns
            or args.posonlyargs
            or args.vararg
            or args.kwonlyargs
            or args.kwarg
            or args.defaults
            or args.kw_defaults
            or len(args.args) > MAX_ARGS
            or any(arg.annotation for arg in args.args)
        ):
            raise ProgramError("program_def_form", *_where(node), name=name)
        params = [arg.arg for arg in args.args]
        for arg in args.args:
            self.identifier(arg, arg.arg)
            if arg.arg in RESERVED or arg.arg in self.names.callables:
                raise ProgramError("program_reserved", *_where(arg), name=arg.arg)
        if len(set(params)) != len(params):
            raise ProgramError("program_def_form", *_where(node), name=name)
        *body, last = node.body
        if not isinstance(last, ast.Return) or last.value is None:
            raise ProgramError("program_def_return", *_where(last), name=name)
        local = set(params)
        self.defining = name
        for statement in body:
            if not isinstance(statement, ast.Assign):
                raise ProgramError("program_def_body", *_where(statement), name=name)
            self.statement(statement, local, in_def=True)
        self.count(last)
        self.expression(last.value, local, depth=0, tuple_ok=True, in_def=True)
        self.defining = None
        self.arity[name] = len(params)
        self.defs.append(name)
        self.bound.add(name)

    # -- expressions --------------------------------------------------------------------------
    def count(self, node):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ProgramError("program_too_many_nodes", *_where(node), limit=MAX_NODES)

    def expression(self, node, scope, depth, tuple_ok=False, in_def=False):
        self.count(node)
        if depth > MAX_NESTING:
            raise ProgramError("program_too_deep", *_where(node), limit=MAX_NESTING)
        deeper = depth + 1
        if isinstance(node, ast.Constant):
            self.constant(node)
        elif isinstance(node, ast.Name):
            self.read(node, scope, in_def)
        elif isinstance(node, ast.Call):
            self.call(node, scope, deeper, in_def)
        elif isinstance(node, ast.Attribute):
            if node.attr not in ATTRIBUTES:
                raise ProgramError(
                    "program_attribute",
                    *_where(node),
                    name=f".{node.attr[:40]}",
                    allowed=", ".join(f".{a}" for a in ATTRIBUTES),
                )
            self.expression(node.value, scope, deeper, in_def=in_def)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in BINARY:
                raise ProgramError("program_operator", *_where(node), op=_operator(node.op))
            if not self.names.operators and not (_array(node.left) or _array(node.right)):
                op = BINARY[type(node.op)]
                first = OPERATOR_FIRST.get(op, 22)
                raise ProgramError("program_operator_step", *_where(node), op=op, step=first)
            self.expression(node.left, scope, deeper, in_def=in_def)
            self.expression(node.right, scope, deeper, in_def=in_def)
        elif isinstance(node, ast.UnaryOp):
            if _number(node):  # -1e999 is as infinite as 1e999
                self.constant(node.operand)
                return
            if not isinstance(node.op, ast.USub):
                raise ProgramError("program_operator", *_where(node), op=_operator(node.op))
            if not self.names.operators and not _array(node.operand):
                raise ProgramError("program_operator_step", *_where(node), op="-", step=22)
            self.expression(node.operand, scope, deeper, in_def=in_def)
        elif isinstance(node, ast.List):  # Variable([1.0, 2.0]): the book takes an ndarray
            raise ProgramError("program_list", *_where(node))
        elif isinstance(node, ast.Tuple) and tuple_ok:
            if not node.elts or len(node.elts) > MAX_ARGS:
                raise ProgramError("program_node", *_where(node), what="( , )")
            for element in node.elts:
                self.expression(element, scope, deeper, in_def=in_def)
        else:
            raise ProgramError("program_node", *_where(node), what=_what(node))

    def constant(self, node):
        value = node.value
        if value is None or isinstance(value, bool):
            return
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                raise ProgramError("program_big_int", *_where(node), limit=f"{MAX_INT:.0e}")
            return
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise ProgramError("program_nonfinite", *_where(node))
            return
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                raise ProgramError("program_string", *_where(node), limit=MAX_STRING)
            return
        raise ProgramError("program_node", *_where(node), what=type(value).__name__)

    def read(self, node, scope, in_def):
        name = node.id
        self.identifier(node, name)
        if name in scope or name in self.names.callables or name in self.arity:
            return
        if name == "np":
            raise ProgramError("program_np", *_where(node))
        if name == "print":
            raise ProgramError("program_print_call", *_where(node))
        if in_def and name in self.bound:
            raise ProgramError("program_def_global", *_where(node), name=name)
        raise ProgramError("program_unbound", *_where(node), name=name)

    def call(self, node, scope, depth, in_def):
        func = node.func
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise ProgramError("program_node", *_where(arg), what="*")
        if len(node.args) > MAX_ARGS:
            raise ProgramError("program_too_many_args", *_where(node), limit=MAX_ARGS)
        if isinstance(func, ast.Attribute) and _is_np(func.value):
            self.count(func)
            self.count(func.value)
            if func.attr != "array":
                name = f"np.{func.attr[:40]}"
                raise ProgramError("program_np_function", *_where(func), name=name)
            if len(node.args) != 1 or node.keywords:
                raise ProgramError("program_np_array", *_where(node))
            count = self.literal(node.args[0], 0)
            _shape(node.args[0])  # [[1, 2], [3]]: numpy would refuse it, in English
            if count > MAX_ELEMENTS:
                raise ProgramError(
                    "program_array_size", *_where(node), limit=MAX_ELEMENTS, count=count
                )
            return
        if isinstance(func, ast.Attribute):
            self.count(func)
            if func.attr not in METHODS:
                raise ProgramError(
                    "program_method",
                    *_where(func),
                    name=f".{func.attr[:40]}()",
                    allowed=", ".join(f".{m}()" for m in METHODS),
                )
            if func.attr == "cleargrad" and node.args:
                raise ProgramError("program_cleargrad_args", *_where(node))
            self.keywords(node, METHODS[func.attr], scope, depth, in_def)
            self.expression(func.value, scope, depth, in_def=in_def)
            for arg in node.args:
                self.expression(arg, scope, depth, in_def=in_def)
            return
        if (
            isinstance(func, ast.Call)
            and isinstance(func.func, ast.Name)
            and (func.func.id in self.names.callables)
        ):  # Square()(x), as the book's step 09 writes it
            self.call(func, scope, depth + 1, in_def)
            self.keywords(node, (), scope, depth, in_def)
            for arg in node.args:
                self.expression(arg, scope, depth, in_def=in_def)
            return
        if not isinstance(func, ast.Name):
            raise ProgramError("program_call", *_where(node))
        self.count(func)
        name = func.id
        if name in scope and name not in self.arity:  # A(x): an instance made by A = Square()
            self.keywords(node, (), scope, depth, in_def)
            for arg in node.args:
                self.expression(arg, scope, depth, in_def=in_def)
            return
        if name == "print":
            if node.keywords:  # print(..., file=...): the keyword's name, as everywhere
                item = node.keywords[0]
                name = "**" if item.arg is None else item.arg[:40]
                raise ProgramError("program_keyword", *_where(item), name=name)
            for arg in node.args:
                self.expression(arg, scope, depth, tuple_ok=False, in_def=in_def)
            return
        if name == "no_grad" and self.names.no_grad:
            raise ProgramError("program_no_grad_with", *_where(node))
        if name in self.arity:
            if node.keywords or len(node.args) != self.arity[name]:
                raise ProgramError(
                    "program_def_arity",
                    *_where(node),
                    name=name,
                    expected=self.arity[name],
                    given=len(node.args),
                )
        elif name not in self.names.callables:
            if name == "np":
                raise ProgramError("program_np", *_where(func))
            if name == self.defining:  # no `if`: a def that calls itself never ends
                raise ProgramError("program_def_recursive", *_where(func), name=name[:40])
            first = dict(self.names.later).get(name)
            if first is not None:
                raise ProgramError("program_function_step", *_where(func), name=name, step=first)
            raise ProgramError("program_unknown_function", *_where(func), name=name[:40])
        else:
            self.keywords(node, KEYWORDS.get(name, ()), scope, depth, in_def)
        for arg in node.args:
            self.expression(arg, scope, depth, in_def=in_def)

    def keywords(self, node, allowed, scope, depth, in_def):
        seen = set()
        for item in node.keywords:
            self.count(item)
            if item.arg is None or item.arg not in allowed or item.arg in seen:
                name = "**" if item.arg is None else item.arg[:40]
                raise ProgramError("program_keyword", *_where(item), name=name)
            seen.add(item.arg)
            self.expression(item.value, scope, depth, in_def=in_def)

    def literal(self, node, depth):
        """The numbers in ``np.array``'s argument: a number or (nested) lists of numbers
        (counted by ``MAX_ELEMENTS``, not as nodes of the program)."""
        if _number(node):
            self.constant(node if isinstance(node, ast.Constant) else node.operand)
            return 1
        if isinstance(node, (ast.List, ast.Tuple)):
            if depth >= MAX_ARRAY_DEPTH:
                raise ProgramError("program_array_deep", *_where(node), limit=MAX_ARRAY_DEPTH)
            if not node.elts:
                raise ProgramError("program_array_empty", *_where(node))
            return sum(self.literal(element, depth + 1) for element in node.elts)
        raise ProgramError("program_array_literal", *_where(node))


def _shape(node):
    """The shape of a checked literal; a row of another length than its siblings is refused
    where it starts."""
    if not isinstance(node, (ast.List, ast.Tuple)):
        return ()
    shapes = [_shape(element) for element in node.elts]
    for element, shape in zip(node.elts, shapes, strict=True):
        if shape != shapes[0]:
            raise ProgramError("program_ragged", *_where(element))
    return (len(shapes), *shapes[0])


def _array(node):
    """``v.grad`` or ``v.data``: an ndarray in every step of Stage 2, so numpy's operators
    apply to it before step 20 too (``a.grad = a.grad + C.backward(b.grad)``)."""
    return isinstance(node, ast.Attribute) and node.attr in ("grad", "data")


def _where(node):
    return getattr(node, "lineno", 1) or 1, (getattr(node, "col_offset", 0) or 0) + 1


def _what(node):
    return _WHAT.get(type(node), type(node).__name__)


def _operator(op):
    return {
        ast.FloorDiv: "//",
        ast.Mod: "%",
        ast.MatMult: "@",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.BitXor: "^",
        ast.Invert: "~",
        ast.Not: "not",
        ast.UAdd: "+",
    }.get(type(op), type(op).__name__)


def _is_np(node):
    return isinstance(node, ast.Name) and node.id == "np"


def _number(node):
    """A number literal, signed or not (``2.0``, ``-1``): never a bool."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )
