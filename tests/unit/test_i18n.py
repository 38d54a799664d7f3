"""The translation table: complete in ko/en/ja, the same fields everywhere, every used key there."""

import ast
import re
import string
from pathlib import Path

import pytest

from autograd import Stepper
from autograd.stepper import _FLAG_NAMES
from components import state
from components.graph import WARN, build_dot
from components.i18n import LANG_NAMES, LANGS, TEXT, from_locale, t
from components.math_panel import element_index

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


# -- how the Korean and Japanese entries are written (the module docstring of i18n) -----------
FIELD = r"\{[^{}]*\}"
# a particle whose form depends on the sound before it, right after a value filled in later
KO_PARTICLE_AFTER_VALUE = re.compile(
    FIELD + r"(?:이|가|을|를|은|는|와|과|으로|로|이나|나|이라|라)(?=[\s.,:;!?)]|$)"
)
KO_RULES = {
    "a fallback particle such as 을(를)": re.compile(r"\((?:을|를|이|가|은|는|와|과|으)\)"),
    "a sound-dependent particle after a value": KO_PARTICLE_AFTER_VALUE,
    "a space before a particle or 입니다": re.compile(
        FIELD + r" (?:이|가|을|를|은|는|의|에|로|입니다)(?=[\s.,]|$)"
    ),
    "해요체 (…요, …세요) in a 합니다체 text": re.compile(r"[가-힣]요[.?!]?(?:\s|$)|세요"),
    "국소 미분 (the Korean edition says 국소적 미분)": re.compile(r"국소 미분"),
    "추측 (a guess is 예측 everywhere)": re.compile(r"추측"),
    "translated joints (그리고 between two facts, …하니)": re.compile(r"그리고|[가-힣]하니\b"),
}
JA_RULES = {
    "「本」 for the book (書籍)": re.compile(r"本(?=[のでは])|「本」"),
    "ステップ for the app's position (it is a 呼び出し)": re.compile(r"ステップ(?!\d)"),
    "「」 around a value or code": re.compile(r"「" + FIELD + "」"),
    "plain form まだない": re.compile(r"まだない"),
    "惜しい for any wrong guess": re.compile(r"惜しい"),
}
POLITE = ("す", "した", "せん", "さい", "しょう", "ょうか？", "か？", "です！")


@pytest.mark.parametrize(("lang", "rules"), [("ko", KO_RULES), ("ja", JA_RULES)])
def test_korean_and_japanese_follow_the_writing_rules(lang, rules):
    broken = [
        (key, rule, TEXT[key][lang])
        for key in TEXT
        for rule, pattern in rules.items()
        if pattern.search(TEXT[key][lang])
    ]
    assert not broken, "\n".join(map(str, broken))


def _polite(sentence):
    """Ends in a polite form, after a closing parenthesis, or before a colon and a formula."""
    sentence = re.sub(r"[（(][^（）()]*[）)]$", "", sentence)
    return sentence.endswith(POLITE) or sentence.split("：")[0].endswith(POLITE)


def test_every_japanese_sentence_is_polite():
    """です/ます: every sentence that ends with 。 ends in a polite form."""
    plain = [
        (key, sentence)
        for key, entry in TEXT.items()
        for sentence in entry["ja"].split("。")[:-1]
        if not _polite(sentence)
    ]
    assert not plain, "\n".join(map(str, plain))


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("a fallback particle such as 을(를)", "{name}을(를) 추가합니다"),
        ("a sound-dependent particle after a value", "x = {x}을 씁니다"),
        ("a space before a particle or 입니다", "기울기가 x.grad = {grad} 입니다."),
        ("해요체 (…요, …세요) in a 합니다체 text", "답을 알려 주는 셈이니까요."),
    ],
)
def test_the_korean_rules_catch_what_the_issue_found(rule, text):
    assert KO_RULES[rule].search(text)


def test_the_subtitle_names_the_steps_title_of_each_edition():
    assert "수동 역전파" in TEXT["subtitle"]["ko"]
    assert "手作業によるバックプロパゲーション" in TEXT["subtitle"]["ja"]


# -- text that used to bypass the table ----------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_graphs_flag_words_are_in_the_learners_language(lang):
    ops, text = state.PRESETS["overflow"]  # exp overflows to inf, then sin(inf) is nan
    dot = build_dot(Stepper(ops, state.parse_input(text)).run_to_end(), "stacked", lang=lang)
    words = [t(lang, f"graph_flag_{flag}") for flag in ("overflow", "invalid")]
    assert f"{WARN} {words[0]}" in dot and words[1] in dot
    if lang != "en":
        assert "overflow" not in dot and "invalid" not in dot


@pytest.mark.parametrize(("ndim", "index"), [(1, "x[0]"), (2, "x[0, 0]"), (3, "x[0, 0, 0]")])
def test_the_math_panel_names_the_first_element_of_any_array(ndim, index):
    assert element_index(ndim) == index
