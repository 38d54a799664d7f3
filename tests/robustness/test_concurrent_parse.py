"""Sessions parse their input at the same time, each in its own script thread.

CPython 3.11's ``ast`` is not thread-safe (python/cpython#106905): concurrent
``ast.literal_eval`` calls can fail with "SystemError: AST constructor recursion depth
mismatch", which a classroom server met as an exception on a learner's page. The input parser
must serialize them.
"""

import threading

import numpy as np

from components import parse

TEXT = "[" + ", ".join(f"{v:.4f}" for v in np.linspace(-1, 1, parse.MAX_ELEMENTS)) + "]"


class Cycle:
    """Garbage that only the cyclic collector frees (and that runs a finalizer)."""

    def __init__(self):
        self.me = self

    def __del__(self):
        pass


def test_parse_input_from_many_threads():
    errors = []

    def session():
        for _ in range(6):
            try:
                assert parse.parse_input(TEXT).shape == (parse.MAX_ELEMENTS,)
            except Exception as error:  # noqa: BLE001 - collected and reported below
                errors.append(f"{type(error).__name__}: {error}")
            _ = [Cycle() for _ in range(200)]

    threads = [threading.Thread(target=session) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
