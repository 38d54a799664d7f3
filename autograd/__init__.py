"""The engine of steps 06-08: Variable, Function, the functions, and tools to step through them."""

from .chain import Chain, function_names, variable_names
from .core import BackwardRecursionError, Function, Variable, as_array
from .expression import (
    Expression,
    ExpressionError,
    check_name,
    define_function,
    function_info,
    user_registry,
)
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
from .verify import Verdict, check_backward

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
    "Expression",
    "ExpressionError",
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
    "Verdict",
    "as_array",
    "check_backward",
    "check_name",
    "define_function",
    "function_info",
    "function_names",
    "lesson_length",
    "numerical_diff",
    "source_line",
    "timeline",
    "trace",
    "user_registry",
    "variable_names",
]
