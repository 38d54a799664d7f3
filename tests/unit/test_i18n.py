"""The catalogs (components/locales/*/LC_MESSAGES/messages.po): complete in ko/en/ja/zh, the
same fields and plural forms everywhere, in sync with the code, written by each language's
rules and the glossary's terms; every key the code builds at run time exists; and the
sentences issue 20 found false, said by the new lesson's views (steps 06-22)."""

import functools
import re
import string
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from babel.messages.catalog import Message as PoMessage

from autograd import steps, tracer
from autograd.verify import Verdict, check_backward
from components.i18n import LANG_NAMES, LANGS, from_locale, html_lang, keys, nt, t
from components.model import lessons, programs, state, url, userfn
from components.model.messages import Message
from components.ui.write import verdict_text
from components.views import check, export, graph, panels, say
from components.views import frames as graph_frames
from components.views.narration import Speaker
from scripts import catalogs

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = catalogs.load_all()
ENGLISH = CATALOGS["en"]
PLURAL = {key for key, message in ENGLISH.items() if message.pluralizable}
EDITIONS = {  # the title of the book in each edition, as the subtitle and .py header say it
    "ko": "밑바닥부터 시작하는 딥러닝 3",
    "ja": "ゼロから作るDeep Learning ❸",
    "zh": "深度学习入门2：自制框架",
    "en": "Deep Learning from Scratch 3",
}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


@functools.cache
def code_keys():
    """The keys the code names (Babel's extractor: about a second, so once per run)."""
    return catalogs.extract_keys()


def fields(text):
    """The replacement fields of a format string, with their format specs: {('limit', ',')}."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name}


def texts(lang):
    """Every form of every entry of ``lang``'s catalog, as one list."""
    return [text for message in CATALOGS[lang].values() for text in catalogs.forms(message)]


def step_name(lang, book):
    """How ``lang`` names the book's step ``book`` (``"09"``): the page's own sentence."""
    return t(lang, "book_step", step=int(book))


def lesson_of(program, book, defs=()):
    built = lessons.lesson(program, book, tuple(defs))
    assert built.error is None, built.error
    return built.lesson


def sentences(lesson, lang):
    """What the narration says at every position of ``lesson`` (as panels.lesson_frames)."""
    speaker = Speaker(lesson, lang)
    said, before, done_before = [], None, frozenset()
    for position, _, current, done in graph_frames.walk(lesson):
        said.append(speaker.sentence(position, current, done, before, done_before))
        before, done_before = current, done
    return said


def test_languages():
    assert LANGS == ("ko", "en", "ja", "zh")
    assert LANG_NAMES == {"ko": "한국어", "en": "English", "ja": "日本語", "zh": "简体中文"}
    assert set(CATALOGS) == set(LANGS)


# -- the catalogs ----------------------------------------------------------------------------
def test_code_and_catalogs_name_the_same_keys():
    """Babel's extractor over components/, autograd/ and streamlit_app.py: every key the code
    names is in every catalog (plural where the code uses nt), and no catalog holds a key no
    code uses; the template on disk is the code's."""
    found = code_keys()
    assert {"title", "next", "narr_seed", "program_refused", "stop_too_long"} <= set(found)
    assert {"expr_arity", "verdict_right", "verdict_right_skipped"} <= {
        k for k, v in found.items() if v["plural"]
    }
    problems = catalogs.check_sync(CATALOGS, found)
    assert not problems, "\n".join(problems)


def test_the_sync_check_catches_drift():
    found = code_keys()
    missing = {**found, "no_such_key": {"plural": False, "locations": []}}
    assert any(
        "no_such_key is used in the code" in p for p in catalogs.check_sync(CATALOGS, missing)
    )
    unused = {key: value for key, value in found.items() if key != "title"}
    assert any(
        "title is in the catalog and no code" in p for p in catalogs.check_sync(CATALOGS, unused)
    )
    plain = {**found, "expr_arity": {"plural": False, "locations": []}}
    assert any("expr_arity is a plain (t) entry" in p for p in catalogs.check_sync(CATALOGS, plain))


