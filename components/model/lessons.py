"""The lesson of a spec: its program run by its book step's code, traced once (pure).

``lesson(program, book, defs)`` reads the program with the step's names and the learner's
functions, and runs it under the tracer (``autograd.tracer.run``): one ``Lesson`` value for
every panel, every position and every export. It is memoised (the same three strings give
the same lesson), so a page's run builds a lesson at most once; ``build`` is the one place
that traces.
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from autograd import ProgramError, tracer

from . import programs, userfn

CACHED = 16  # lessons kept (a 32-function chain of 10,000-element arrays is a few MB)


@dataclass(frozen=True, eq=False)
class Built:
    """A lesson, or why the program could not be read (``error``: a ``ProgramError``)."""

    lesson: object = None
    error: ProgramError | None = None


def key(program, book, defs):
    """A short stable id of the lesson (the graph element checks reports against it)."""
    text = repr((program, book, tuple(defs)))
    return hashlib.blake2s(text.encode("utf-8"), digest_size=8).hexdigest()


def build(program, book, defs):
    """Read and trace: the program's lesson (uncached; ``lesson`` caches it)."""
    learned = userfn.learned(defs)
    try:
        checked = programs.check(program, book, learned)
    except ProgramError as error:
        return Built(error=error)
    return Built(lesson=tracer.run(checked, book, learned, key=key(program, book, defs)))


@lru_cache(maxsize=CACHED)
def lesson(program, book, defs=()):
    return build(program, book, defs)


def of(spec):
    """The spec's lesson (None if its program cannot be read: the spec never holds one)."""
    return lesson(spec.program, spec.book, spec.defs).lesson
