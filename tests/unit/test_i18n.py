"""The catalogs (components/locales/*/LC_MESSAGES/messages.po): complete in ko/en/ja/zh, the
same fields and plural forms everywhere, in sync with the code, written by each language's
rules and the glossary's terms; and the sentences issue 20 found false."""

import re
import string
from dataclasses import replace

import numpy as np
import pytest
from autograd.stepper import _FLAG_NAMES
from components.classroom_panels import expected_text
from components.graph import WARN, build_dot
from components.math_panel import element_index
from components.messages import text as message_text
from components.write_panel import verdict_text

from autograd import Stepper, check_backward
from autograd.expression import _MESSAGES as ENGINE_MESSAGES
from autograd.verify import Verdict
from components import classroom_panels, controls, export, graph, state, url, userfn
from components.i18n import LANG_NAMES, LANGS, from_locale, html_lang, keys, nt, t
from scripts import catalogs

CATALOGS = catalogs.load_all()
ENGLISH = CATALOGS["en"]
PLURAL = {key for key, message in ENGLISH.items() if message.pluralizable}


def fields(text):
    """The replacement fields of a format string, with their format specs: {('limit', ',')}."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name}


def say(lang, key, **args):
    """``t``, or ``nt`` with n = 2 for a plural entry."""
    return nt(lang, key, 2, **args) if key in PLURAL else t(lang, key, **args)


def test_languages():
    assert LANGS == ("ko", "en", "ja", "zh")
    assert LANG_NAMES == {"ko": "한국어", "en": "English", "ja": "日本語", "zh": "简体中文"}
    assert set(CATALOGS) == set(LANGS)


# -- the catalogs ----------------------------------------------------------------------------
def test_code_and_catalogs_name_the_same_keys():
    """Babel's extractor over components/**/*.py and streamlit_app.py: every key the code
    names is in every catalog (plural where the code uses nt), and no catalog holds a key no
    code uses; the template on disk is the code's."""
    found = catalogs.extract_keys()
    assert {"title", "next", "input_empty", "url_bad_step", "err_missing_seed"} <= set(found)
    assert {"expr_arity", "verdict_right", "dl_zip_help"} <= {
        k for k, v in found.items() if v["plural"]
    }
    problems = catalogs.check_sync(CATALOGS, found)
    assert not problems, "\n".join(problems)


def test_the_sync_check_catches_drift():
    found = catalogs.extract_keys()
    missing = {**found, "no_such_key": {"plural": False, "locations": []}}
    assert any(
        "no_such_key is used in the code" in p for p in catalogs.check_sync(CATALOGS, missing)
    )
    unused = {key: value for key, value in found.items() if key != "title"}
    assert any(
        "title is in the catalog and no code" in p for p in catalogs.check_sync(CATALOGS, unused)
    )


def test_every_catalog_is_complete_with_the_right_plural_forms():
    """No empty and no fuzzy entry; en has two plural forms, ko, ja and zh one."""
    problems = catalogs.check_complete(CATALOGS)
    assert not problems, "\n".join(problems)
    forms = {lang: {len(catalogs.forms(CATALOGS[lang][key])) for key in PLURAL} for lang in LANGS}
    assert forms == {"en": {2}, "ko": {1}, "ja": {1}, "zh": {1}}
    assert len(PLURAL) >= 10