def test_every_catalog_is_complete_with_the_right_plural_forms():
    """No empty and no fuzzy entry; en has two plural forms, ko, ja and zh one."""
    problems = catalogs.check_complete(CATALOGS)
    assert not problems, "\n".join(problems)
    forms = {lang: {len(catalogs.forms(CATALOGS[lang][key])) for key in PLURAL} for lang in LANGS}
    assert forms == {"en": {2}, "ko": {1}, "ja": {1}, "zh": {1}}
    assert len(PLURAL) >= 8


def test_the_completeness_check_catches_an_empty_or_fuzzy_entry():
    changed = {lang: dict(messages) for lang, messages in CATALOGS.items()}
    changed["zh"]["title"] = PoMessage("title", "")
    fuzzy = PoMessage("next", "下一行", flags=["fuzzy"])
    changed["ja"]["next"] = fuzzy
    problems = catalogs.check_complete(changed)
    assert "zh: title is not translated" in problems
    assert any(p.startswith("ja: next is marked fuzzy") for p in problems)


def test_every_entry_has_the_english_fields():
    problems = catalogs.check_placeholders(CATALOGS)
    assert not problems, "\n".join(problems)


def test_the_field_check_catches_a_renamed_field_and_allows_a_steps_padding():
    changed = {lang: dict(messages) for lang, messages in CATALOGS.items()}
    changed["ko"]["narr_seed"] = PoMessage("narr_seed", "`{code}`: {nom}.grad = {value}")
    changed["ja"]["book_step"] = PoMessage("book_step", "ステップ{step:02d}")
    problems = catalogs.check_placeholders(changed)
    assert any(p.startswith("ko: narr_seed: fields") for p in problems)
    assert not any(p.startswith("ja: book_step") for p in problems)  # padding is the edition's
    assert catalogs.fields("{limit:,}") == {("limit", "", ",")}


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_formats(lang):
    for key, message in ENGLISH.items():
        args = {name: 1234 for text in catalogs.forms(message) for name, _ in fields(text)}
        for n in (1, 2):
            text = nt(lang, key, n, **args) if key in PLURAL else t(lang, key, **args)
            assert not re.search(r"\{\w*(:[^}]*)?\}", text), (key, lang)
            assert text.strip(), (key, lang)


def test_plural_forms_follow_the_count():
    one = nt("en", "expr_arity", 1, name="np.exp", column=5, expected=1)
    three = nt("en", "expr_arity", 3, name="np.where", column=5, expected=3)
    assert one.endswith("takes 1 argument.") and three.endswith("takes 3 arguments.")
    assert not any("(s)" in text for text in texts("en"))
    assert nt("zh", "expr_arity", 1, name="np.exp", column=5, expected=1) == nt(
        "zh", "expr_arity", 7, name="np.exp", column=5, expected=1
    )
    said = say.text("en", Message("", "url_too_many_defs", {"count": 1, "limit": 4}, n="count"))
    assert "1 function;" in said


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
        ("en-GB", "en"),
        ("fr-FR", "en"),
        ("", "en"),
        (None, "en"),
        ("zh-Hans-CN", "zh"),
        ("zh-CN", "zh"),
        ("zh_CN", "zh"),
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
    assert html_lang("fr") == "en"


def test_the_link_and_the_switch_take_chinese():
    spec, warnings = url.from_query({"lang": "zh"}, "en")
    assert spec.lang == "zh" and not warnings
    assert url.to_query(spec)["lang"] == "zh"
    assert url.from_query(url.to_query(spec), "ko")[0].lang == "zh"
    assert state.apply(state.Spec(), state.SetLang("zh"))[0].lang == "zh"
    _, said = url.from_query({"lang": "xx"}, "en")
    assert [m.key for m in said] == ["url_bad_lang"]


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
        ("ko", "a sound-dependent particle after a value", "함수 {fn}는 아직 없습니다."),
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
        ("ja", "「本」 for the book (書籍)", "本のコード"),
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
        ("en", "the book's steps are step 06 (two digits, as in the link's book=06)", "Step 6: x"),
    ],
)
def test_the_rules_catch_what_the_issues_found(lang, rule, text):
    assert catalogs.RULES[lang][rule].search(catalogs._rule_text(lang, rule, text))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ja", "書籍のどのステップのコードで実行するかを選びます。"),
        ("ja", "このステップのコードは、grad を足し戻しません。"),
        ("ja", "ステップ{step}"),
        ("ko", "STEP 16의 그래프: a = square(x)"),
        ("zh", "步骤11～13：有多个输入和输出的函数。"),
        ("en", "Steps 11-13: functions with several inputs."),
    ],
)
def test_the_rules_leave_the_books_own_steps_alone(lang, text):
    found = [
        rule
        for rule, pattern in catalogs.RULES[lang].items()
        if pattern.search(catalogs._rule_text(lang, rule, text))
    ]
    assert not found, found


