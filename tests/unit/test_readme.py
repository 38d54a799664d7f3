"""The README's engine snippets run as printed, and the first one is the book's example."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import Stepper

ROOT = Path(__file__).resolve().parents[2]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def run(source):
    done = subprocess.run(
        [sys.executable, "-c", source], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_readme_has_the_books_example():
    book = BLOCKS[0]
    for line in ("A = Square()", "x = Variable(np.array(0.5))", "b.grad = C.backward(y.grad)"):
        assert line in book
    expected = Stepper(["Square", "Exp", "Square"], 0.5).run_to_end().chain.x.grad
    assert run(book).strip() == repr(float(expected)) == "3.297442541400256"


@pytest.mark.parametrize("index", range(1, len(BLOCKS)))
def test_every_other_snippet_runs_and_prints_what_its_comments_say(index):
    source = BLOCKS[index]
    printed = run(source)
    for comment in re.findall(r"#\s*(\S[^\n]*)", source):
        shown = comment.split("...")[1].strip() if "..." in comment else comment.strip()
        if shown and not shown.startswith(("C.backward", "before")):
            assert shown in printed, (comment, printed)