def test_every_entry_has_the_english_fields():
    problems = catalogs.check_placeholders(CATALOGS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_formats(lang):
    for key, message in ENGLISH.items():
        args = {name: 1234 for text in catalogs.forms(message) for name, _ in fields(text)}
        for n in (1, 2):
            text = nt(lang, key, n, **args) if key in PLURAL else t(lang, key, **args)
            assert not re.search(r"\{\w*(:[^}]*)?\}", text), (key, lang)


def test_plural_forms_follow_the_count():
    one = nt("en", "expr_arity", 1, name="np.exp", column=5, expected=1)
    three = nt("en", "expr_arity", 3, name="np.where", column=5, expected=3)
    assert one.endswith("takes 1 argument.") and three.endswith("takes 3 arguments.")
    assert "(s)" not in "".join(m.string if isinstance(m.string, str) else "".join(m.string)
                                for m in ENGLISH.values())  # fmt: skip
    assert nt("zh", "expr_arity", 1, name="np.exp", column=5, expected=1) == (
        "第 5 列的 np.exp 应该有 1 个参数。"
    )


def test_unknown_language_falls_back_to_english_and_unknown_key_fails_loudly():
    assert t("fr", "title") == t("en", "title") == "Backprop Explorer"
    with pytest.raises(KeyError):
        t("en", "no_such_key")
    with pytest.raises(TypeError):
        t("en", "expr_arity")  # a plural entry
    with pytest.raises(TypeError):
        nt("en", "title", 2)
    assert "title" in keys() and len(keys()) == len(ENGLISH)


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
        ("zh-Hans-CN", "zh"),
        ("zh-CN", "zh"),
        ("zh_CN", "zh"),
        ("zh-Hans", "zh"),
        ("zh-TW", "zh"),
        ("zh-Hant-HK", "zh"),
        ("zh", "zh"),
    ],
)
def test_from_locale(locale, lang):
    assert from_locale(locale) == lang


def test_the_page_declares_its_language():
    assert {lang: html_lang(lang) for lang in LANGS} == {
        "ko": "ko",
        "en": "en",
        "ja": "ja",
        "zh": "zh-Hans",  # Simplified forms, not the Japanese or Traditional ones
    }


def test_the_link_and_the_switch_take_chinese():
    spec, warnings = url.from_query({"lang": "zh"}, "en")
    assert spec.lang == "zh" and not warnings
    assert url.to_query(spec)["lang"] == "zh"
    assert state.apply(state.Spec(), state.SetLang("zh"))[0].lang == "zh"


# -- how each language is written (docs/translating.md) -----------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_each_language_follows_its_writing_rules(lang):
    problems = catalogs.check_rules(CATALOGS, lang)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("lang", "rule", "text"),
    [
        ("ko", "a fallback particle such as 을(를)", "{name}을(를) 추가합니다"),
        ("ko", "a sound-dependent particle after a value", "x = {x}을 씁니다"),
        ("ko", "a space before a particle or 입니다", "기울기가 x.grad = {grad} 입니다."),
        ("ko", "해요체 (…요, …세요) in a 합니다체 text", "답을 알려 주는 셈이니까요."),
        (
            "ko",
            "the book's steps are STEP 6 (not step 06, STEP 06 or a bare 06)",
            "step 04의 수치 미분",
        ),
        ("ko", "the book's steps are STEP 6 (not step 06, STEP 06 or a bare 06)", "07과 달리"),
        ("ko", "n번째 글자 (a column is n번째 열... say 위치 n)", "{column}번째 글자"),
        ("ja", "the book's steps are ステップ6 (not 06, ステップ06, ステップ 6)", "07 と違い"),
        (
            "ja",
            "a list joined with ASCII commas between Japanese words",
            "オーバーフロー, 無効な演算",
        ),
        ("ja", "ステップ for the app's position (it is a 呼び出し)", "ステップ 5 / 7"),
        (
            "zh",
            "ASCII punctuation after Chinese text (use ，。：；？！（）)",
            "反向传播完成: x.grad",
        ),
        ("zh", "ASCII punctuation after Chinese text (use ，。：；？！（）)", "溢出,无效运算"),
        ("zh", "ASCII punctuation before Chinese text (use ，：；？！（）)", "x.grad = 1, 然后"),
        ("zh", "ASCII parentheses around Chinese text (use （）)", "数值 (中心差分)"),
        ("zh", "an ASCII full stop ending a sentence (use 。)", "结果是 {value}."),
        ("zh", "Korean or Japanese kana in Chinese", "x・y の 导数"),
        ("zh", "Traditional characters in Simplified Chinese", "反向傳播"),
        ("zh", "the book's steps are 步骤6 (not 步骤 6, 步骤06, STEP 6 or 第6步)", "步骤 6 的代码"),
        ("zh", "the book's steps are 步骤6 (not 步骤 6, 步骤06, STEP 6 or 第6步)", "第6步的代码"),
        ("zh", "the book's steps are 步骤6 (not 步骤 6, 步骤06, STEP 6 or 第6步)", "步骤06"),
        ("en", "a sentence starting in lower case", "no Graphviz renderer found: install it."),
    ],
)
def test_the_rules_catch_what_the_issues_found(lang, rule, text):
    assert catalogs.RULES[lang][rule].search(catalogs._rule_text(lang, rule, text))