@pytest.mark.parametrize(
    "text",
    [
        "数值微分是步骤4的中心差分 (f(x + eps) − f(x − eps)) / (2 · eps)，其中 eps = {eps}。",
        "在点 (x0, y0) = ({x0}, {y0}) 处，斜率是 x.grad = {grad}。",
        "例如：`np.where(x > 0, gy, 0)`",
        "输入一个数（0.5）或一个列表（[0.5, 1.0, -2.0]）。",
        "no_grad() 只能写成 `with no_grad():` 的形式",
    ],
)
def test_the_chinese_punctuation_rules_leave_code_numbers_and_fields_alone(text):
    rules = {rule: p for rule, p in catalogs.ZH_RULES.items() if rule.startswith(("ASCII", "an"))}
    found = [rule for rule, p in rules.items() if p.search(catalogs._rule_text("zh", rule, text))]
    assert not found, found


def test_japanese_is_polite_and_the_check_catches_a_plain_sentence():
    assert not catalogs.japanese_plain(CATALOGS)
    plain = {"ja": {"x": PoMessage("x", "逆伝播が終わる。")}}
    assert catalogs.japanese_plain(plain) == [("x", "逆伝播が終わる")]


@pytest.mark.parametrize("book", state.BOOKS)
def test_the_book_steps_are_spelled_one_way_in_each_language(book):
    spelled = {
        "ko": r"STEP [1-9]\d?",
        "en": r"step \d\d",
        "ja": r"ステップ[1-9]\d?",
        "zh": r"步骤[1-9]\d?",
    }
    for lang, pattern in spelled.items():
        name = step_name(lang, book)
        assert re.fullmatch(pattern, name), (lang, name)
        assert str(int(book)) in name
    assert t("en", "book_short", step=int(book)) == book  # the switch shows the link's value


def test_no_catalog_spells_a_step_another_way():
    zh = " ".join(texts("zh"))
    assert re.findall(r"步骤\d+", zh) and not re.search(r"步骤\s+\d|步骤0\d|第\s*\d+\s*步", zh)
    ko = " ".join(texts("ko"))
    assert len(re.findall(r"STEP \d+", ko)) >= 20 and not re.search(r"(?i)step ?0\d|STEP\d", ko)
    ja = " ".join(texts("ja"))
    assert len(re.findall(r"ステップ\d+", ja)) >= 20 and not re.search(
        r"ステップ\s+\d|ステップ0", ja
    )
    en = " ".join(texts("en"))
    assert not re.search(r"\b[Ss]tep [1-9]\b", en)


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_book_in_the_link_lists_exactly_the_steps_there_are(lang):
    """url_bad_book once said "(06, 07 or 08)": it lists the book steps the app runs."""
    listed = re.findall(r"`(\d\d)`", t(lang, "url_bad_book", value="?"))
    assert listed == list(steps.STEPS)
    spec, said = url.from_query({"book": "99"}, "en")
    assert spec.book == steps.STEPS[0] and [m.key for m in said] == ["url_bad_book"]
    assert step_name(lang, steps.STEPS[0]) in say.text(lang, said[0])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("book", state.BOOKS)
def test_the_subtitle_names_the_edition_and_the_step_shown(lang, book):
    said = t(lang, "subtitle", step=step_name(lang, book))
    assert EDITIONS[lang] in said and step_name(lang, book) in said
    others = [b for b in state.BOOKS if b != book]
    assert not any(re.search(re.escape(step_name(lang, b)) + r"(?!\d)", said) for b in others)


