"""The book's code of each step (Deep Learning from Scratch 3), one module a step.

Each ``stepNN.py`` holds the definitions as they stand at that step, then the book's example
program. The program starts at the first module-level statement that makes a ``Variable`` or
a function (a call of ``Variable``, of a ``Function`` subclass or of a public function);
everything before it is definitions.

``namespace(step)`` runs the definitions only, in a fresh dict, so two lessons never share a
class or ``Config``.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import CodeType

STEPS = ("06", "07", "08", "09", "13", "14", "16", "18", "20", "21", "22")

OFFERED = ("Square", "Exp", "Sin", "Cos", "Tanh", "Log", "Sigmoid")
"""The unary functions the app offers, as classes; from step 09 on, as lowercase functions."""

_HIDDEN = frozenset(
    {"as_array", "as_variable", "using_config", "setup_variable", "rsub", "rdiv", "Function"}
)
_DEFINITIONS = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Book:
    step: str
    text: str
    definitions: str
    program: str
    program_line: int
    code: CodeType
    names: tuple[str, ...]
    offered: tuple[str, ...]
    hidden: frozenset[str]  # every other name the definitions make (as_array, Config, weakref)


def path(step: str) -> Path:
    if step not in STEPS:
        raise ValueError(f"no step {step!r}; the steps are {', '.join(STEPS)}")
    return Path(__file__).resolve().parent / f"step{step}.py"


def _public_names(body: list[ast.stmt]) -> tuple[str, ...]:
    functions = {"Function"}
    names = ["Variable"]
    for node in body:
        if isinstance(node, ast.ClassDef):
            bases = {base.id for base in node.bases if isinstance(base, ast.Name)}
            if bases & functions:
                functions.add(node.name)
                if node.name not in _HIDDEN:
                    names.append(node.name)
        elif (
            isinstance(node, ast.FunctionDef)
            and not node.name.startswith("_")
            and node.name not in _HIDDEN
        ):
            names.append(node.name)
    return tuple(names)


def _defined_names(body: list[ast.stmt]) -> frozenset[str]:
    """Every name the module's top-level statements bind: imports, classes, functions,
    assignments (a program that rebinds one would break the step's own code)."""
    found = set()
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                found.update(sub.id for sub in ast.walk(target) if isinstance(sub, ast.Name))
    return frozenset(found)


def _makes_something(node: ast.stmt, callables: frozenset[str]) -> bool:
    return any(
        isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in callables
        for sub in ast.walk(node)
    )


@lru_cache(maxsize=len(STEPS))
def book(step: str) -> Book:
    file = path(step)
    text = file.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(file))
    names = _public_names(tree.body)
    callables = frozenset(names)
    start = next(
        (
            index
            for index, node in enumerate(tree.body)
            if not isinstance(node, _DEFINITIONS) and _makes_something(node, callables)
        ),
        None,
    )
    if start is None:
        raise ValueError(f"{file} has no example program")
    late = [node for node in tree.body[start:] if isinstance(node, _DEFINITIONS)]
    if late:
        raise ValueError(f"{file}:{late[0].lineno}: a definition after the example program")
    program_line = tree.body[start].lineno
    lines = text.splitlines()
    definitions = "\n".join(lines[: program_line - 1]).rstrip() + "\n"
    program = textwrap.dedent("\n".join(lines[program_line - 1 :])).rstrip() + "\n"
    module = ast.Module(body=tree.body[:start], type_ignores=[])
    code = compile(module, str(file), "exec", dont_inherit=True)
    offered = OFFERED if step in ("06", "07", "08") else tuple(n.lower() for n in OFFERED)
    hidden = _defined_names(tree.body[:start]) - set(names)
    return Book(step, text, definitions, program, program_line, code, names, offered, hidden)


@lru_cache(maxsize=len(STEPS))
def later(step: str) -> tuple[tuple[str, int], ...]:
    """The names a later step's code brings that ``step``'s has not, each with the first
    step that has it: ``(("add", 13), ...)``, for "comes in step 13"."""
    have = set(book(step).names) | book(step).hidden
    found = {}
    for other in STEPS[STEPS.index(step) + 1 :]:
        for name in book(other).names:
            if name not in have and name not in found:
                found[name] = int(other)
    return tuple(found.items())


def namespace(step: str) -> dict:
    """A fresh module namespace in which the step's definitions (not its program) have run."""
    scope = {"__name__": "__main__"}  # as the book runs it: print(Variable) names __main__
    exec(book(step).code, scope)  # our own step source, never a learner's text
    return scope