@pytest.mark.parametrize(
    "text",
    [
        "数值微分是步骤4的中心差分 (f(x + eps) − f(x − eps)) / (2 · eps)，其中 eps = {eps}。",
        "在点 (x0, y0) = ({x0}, {y0}) 处，斜率是 x.grad = {grad}。",
        "例如：`np.where(x > 0, gy, 0)`",
        "输入一个数（0.5）或一个列表（[0.5, 1.0, -2.0]）。",
    ],
)
def test_the_chinese_punctuation_rules_leave_code_numbers_and_fields_alone(text):
    rules = {rule: p for rule, p in catalogs.ZH_RULES.items() if rule.startswith(("ASCII", "an"))}
    found = [rule for rule, p in rules.items() if p.search(catalogs._rule_text("zh", rule, text))]
    assert not found, found


def test_the_book_steps_are_spelled_one_way_in_each_language():
    spelled = {"ko": r"STEP \d+", "en": r"Step 0\d", "ja": r"ステップ\d+", "zh": r"步骤\d+"}
    for lang, pattern in spelled.items():
        for book in state.BOOKS:
            assert re.fullmatch(pattern, t(lang, f"book_step_{book}")), (lang, book)
    zh = " ".join(" ".join(catalogs.forms(m)) for m in CATALOGS["zh"].values())
    assert re.findall(r"步骤\d+", zh) and not re.search(r"步骤\s+\d|第\s*\d+\s*步", zh)
    ko = " ".join(" ".join(catalogs.forms(m)) for m in CATALOGS["ko"].values())
    assert len(re.findall(r"STEP \d+", ko)) >= 10 and not re.search(r"(?i)step ?0\d", ko)


@pytest.mark.parametrize(
    ("book", "titles"),
    [
        (
            "06",
            {
                "ko": "수동 역전파",
                "ja": "手作業によるバックプロパゲーション",
                "zh": "手动进行反向传播",
            },
        ),
        (
            "07",
            {
                "ko": "역전파 자동화",
                "ja": "バックプロパゲーションの自動化",
                "zh": "反向传播的自动化",
            },
        ),
        ("08", {"ko": "재귀에서 반복문으로", "ja": "再帰からループへ", "zh": "从递归到循环"}),
    ],
)
def test_the_subtitle_names_the_steps_title_of_each_edition(book, titles):
    for lang, title in titles.items():
        assert title in t(lang, f"subtitle_{book}"), lang
    step = t("en", f"book_step_{book}").lower()
    assert step in t("en", f"subtitle_{book}")


@pytest.mark.parametrize("lang", LANGS)
def test_sentences_name_the_labels_as_the_page_shows_them(lang):
    """A sentence that names a tab, a button or a panel quotes its label exactly."""
    assert t(lang, "check_header") in t(lang, "graph_wrong_note")
    assert t(lang, "write_header") in t(lang, "write_hint")
    assert t(lang, "write_header") in t(lang, "exercise_loaded", function="Cube")
    assert t(lang, "next") in t(lang, "start_explain", functions="`A`")
    assert t(lang, "code_next").lstrip("← ") in t(lang, "code_caption")
    overflow = re.split("[:：]", t(lang, "preset_overflow"))[0]
    assert overflow in t(lang, "input_nonfinite")