@pytest.mark.parametrize("lang", LANGS)
def test_sentences_name_the_labels_as_the_page_shows_them(lang):
    """A sentence that names a tab, a button or a panel quotes its label exactly."""
    assert t(lang, "check_header") in t(lang, "graph_wrong_note")
    assert t(lang, "write_header") in t(lang, "write_hint")
    assert t(lang, "write_header") in t(lang, "exercise_loaded", function="Cube")
    assert t(lang, "run_end") in t(lang, "predict_skipped", count=3)
    assert t(lang, "editor_run") in t(lang, "editor_help", step=step_name(lang, "09"))
    overflow = re.split("[:：]", t(lang, "preset_overflow"))[0]
    assert overflow in t(lang, "input_nonfinite")


def test_the_buttons_say_what_one_press_does():
    """A press runs one item of the lesson, and an item is one line (autograd.lesson)."""
    lesson = lesson_of(state.book_program("07"), "07")
    assert all(item.line >= 1 for item in lesson.items)
    assert t("en", "next") == "Next line"
    assert "next line" in t("en", "keys_help")
    assert {t(lang, "next") for lang in LANGS} == {"Next line", "다음 줄", "次の行", "下一行"}


# -- the glossary (docs/glossary.md) ----------------------------------------------------------
def test_the_glossary_has_the_books_terms():
    terms, avoid = catalogs.glossary()
    zh = {form for _, wanted in terms for form in wanted.get("zh", ())}
    assert {"正向传播", "反向传播", "梯度", "导数", "链式法则", "变量", "函数"} <= zh
    ko = {f for _, w in terms for f in w.get("ko", ())}
    assert {"순전파", "역전파", "기울기", "미분", "연쇄 법칙", "변수", "함수", "국소적 미분"} <= ko
    ja = {f for _, w in terms for f in w.get("ja", ())}
    assert {"順伝播", "逆伝播", "勾配", "微分", "連鎖律", "変数", "関数", "局所的な微分"} <= ja
    assert {"前向传播", "后向传播", "倒数"} <= set(avoid["zh"])
    assert "本書" in avoid["ja"] and "국소 미분" in avoid["ko"]


def test_the_catalogs_use_the_glossarys_terms():
    problems = catalogs.check_glossary(CATALOGS)
    assert not problems, "\n".join(problems)


def test_the_glossary_check_catches_another_word():
    changed = {lang: dict(messages) for lang, messages in CATALOGS.items()}
    key = "tangent_wait_backward"  # "once the backward pass is complete"
    changed["zh"][key] = PoMessage(key, "后向传播完成、求出 x.grad 之后，这里才会显示切线图。")
    problems = catalogs.check_glossary(changed)
    assert any(p.startswith(f"zh: {key}: the English says 'backward pass'") for p in problems)
    assert any("后向传播" in p for p in problems)


def test_generation_is_one_word_per_language():
    """Step 16's generation: the column, the toggle and the narration say the same word."""
    for lang, word in {"ko": "세대", "ja": "世代", "zh": "辈分"}.items():
        for key in ("col_generation", "gens_label", "narr_fn_generation", "narr_generation"):
            assert word in t(lang, key, name="f", generation=1, fn="f", fn_generation=0, out="y")


# -- the keys the code builds at run time ---------------------------------------------------------
def _raised_keys(path, names):
    """The literal keys raised as ``Name("key", ...)`` in a module of autograd/."""
    source = (ROOT / path).read_text(encoding="utf-8")
    pattern = rf"\b(?:{'|'.join(names)})\(\s*\"(\w+)\""
    return set(re.findall(pattern, source))


