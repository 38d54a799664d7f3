"""Forward + backward time per node: the engine vs plain numpy.

Run from the repository root::

    python benchmarks/chain.py            # the full table (a few minutes)
    python benchmarks/chain.py --quick    # without the 1,000,000-element rows
    python benchmarks/chain.py --sizes 0 1000000 --depths 100    # chosen rows (0: scalar)

Three ways to run the same chain, timed per node (forward + seed + backward):

(a) book   the engine as the book writes it: the program is the Stepper's own timeline
           (``a = A(x)``, ..., ``y.grad = np.array(1.0)``, ``b.grad = C.backward(y.grad)``,
           ...), compiled once into straight-line Python. The functions ``A = Sin()``, ...
           and ``x = Variable(...)`` are created before the clock starts.
(b) stepper ``Stepper(ops, x).run_to_end()``: builds the chain and its names, keeps a
           record of every call and also computes each local derivative f'(x) for display.
(c) numpy  hand-written numpy doing the same arithmetic as ``autograd/functions.py``
           (``a = np.sin(x)``, ..., ``x_grad = np.cos(x) * a_grad``), also straight-line
           code, keeping every data and every grad alive until the end. At scalar size numpy
           returns bare ``np.float64`` scalars and this version keeps them (that is what a
           hand-written program gets); the engine wraps each one back into a 0-d array.

The chain repeats the pattern Sin, Exp, Log, Square, Cos, Tanh, Sigmoid (every registry
function) on inputs drawn uniformly from [-1, 1] (the scalar input is 0.5). Sin maps
[-1, 1] into [-0.85, 0.85], Exp/Log give it back, Square into [0, 0.71], Cos into
[0.76, 1], Tanh into [0.64, 0.77], Sigmoid into [0.65, 0.69]: the data stay in [-1, 2.4]
at any depth, and the gradients shrink by about 1e-1.4 per 7 functions, so they stay
normal floats (about 1e-202 at depth 1000, no subnormals that would slow numpy down).
(Alternating Square and Exp overflows by depth 8; Sin, Tanh, Cos, Sigmoid alone shrinks the
gradient into subnormals near depth 1000.)

Sizes: scalar (0-d), 1,000 and 1,000,000 elements; depths 3, 100 and 1000. A point is
skipped when the data and grads alone would need more than 8 GB
(elements * 8 bytes * 2 arrays * depth: 1,000,000 elements at depth 1000 needs 16 GB).

Timing: ``time.perf_counter``; each repeat runs a variant enough times to last about
0.05 s (at least once); one repeat runs the three variants back to back, (a) next to (c),
and the repeats go on for about 2 s (n, between 5 and 20 times). The times are the best
repeat's, the one least disturbed by other processes; the ratios are the median of the
ratios within each repeat, which share the machine's load. The garbage collector is off
as in ``timeit``. Before timing, the three variants are checked to give bitwise-equal
``x.grad`` and finite values.
"""

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from operator import truediv
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograd import REGISTRY, Stepper, Variable, timeline  # noqa: E402
from autograd.chain import function_names, variable_names  # noqa: E402

PATTERN = ("Sin", "Exp", "Log", "Square", "Cos", "Tanh", "Sigmoid")
SIZES = (None, 1_000, 1_000_000)  # None: a 0-d array, as in the book
DEPTHS = (3, 100, 1000)
MEMORY_LIMIT = 8e9  # bytes for data + grad of every variable

# The arithmetic of autograd/functions.py, written out: (forward, backward) with
# {x} the input, {y} the output, {gy} and {gx} the grads.
PLAIN = {
    "Square": ("{y} = {x}**2", "{gx} = 2 * {x} * {gy}"),
    "Exp": ("{y} = np.exp({x})", "{gx} = np.exp({x}) * {gy}"),
    "Sin": ("{y} = np.sin({x})", "{gx} = np.cos({x}) * {gy}"),
    "Cos": ("{y} = np.cos({x})", "{gx} = -np.sin({x}) * {gy}"),
    "Tanh": ("{y} = np.tanh({x})", "{gx} = (1 - {y} * {y}) * {gy}"),
    "Log": ("{y} = np.log({x})", "{gx} = {gy} / {x}"),
    "Sigmoid": ("{y} = np.tanh({x} * 0.5) * 0.5 + 0.5", "{gx} = {y} * (1 - {y}) * {gy}"),
}


def compile_function(name, params, lines, returns):
    source = "\n    ".join([f"def {name}({params}):", *lines, f"return {returns}"])
    namespace = {"np": np}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


def book_program(ops, scalar):
    """The book's step-06 program for ``ops``, one line per call (the Stepper's timeline)."""
    names = function_names(len(ops))
    variables = variable_names(len(ops))
    lines = [f"{', '.join(names)}, = functions"]
    lines += [call.code for call in timeline(ops, scalar=scalar)]
    return compile_function("book", "x, functions", lines, f"[{', '.join(variables)}]")