# -- the glossary (docs/glossary.md) ----------------------------------------------------------
def test_the_glossary_has_the_books_terms():
    terms, avoid = catalogs.glossary()
    zh = {form for _, wanted in terms for form in wanted.get("zh", ())}
    assert {"正向传播", "反向传播", "梯度", "导数", "链式法则", "变量", "函数"} <= zh
    assert {"순전파", "역전파", "국소적 미분"} <= {f for _, w in terms for f in w.get("ko", ())}
    assert {"順伝播", "逆伝播", "局所的な微分"} <= {f for _, w in terms for f in w.get("ja", ())}
    assert {"前向传播", "后向传播", "倒数"} <= set(avoid["zh"])


def test_the_catalogs_use_the_glossarys_terms():
    problems = catalogs.check_glossary(CATALOGS)
    assert not problems, "\n".join(problems)


def test_the_glossary_check_catches_another_word():
    changed = {lang: dict(messages) for lang, messages in CATALOGS.items()}
    message = CATALOGS["zh"]["phase_backward"]
    changed["zh"]["phase_backward"] = replace_string(message, "后向传播")
    problems = catalogs.check_glossary(changed)
    assert any("phase_backward" in p and "反向传播" in p for p in problems)
    assert any("后向传播" in p for p in problems)


def replace_string(message, text):
    from babel.messages.catalog import Message

    return Message(message.id, text)


# -- the keys the code builds at run time ---------------------------------------------------------
def test_every_key_the_code_builds_exists():
    built = (
        [f"preset_{name}" for name in (*state.PRESETS, *state.EXERCISES)]
        + [f"view_{view}" for view in state.VIEWS]
        + list(state.OPTIONS)
        + [f"{option}_help" for option in state.OPTIONS]
        + [f"flag_{flag}" for flag in (*_FLAG_NAMES.values(), "nonfinite")]
        + [f"graph_flag_{flag}" for flag in _FLAG_NAMES.values()]
        + [f"col_{column}" for column in ("name", "made_by", "data", "grad", "flags")]
        + [f"field_{field}" for field in userfn.FIELDS]
        + [
            f"{prefix}_{book}"
            for prefix in ("book", "book_step", "subtitle")
            for book in state.BOOKS
        ]
        + [f"b_call_{book}" for book in state.BOOKS[1:]]
        + ["move_up", "move_down", "remove", *state.PREDICT_ERRORS.values()]
    )
    missing = [key for key in built if key not in ENGLISH]
    assert not missing, missing


def test_every_message_of_the_engine_has_an_entry():
    verdicts = {"verdict_right", "verdict_ignores_gy", "verdict_gy_nonlinear", "verdict_sign",
                "verdict_factor", "verdict_wrong", "verdict_undefined"}  # fmt: skip
    assert Verdict.__doc__ and all(key in Verdict.__doc__ for key in verdicts)
    missing = [key for key in (*ENGINE_MESSAGES, *verdicts) if key not in ENGLISH]
    assert not missing, missing
    assert set(userfn.COUNTS) <= PLURAL


# -- text that used to bypass the table ----------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_graphs_flag_words_are_in_the_learners_language(lang):
    ops, text = state.PRESETS["overflow"]  # exp overflows to inf, then sin(inf) is nan
    dot = build_dot(Stepper(ops, state.parse_input(text)).run_to_end(), "stacked", lang=lang)
    words = [t(lang, f"graph_flag_{flag}") for flag in ("overflow", "invalid")]
    assert f"{WARN} {words[0]}" in dot and words[1] in dot
    if lang != "en":
        assert "overflow" not in dot and "invalid" not in dot
    both = graph._flag(np.inf, ["overflow", "divide"], lang)
    assert both == f" {WARN} {words[0]}{t(lang, 'list_separator')}{t(lang, 'graph_flag_divide')}"
    assert t("ja", "list_separator") == "、" and t("en", "graph_flag_divide") == "divide by zero"


