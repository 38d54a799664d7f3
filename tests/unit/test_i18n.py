"""The translation table: complete in ko/en/ja, the same fields everywhere, every used key there."""

import ast
import re
import string
from pathlib import Path

import pytest

from autograd.stepper import _FLAG_NAMES
from components import state
from components.i18n import LANG_NAMES, LANGS, TEXT, from_locale, t

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "components").glob("*.py")) + [ROOT / "streamlit_app.py"]


def fields(text):
    """The replacement fields of a format string, with their format specs: {('limit', ',')}."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name}


def test_languages():
    assert LANGS == ("ko", "en", "ja")
    assert set(LANG_NAMES) == set(LANGS)


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_key_has_every_language_with_the_same_fields(key):
    entry = TEXT[key]
    assert set(entry) == set(LANGS), key
    for lang in LANGS:
        assert isinstance(entry[lang], str) and entry[lang].strip(), (key, lang)
        assert fields(entry[lang]) == fields(entry["en"]), (key, lang)


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_entry_formats(key):
    args = {name: 1234 for name, _ in fields(TEXT[key]["en"])}
    for lang in LANGS:
        text = t(lang, key, **args)
        assert not re.search(r"\{\w*(:[^}]*)?\}", text), (key, lang)


def _string_values(node):
    """String constants a node can evaluate to: a literal, or either branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _string_values(node.body) + _string_values(node.orelse)
    return []


def _pattern(node):
    """A regex for an f-string key such as f"preset_{name}"."""
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(re.escape(value.value))
        else:
            parts.append(r"\w+")
    return "".join(parts)


def used_keys():
    """Keys the code names literally, and patterns of the keys it builds with f-strings."""
    keys, patterns = set(), set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                position = {"t": 1, "Message": 1, "warn": 0, "InputError": 0}.get(name)
                if position is not None and len(node.args) > position:
                    arg = node.args[position]
                    keys.update(_string_values(arg))
                    if isinstance(arg, ast.JoinedStr):
                        patterns.add(_pattern(arg))
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "key" for target in node.targets
            ):
                keys.update(_string_values(node.value))  # key = "a" if ... else "b"
    return keys, patterns


def test_every_key_the_code_names_exists():
    keys, _ = used_keys()
    assert {"title", "next", "input_empty", "url_bad_step", "err_missing_seed"} <= keys
    missing = sorted(key for key in keys if key not in TEXT)
    assert not missing, missing


def test_every_key_the_code_builds_exists():
    _, patterns = used_keys()
    assert patterns
    for pattern in patterns:
        assert any(re.fullmatch(pattern, key) for key in TEXT), pattern
    built = (
        [f"preset_{name}" for name in state.PRESETS]
        + [f"view_{view}" for view in state.VIEWS]
        + list(state.OPTIONS)
        + [f"{option}_help" for option in state.OPTIONS]
        + [f"flag_{flag}" for flag in (*_FLAG_NAMES.values(), "nonfinite")]
        + [f"col_{column}" for column in ("name", "made_by", "data", "grad", "flags")]
        + ["move_up", "move_down", "remove"]
    )
    missing = [key for key in built if key not in TEXT]
    assert not missing, missing


def test_unknown_language_falls_back_to_english_and_unknown_key_fails_loudly():
    assert t("fr", "title") == TEXT["title"]["en"]
    with pytest.raises(KeyError):
        t("en", "no_such_key")


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("ko-KR", "ko"),
        ("ko", "ko"),
        ("KO_kr", "ko"),
        ("ja-JP", "ja"),
        ("ja", "ja"),
        ("en-GB", "en"),
        ("fr-FR", "en"),
        ("", "en"),
        (None, "en"),
        ("zh-Hans-CN", "en"),
    ],
)
def test_from_locale(locale, lang):
    assert from_locale(locale) == lang
