"""The engine of steps 06-08: Variable, Function, the functions, and tools to step through them."""

from .chain import Chain, function_names, variable_names
from .core import BackwardRecursionError, Function, Variable, as_array
from .functions import REGISTRY, Cos, Exp, FunctionInfo, Log, Sigmoid, Sin, Square, Tanh
from .numerical import numerical_diff
from .stepper import (
    Call,
    ForwardNotDoneError,
    Kind,
    MissingGradError,
    Record,
    StepError,
    Stepper,
    timeline,
)
from .trace import (
    BOOKS,
    SOURCE,
    BackwardStepper,
    Event,
    EventKind,
    lesson_length,
    source_line,
    trace,
)

__all__ = [
    "BOOKS",
    "REGISTRY",
    "SOURCE",
    "BackwardRecursionError",
    "BackwardStepper",
    "Event",
    "EventKind",
    "Call",
    "Chain",
    "Cos",
    "Exp",
    "ForwardNotDoneError",
    "Function",
    "FunctionInfo",
    "Kind",
    "Log",
    "MissingGradError",
    "Record",
    "Sigmoid",
    "Sin",
    "Square",
    "StepError",
    "Stepper",
    "Tanh",
    "Variable",
    "as_array",
    "function_names",
    "lesson_length",
    "numerical_diff",
    "source_line",
    "timeline",
    "trace",
    "variable_names",
]