def test_every_key_the_code_builds_exists():
    built = (
        [f"preset_{name}" for name in (*state.CHAINS, *state.PROGRAMS, *state.EXERCISES)]
        + [f"view_{view}" for view in state.VIEWS]
        + list(state.OPTIONS)
        + [f"{option}_help" for option in state.OPTIONS]
        + [f"{option}_label" for option in state.GRAPH_OPTIONS]
        + [f"{option}_help" for option in state.GRAPH_OPTIONS]
        + [f"graph_flag_{flag}" for flag in tracer.FLAG_NAMES.values()]
        + [f"field_{field}" for field in userfn.FIELDS]
        + [f"book_about_{book}" for book in state.BOOKS]
        + [f"phase_{phase}" for phase in ("start", "forward", "backward", "inside", "done")]
        + ["phase_error", *state.PREDICT_ERRORS.values(), *userfn.ENGINE_KEYS]
        + [f"col_{column}" for column in ("name", "data", "grad", "generation")]
    )
    missing = [key for key in built if key not in ENGLISH]
    assert not missing, missing
    assert set(tracer.FLAG_ORDER) == set(tracer.FLAG_NAMES.values())
    assert set(userfn.COUNTS) <= PLURAL


def test_every_error_the_engine_raises_has_an_entry():
    raised = (
        _raised_keys("autograd/program.py", ["ProgramError"])
        | _raised_keys("autograd/tracer.py", ["Stop"])
        | _raised_keys("autograd/expression.py", ["ExpressionError"])
        | _raised_keys("components/model/parse.py", ["InputError"])
    )
    source = (ROOT / "components/model/userfn.py").read_text(encoding="utf-8")
    raised |= set(re.findall(r"DefinitionError\(\s*\"\w+\",\s*\"(\w+)\"", source))
    assert len(raised) >= 70
    assert not raised - set(ENGLISH), sorted(raised - set(ENGLISH))
    verdicts = {"verdict_right", "verdict_ignores_gy", "verdict_gy_nonlinear", "verdict_sign",
                "verdict_factor", "verdict_wrong", "verdict_nonfinite",
                "verdict_undefined", "verdict_flat"}  # fmt: skip
    assert all(key in Verdict.__doc__ for key in verdicts) and verdicts <= set(ENGLISH)


def test_a_refused_program_is_said_with_its_place_in_every_language():
    new, said = state.apply(state.Spec(), state.SetProgram("x = Variable(np.array(1.0))\nfor"))
    (message,) = said
    assert message.key == "program_refused"
    for lang in LANGS:
        text = say.text(lang, message)
        assert str(message.args["line"]) in text and "{" not in text
        assert t(lang, message.args["reason"].key, **message.args["reason"].args) in text


def test_a_stage_2_preset_says_which_step_it_moved_to():
    _, said = state.apply(state.Spec(), state.Preset("branch"))
    assert [m.key for m in said] == ["preset_loaded", "preset_needs_book"]
    for lang in LANGS:
        assert t(lang, "preset_branch") in say.text(lang, said[0])
        assert step_name(lang, "16") in say.text(lang, said[1])
    assert t("en", "preset_book") == "The book's example"


# -- text that used to bypass the table ----------------------------------------------------------
def _overflow(book="09"):
    ops, x = state.CHAINS["overflow"]  # exp overflows to inf, then sin(inf) is nan
    return lesson_of(programs.chain_program(ops, x, book), book)


@pytest.mark.parametrize("lang", LANGS)
def test_the_graphs_flag_words_are_in_the_learners_language(lang):
    lesson = _overflow()
    dot = export.dot(lesson, "stacked", len(lesson.items), lang)
    words = [t(lang, f"graph_flag_{flag}") for flag in ("overflow", "invalid")]
    assert f"{graph.WARN} {words[0]}" in dot and words[1] in dot
    if lang != "en":
        assert "overflow" not in dot and "invalid" not in dot
    both = graph._flag(np.inf, ["overflow", "divide"], lang)
    separator = t(lang, "graph_flag_separator")
    assert both == f" {graph.WARN} {words[0]}{separator}{t(lang, 'graph_flag_divide')}"
    assert t("ja", "graph_flag_separator") == t("zh", "graph_flag_separator") == "、"
    assert t("en", "graph_flag_divide") == "divide by zero"