def test_the_png_has_english_flag_words_in_every_language_and_chinese_counts_wide():
    """graphviz-pure draws no glyph beyond ASCII in a PNG: the page's PNG export asks for the
    graph with English flag words (classroom_panels.exports), for zh as for ko and ja."""
    ops, text = state.PRESETS["overflow"]
    png_dot = graph.dot_for(Stepper(ops, state.parse_input(text)).run_to_end(), lang="en")
    assert not re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]", png_dot)
    assert graph._width("溢出") == graph._width("오버") == 4


@pytest.mark.parametrize(("ndim", "index"), [(1, "x[0]"), (2, "x[0, 0]"), (3, "x[0, 0, 0]")])
def test_the_math_panel_names_the_first_element_of_any_array(ndim, index):
    assert element_index(ndim) == index


# -- issue 20: the sentences that were false ------------------------------------------------------
EXACT = {"en": "exact", "ko": "정확", "ja": "正確", "zh": "精确"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_checker_on_a_wrong_backward_never_says_exact(lang):
    row = {"index": (), "rel_error": 0.5, "abs_error": 1.0, "third": 1.0, "truncation": 1e-9,
           "rounding": 1e-12, "expected": 1e-9}  # fmt: skip
    wrong = expected_text(lang, [row], array=False)
    assert wrong.endswith(t(lang, "check_disagrees", measured="5.00e-01", ratio="5e+08"))
    assert EXACT[lang] not in wrong.lower()
    right = expected_text(lang, [{**row, "rel_error": 1e-9}], array=False)
    assert EXACT[lang] in right.lower()  # a backward that agrees: backprop is exact


PREDICTING = replace(state.Spec(), predict=True, step=3)  # before the seed


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("x", "typed"),
    [
        ("0.5", ""),
        ("0.5", "abc"),
        ("0.5", "nan"),
        ("0.5", "1e309"),
        ("0.5", "[1, 2]"),
        ("0.5", "[]"),
        ("0.5", "['a']"),
        ("0.5", "[[1], [2, 3]]"),
        ("0.5", "[" * 9 + "1" + "]" * 9),
        ("[0.5, 1.0, -2.0]", "[1, 2]"),
        ("[0.5, 1.0, -2.0]", ""),
    ],
)
def test_a_bad_prediction_never_names_x(lang, x, typed):
    new, (message,) = state.apply(replace(PREDICTING, x=x), state.Predict(typed))
    said = message_text(lang, message)
    assert message.where == "predict" and new.step == PREDICTING.step
    assert not re.search(r"(?<![\w.])x(?![\w.\[])", said.replace("x0", "")), said
    assert "()" not in said  # no "an array of shape ()" for one number


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("book", state.BOOKS)
@pytest.mark.parametrize("ops", [("Square", "Exp", "Square"), ("Square", "Sin")])
def test_the_py_help_names_its_step(lang, book, ops):
    file = classroom_panels.PROGRAM_FILE.format(book=book)
    said = classroom_panels.program_help(lang, ops, book, file)
    assert t(lang, f"book_step_{book}") in said and file in said
    others = [b for b in state.BOOKS if b != book]
    assert not any(t(lang, f"book_step_{b}") in said for b in others)
    assert ("Sin" in export.program_source(ops, 0.5, book=book)) == ("Sin" in ops)


