"""The step-06 engine: Variable, Function, the functions, and tools to step through them."""

from .chain import Chain, function_names, variable_names
from .core import Function, Variable, as_array
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

__all__ = [
    "REGISTRY",
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
    "numerical_diff",
    "timeline",
    "variable_names",
]