@pytest.mark.parametrize("lang", LANGS)
def test_the_narration_says_the_flags_in_the_learners_language(lang):
    said = "\n".join(sentences(_overflow(), lang))
    assert t(lang, "graph_flag_overflow") in said
    if lang != "en":
        assert "overflow" not in said.replace("`", "")


@pytest.mark.parametrize("lang", ["ko", "ja", "zh"])
def test_the_png_has_english_flag_words_in_every_language(lang):
    """graphviz-pure draws no glyph beyond ASCII in a PNG: export.png asks for the graph with
    English flag words, for zh as for ko and ja."""
    lesson = _overflow()
    source = export.png_source(export.dot(lesson, "stacked", len(lesson.items), lang, words="en"))
    assert "overflow" in source and not CJK.search(source)
    assert CJK.search(export.dot(lesson, "stacked", len(lesson.items), lang))
    assert graph._width("溢出") == graph._width("오버") == 4


# -- issue 20: the sentences that were false ------------------------------------------------------
EXACT = {"en": "exact", "ko": "정확", "ja": "正確", "zh": "精确"}


def _cube(backward):
    defs = (("Cube", "x ** 3", backward),)
    lesson = lesson_of(programs.chain_program(("Cube",), "0.5", "06"), "06", defs)
    (entry,) = check.gradient_check(lesson).inputs
    return entry


@pytest.mark.parametrize("lang", LANGS)
def test_the_checker_on_a_wrong_backward_never_says_exact(lang):
    wrong = check.expected_text(lang, _cube("2 * x ** 2 * gy"))  # a factor 3 lost
    row, agrees = check.worst(_cube("2 * x ** 2 * gy").rows)
    assert not agrees
    assert EXACT[lang] not in wrong.lower()
    assert wrong.endswith(
        t(lang, "check_disagrees", measured=check.error(row["rel_error"]),
          ratio=f"{row['rel_error'] / max(row['expected'], check.TINY):.2g}")
    )  # fmt: skip
    right = check.expected_text(lang, _cube("3 * x ** 2 * gy"))
    assert EXACT[lang] in right.lower()  # a backward that agrees: backprop is exact
    assert EXACT[lang] not in t(lang, "check_expected_any", where="x", var="x", truncation=1,
                                rounding=1, expected=1, third=1).lower()  # fmt: skip


def _waiting_for_seed(x="0.5"):
    """A predict-mode spec at the first line that sets a grad (the seed, y.grad = ...)."""
    spec = replace(state.Spec(), program=programs.chain_program(("Square", "Exp", "Square"), x,
                                                                "06"), predict=True)  # fmt: skip
    points = state.prediction_points(spec)
    assert points
    return replace(spec, step=points[0])


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
    spec = _waiting_for_seed(x)
    new, said = state.apply(spec, state.Predict(typed))
    (message,) = said
    text = say.text(lang, message)
    assert message.where == "predict" and new.step == spec.step and text
    assert not re.search(r"(?<![\w.])x(?![\w.\[(])", text.replace("x0", "")), text
    assert "()" not in text  # no "an array of shape ()" for one number


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("book", state.BOOKS)
def test_the_py_help_and_header_name_their_step(lang, book):
    file = export.program_name(book)
    helped = t(lang, "dl_py_program_help", step=step_name(lang, book), file=file)
    header = export.header(book, lang)
    for said in (helped, header.replace("\n# ", " ")):
        assert step_name(lang, book) in said and file in said
        others = [b for b in state.BOOKS if b != book]
        assert not any(
            re.search(re.escape(step_name(lang, b)) + r"(?!\d)", said) for b in others
        ), said
    assert all(line.startswith("# ") for line in header.splitlines())
    if lang != "en":
        assert CJK.search(header)  # the .py header is in the learner's language
    lesson = lesson_of(state.book_program(book), book)
    assert export.program_source(lesson, lang=lang).startswith(header)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("definition", "x"),
    [
        (("MyAbs", "np.abs(x)", "np.where(x > 0, gy, -gy)"), 0.0),  # a kink at 0
        (("MyLog", "np.log(x)", "gy / x"), -1.0),  # outside the domain
    ],
)
def test_the_point_count_is_true_when_x_is_dropped(lang, definition, x):
    checked = userfn.read(definition)
    verdict = check_backward(checked.forward, checked.backward, x)
    compared = [row for row in verdict.rows if row["usable"]]
    assert verdict.ok and x not in [row["x"] for row in compared]
    assert verdict.params == {"count": len(compared), "current": False}
    said = verdict_text(lang, definition[0], verdict)
    count = len(compared)
    assert said == nt(lang, "verdict_right_skipped", count, name=definition[0], count=count)
    assert said != nt(lang, "verdict_right", count, name=definition[0], count=count)
    assert str(count) in said
    here = check_backward(checked.forward, checked.backward, 2.0)  # x among the points
    n = here.params["count"]
    assert here.params["current"] and n == sum(row["usable"] for row in here.rows)
    assert verdict_text(lang, definition[0], here) == nt(
        lang, "verdict_right", n, name=definition[0], count=n
    )