def plain_program(ops, scalar):
    """The same arithmetic in hand-written numpy: every data and grad kept in a local."""
    v = variable_names(len(ops))
    lines = [PLAIN[op][0].format(x=v[i], y=v[i + 1]) for i, op in enumerate(ops)]
    lines.append(f"{v[-1]}_grad = " + ("np.array(1.0)" if scalar else f"np.ones_like({v[-1]})"))
    for i in reversed(range(len(ops))):
        backward = PLAIN[ops[i]][1]
        x, y = v[i], v[i + 1]
        lines.append(backward.format(x=x, y=y, gx=f"{x}_grad", gy=f"{y}_grad"))
    data, grads = ", ".join(v), ", ".join(f"{name}_grad" for name in v)
    return compile_function("plain", "x", lines, f"([{data}], [{grads}])")


def make_input(size):
    if size is None:
        return np.array(0.5)
    return np.random.default_rng(0).uniform(-1.0, 1.0, size)


def check(ops, x0, book, plain):
    """Outside the clock: the three variants agree bitwise and stay finite, no subnormals."""
    variables = book(Variable(x0.copy()), [REGISTRY[op].cls() for op in ops])
    for v in variables:
        assert np.all(np.isfinite(v.data)) and np.all(np.isfinite(v.grad)), "not finite"
    x_grad = np.asarray(variables[0].grad)
    del variables
    assert np.array_equal(x_grad, np.asarray(plain(x0.copy())[1][0])), "book and numpy differ"
    stepper_grad = Stepper(ops, x0.copy()).run_to_end().chain.x.grad
    assert np.array_equal(x_grad, stepper_grad), "book and stepper differ"
    smallest = np.min(np.abs(x_grad[x_grad != 0]), initial=np.inf)
    assert smallest >= np.finfo(np.float64).tiny, "subnormal gradient"
    gc.collect()


def timed(run, args, number):
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            run(*args)
        return time.perf_counter() - start
    finally:
        gc.enable()


def measure(variants, reference, target=0.05, budget=2.0):
    """Time one run of each variant, ``repeat`` times, the variants back to back.

    Returns each variant's best time and the median, over the repeats, of its time divided
    by the ``reference`` variant's time in the same repeat: the variants of one repeat run
    close together in time, so they share the machine's load (other processes).
    """
    numbers, longest = {}, 0.0
    for name, (setup, run) in variants.items():
        once = timed(run, setup(), 1)
        numbers[name] = max(1, int(target / once))
        longest = max(longest, once * numbers[name])
    repeat = min(20, max(5, int(budget / longest)))
    times = {name: [] for name in variants}
    order = list(variants)
    for _ in range(repeat):
        for name in order:
            setup, run = variants[name]
            times[name].append(timed(run, setup(), numbers[name]) / numbers[name])
            gc.collect()
        order.reverse()  # no variant always runs first
    best = {name: min(t) for name, t in times.items()}
    ratio = {
        name: statistics.median(map(truediv, t, times[reference])) for name, t in times.items()
    }
    return best, ratio, repeat


def bench(size, depth):
    ops = tuple(PATTERN[i % len(PATTERN)] for i in range(depth))
    scalar = size is None
    x0 = make_input(size)
    book, plain = book_program(ops, scalar), plain_program(ops, scalar)
    check(ops, x0, book, plain)

    def book_setup():
        return Variable(x0.copy()), [REGISTRY[op].cls() for op in ops]

    variants = {  # book next to numpy: their ratio compares runs made one after the other
        "stepper": (lambda: (ops, x0.copy()), lambda o, x: Stepper(o, x).run_to_end()),
        "book": (book_setup, book),
        "numpy": (lambda: (x0.copy(),), plain),
    }
    best, ratio, repeat = measure(variants, reference="numpy")
    per_node = {name: seconds / depth * 1e6 for name, seconds in best.items()}  # µs
    return per_node, ratio, repeat


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="no 1,000,000-element rows")
    parser.add_argument("--sizes", type=int, nargs="+", help="element counts, 0 for a scalar")
    parser.add_argument("--depths", type=int, nargs="+", default=DEPTHS)
    args = parser.parse_args()
    sizes = SIZES[:2] if args.quick else SIZES
    if args.sizes:
        sizes = [size or None for size in args.sizes]

    print("# Backprop Explorer: forward + backward time per node\n")
    print(f"- Python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs")
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print(f"- OPENBLAS_CORETYPE: {'set to ' + repr(coretype) if coretype else 'not set'}")
    print(f"- pattern: {', '.join(PATTERN)} repeated; inputs uniform in [-1, 1] (scalar 0.5)")
    print("- times: the best of n repeats; ratios: the median over the repeats of the ratio")
    print("  within one repeat (the variants run back to back)")
    print(f"- load average at the start: {os.getloadavg()[0]:.1f} (other processes slow it down)")
    print("- (a) book-style engine, (b) Stepper.run_to_end(), (c) hand-written numpy\n")
    print(
        "| elements | depth | (a) book µs/node | (b) stepper µs/node | (c) numpy µs/node "
        "| (a)/(c) | (b)/(c) | n |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        for depth in args.depths:
            label = "scalar" if size is None else f"{size:,}"
            if (size or 1) * 8 * 2 * depth > MEMORY_LIMIT:
                print(f"| {label} | {depth} | skipped: over 8 GB | | | | | |")
                continue
            t, ratio, repeat = bench(size, depth)
            print(
                f"| {label} | {depth} | {t['book']:.3g} | {t['stepper']:.3g} | {t['numpy']:.3g} "
                f"| {ratio['book']:.2f} | {ratio['stepper']:.2f} | {repeat} |",
                flush=True,
            )
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
