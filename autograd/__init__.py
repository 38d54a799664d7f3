"""The engine: the book's code of each step (``steps``), a learner's program read by a
whitelist (``program``), run by a step's code under a tracer into one ``Lesson`` (``tracer``,
``lesson``), and the learner's own Functions (``expression``, ``learner``, ``verify``).

Numpy only, no Streamlit::

    from autograd import steps, tracer
    from autograd.program import parse, names_for

    book = steps.book("16")
    lesson = tracer.run(parse(book.program, names_for("16", book.names)), "16")
    print(lesson.printed)  # 32.0, 64.0: what the book's step 16 prints
"""

from . import steps
from .expression import Expression, ExpressionError, check_name
from .lesson import Call, Change, Edge, Frame, Item, Lesson, Node, State
from .program import Program, ProgramError, names_for, parse
from .tracer import Learned, run
from .verify import Verdict, check_backward

__all__ = [
    "Call",
    "Change",
    "Edge",
    "Expression",
    "ExpressionError",
    "Frame",
    "Item",
    "Learned",
    "Lesson",
    "Node",
    "Program",
    "ProgramError",
    "State",
    "Verdict",
    "check_backward",
    "check_name",
    "names_for",
    "parse",
    "run",
    "steps",
]