def _program(lines):
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", LANGS)
def test_the_vector_seed_sentence_names_ones_like(lang):
    vector = _program([
        "A = Square()", "", "x = Variable(np.array([0.5, 1.0, -2.0]))", "y = A(x)",
        "y.grad = np.array([1.0, 1.0, 1.0])", "x.grad = A.backward(y.grad)",
    ])  # fmt: skip
    said = sentences(lesson_of(vector, "06"), lang)
    seed = [s for s in said if "y.grad = np.array([1.0, 1.0, 1.0])" in s]
    assert seed and "np.ones_like" in seed[0]
    scalar = programs.chain_program(("Square",), "0.5", "06")
    said = sentences(lesson_of(scalar, "06"), lang)
    seed = [s for s in said if "y.grad = np.array(1.0)" in s]
    assert seed and "ones_like" not in seed[0]
    # step 09 on: backward() seeds itself, and says it with the book's own line
    auto = sentences(lesson_of(programs.chain_program(("Square",), "[0.5, 1.0]", "09"), "09"),
                     lang)  # fmt: skip
    assert any("np.ones_like(y.data)" in s for s in auto)
    # step 06 writes the seed np.array(1.0): np.ones_like first appears in step 09
    missing = t(lang, "err_missing_seed", fn="C", needed="y")
    assert "np.array(1.0)" in missing and "ones_like" not in missing


@pytest.mark.parametrize("lang", LANGS)
def test_a_variable_made_by_the_program_is_not_called_a_function(lang):
    """b_creator_none once said "x is not a function": x was made by the program."""
    said = "\n".join(sentences(lesson_of(state.book_program("07"), "07"), lang))
    none = t(lang, "narr_creator_none", var="x")
    assert none in said
    assert {"en": "made by your program", "ko": "프로그램이 직접 만든", "ja": "プログラムが作った",
            "zh": "程序直接创建"}[lang] in none  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_every_sentence_of_every_steps_example_is_translated(lang):
    """The narration of each step's example is whole: no field left, and in ko/ja/zh no
    English sentence of the catalog in it and no line that is only code (the 07/08
    announcements read raw code once; step 16's add_func(...) lines did too)."""
    english = {t("en", key) for key, m in ENGLISH.items() if not m.pluralizable and "{" not in
               catalogs.forms(m)[0] and len(catalogs.forms(m)[0]) > 25}  # fmt: skip
    examples = [(state.book_program(book), book) for book in state.BOOKS]
    examples += [state.PROGRAMS[name] for name in ("add_twice", "branch", "retain", "sphere")]
    for program, book in examples:
        for text in sentences(lesson_of(program, book), lang):
            # no field left ({name}); a set of the step's code is written {`Square`, ...}
            assert text and not re.search(r"\{\w*\}", text), (book, text)
            if lang != "en":
                assert not any(sentence in text for sentence in english), (book, text)
                assert CJK.search(text), (book, text)  # a sentence, not the line's code


def test_the_grad_sentences_keep_their_code_spans_whole():
    """A name filled in as `a` inside a span of its own once gave ``a``.grad: spans stay
    balanced, one backtick pair per span."""
    program = state.PROGRAMS["add_twice"][0]
    for book in ("13", "14", "16"):
        for lang in LANGS:
            for text in sentences(lesson_of(program, book), lang):
                assert "``" not in text and text.count("`") % 2 == 0, (book, lang, text)