def _user(name, forward, backward):
    return userfn.read((name, forward, backward)).cls


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("definition", "x"),
    [
        (("MyAbs", "np.abs(x)", "np.where(x > 0, gy, -gy)"), 0.0),  # a kink at 0
        (("MyLog", "np.log(x)", "gy / x"), -1.0),  # outside the domain
    ],
)
def test_the_point_count_is_true_when_x_is_dropped(lang, definition, x):
    verdict = check_backward(_user(*definition), x)
    compared = [row for row in verdict.rows if row["usable"]]
    assert verdict.ok and x not in [row["x"] for row in compared]
    said = verdict_text(lang, definition[0], verdict, x)
    count = len(compared)
    assert said == nt(lang, "verdict_right_skipped", count, name=definition[0], count=count)
    assert said != nt(lang, "verdict_right", count, name=definition[0], count=count)
    here = check_backward(_user(*definition), 2.0)  # x among the points: it says so
    n = int(here.params["count"])
    assert verdict_text(lang, definition[0], here, 2.0) == nt(
        lang, "verdict_right", n, name=definition[0], count=n
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_vector_seed_sentence_names_ones_like(lang):
    seed = len(state.PRESETS["vector"][0]) + 1
    vector = Stepper.restore(*state.PRESETS["vector"][:1], np.array([0.5, 1.0, -2.0]), 3, 1)
    scalar = Stepper.restore(state.PRESETS["book"][0], np.array(0.5), 3, 1)
    assert vector.position == scalar.position == seed
    assert "y.grad = np.ones_like(y.data)" in controls.explain(lang, vector).split("\n", 1)[1]
    assert "ones_like" not in controls.explain(lang, scalar).split("\n", 1)[1]
    assert "ones_like" not in t(lang, "err_missing_seed", call="C", needed="y", producer="p")


# -- the maintainers' script (scripts/catalogs.py) ----------------------------------------------
@pytest.fixture
def locales(tmp_path, monkeypatch):
    """A copy of components/locales that the script works on."""
    import shutil

    copy = tmp_path / "locales"
    shutil.copytree(catalogs.LOCALES, copy)
    monkeypatch.setattr(catalogs, "LOCALES", copy)
    monkeypatch.setattr(catalogs, "TEMPLATE", copy / "messages.pot")
    return copy


def test_import_table_then_update_keeps_translations_and_marks_new_ones_empty(locales, capsys):
    before = catalogs.load_all()
    table = {
        "new_hint": {"en": "A new hint about {name}.", "ko": "{name}에 관한 새 힌트입니다."},
        "new_count": {"en": ["{n} new thing.", "{n} new things."], "ja": ["新しいもの {n} 個"]},
        "title": {"zh": "反向传播浏览器"},  # a fix of one translation
    }
    assert catalogs.import_table(table) == ["new_hint", "new_count"]  # not in the code yet
    after = catalogs.load_all()
    assert catalogs.forms(after["zh"]["title"]) == ("反向传播浏览器",)
    assert catalogs.forms(after["ko"]["new_hint"]) == ("{name}에 관한 새 힌트입니다.",)
    assert catalogs.forms(after["zh"]["new_hint"]) == ("",)  # to translate
    assert after["zh"]["new_hint"].auto_comments == ["A new hint about {name}."]  # the English
    assert catalogs.forms(after["en"]["new_count"]) == ("{n} new thing.", "{n} new things.")
    assert after["zh"]["new_count"].auto_comments == [
        "one: {n} new thing.",
        "other: {n} new things.",
    ]
    problems = catalogs.check_complete(after) + catalogs.check_sync(after)
    assert any("zh: new_hint is not translated" in p for p in problems)
    assert any("new_count is in the catalog and no code uses it" in p for p in problems)
    kept = {k: catalogs.forms(m) for k, m in before["ja"].items()}
    assert {k: catalogs.forms(after["ja"][k]) for k in kept} == kept

    catalogs.update()  # the template is the code's: what no code names goes
    merged = catalogs.load_all()
    assert (
        "new_hint" not in merged["ko"] and "dropped: new_count, new_hint" in capsys.readouterr().out
    )
    assert catalogs.forms(merged["zh"]["title"]) == ("反向传播浏览器",)
    for lang in LANGS:
        assert list(merged[lang]) == list(before[lang])


def test_extract_writes_the_template_the_code_names(locales):
    (locales / "messages.pot").unlink()
    assert catalogs.main(["extract"]) == 0
    pot = catalogs.entries(catalogs.read(locales / "messages.pot"))
    assert list(pot) == list(catalogs.extract_keys())
    assert pot["expr_arity"].pluralizable and not pot["title"].pluralizable
    assert pot["title"].auto_comments == ["Backprop Explorer"]
    assert catalogs.main(["check"]) == 0