def test_the_panels_use_the_catalogs_words():
    lesson = lesson_of(state.book_program("16"), "16")
    for lang in LANGS:
        made = panels.lesson_frames(lesson, "stacked", lang)
        text = str(made["panels"])
        assert t(lang, "col_generation") in text and t(lang, "panel_frames") in text


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
    assert list(pot) == list(code_keys())
    assert pot["expr_arity"].pluralizable and not pot["title"].pluralizable
    assert pot["title"].auto_comments == ["Backprop Explorer"]
    assert catalogs.main(["check"]) == 0


@pytest.mark.parametrize("book", ["13", "14", "16"])
def test_the_loop_over_the_inputs_is_said_as_it_starts_and_as_it_ends(book):
    """Step 13's loop body starts with ``x.grad = gx`` (no ``if``): its ``for`` line once
    said "every input has its part" before the first input got one."""
    lesson = lesson_of(state.PROGRAMS["add_twice"][0], book)
    said = sentences(lesson, "en")
    first = next(i for i, text in enumerate(said) if text.startswith("The next input"))
    end = t("en", "narr_for_end", fn="{}").split("{}")[0]  # "Every input of "
    assert not any(text.startswith(end) for text in said[:first])
    assert sum(text.startswith(end) for text in said[first:]) == 1
    assert sum(text.startswith("The next input") for text in said) == 2  # add(x, x): twice


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_japanese_and_chinese_sentences_join_without_spaces_and_list_with_commas(lang):
    lesson = lesson_of(state.PROGRAMS["add_twice"][0], "16")
    said = sentences(lesson, lang)
    assert not any(re.search(r"[。）] (?=[^\x00-\x7f])", text) for text in said), said
    forward = next(text for text in said if "`y = add(x, x)`" in text)
    assert "`x` = 3、`x` = 3" in forward and "`x` = 3, `x`" not in forward


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_the_gradient_check_text_has_no_space_after_a_full_width_mark(lang):
    lesson = lesson_of(programs.chain_program(("Square", "Exp"), "[0.5, 1.0]", "09"), "09")
    (entry,) = check.gradient_check(lesson).inputs
    said = check.expected_text(lang, entry)
    assert t(lang, "check_agrees", measured="", ratio="")[:4] in said
    assert not re.search(r"[。）] (?=[^\x00-\x7f])", said), said


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "definition",
    [
        ("cube", "x ** 3", "3 * x ** 2 * gy"),  # name_invalid
        ("Square", "x ** 2", "2 * x * gy"),  # name_builtin
        ("Cube", "x ** 3", "foo * gy"),  # expr_name
        ("Cube", "x ** 3", "np.exp(x, 2) * gy"),  # expr_arity
    ],
)
def test_a_refused_definition_names_its_field_once(lang, definition):
    """Issue 20: "클래스 이름: `cube`: 클래스 이름으로 …" (a label, then the value and a colon)."""
    _, said = state.apply(state.Spec(), state.Define(0, *definition))
    (message,) = said
    text = say.text(lang, message)
    assert text.startswith(say.text(lang, message.args["field"]))
    assert not re.search(r"`[:：]", text), text  # no value followed by a second colon


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "def {name}(...) takes plain parameters only (no defaults, *, ** or decorators)"),
        ("ko", "`-`, `/`, **와 단항 `-`는 STEP 22에서 나옵니다."),
        ("zh", "两边都可以是数或 ndarray（__radd__、__rmul__、__array_priority__）。"),
    ],
)
def test_text_markdown_would_eat_is_caught(lang, text):
    # the page draws catalog text as Markdown: a bare ** or __name__ vanishes into bold
    def problems(message):
        entry = {lang: {"key": PoMessage("key", message)}}
        return [p for p in catalogs.check_rules(entry, lang) if "Markdown" in p]

    assert problems(text)
    assert not problems(re.sub(r"(\*\*|__\w+__)", r"`\1`", text))
