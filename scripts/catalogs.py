#!/usr/bin/env python
"""The page's text catalogs (components/locales): extract, update, check, import-table.

    python scripts/catalogs.py extract                    # the template, from the code
    python scripts/catalogs.py update                     # the template into every catalog
    python scripts/catalogs.py check                      # what the tests check, in words
    python scripts/catalogs.py import-table MODULE:NAME   # {key: {lang: text}} into them

The catalogs are gettext ``.po`` files, monolingual: each ``msgid`` is the key the code
names, the English text is the ``msgstr`` of ``en`` (the source language), and every other
catalog carries the English as an extracted comment (``#.``), which Poedit and Weblate show
the translator. A plural entry has ``msgid_plural`` (the same key) and one ``msgstr[i]`` per
form of the catalog's ``Plural-Forms``. docs/translating.md is the translator's side.

Keys are extracted with Babel's Python extractor from ``components/**/*.py`` and
``streamlit_app.py``: the second argument of ``t(lang, key, ...)`` and ``nt(lang, key, n,
...)``, the key of a ``Message``, ``warn``, ``InputError``, ``DefinitionError`` and
``ExportError``, and the markers ``N_(key)`` / ``NP_(key)`` for keys chosen at run time.
The tests (tests/unit/test_i18n.py) run the checks of this module.
"""

import argparse
import importlib
import importlib.util
import io
import re
import string
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "components" / "locales"
TEMPLATE = LOCALES / "messages.pot"
GLOSSARY = ROOT / "docs" / "glossary.md"
SOURCE_LANG = "en"
PROJECT = "Backprop Explorer"
# The Language header of each catalog (the directory is the app's code: lang=zh)
LANGUAGE = {"ko": "ko", "en": "en", "ja": "ja", "zh": "zh_Hans"}
NAMES = {"ko": "Korean", "en": "English", "ja": "Japanese", "zh": "Simplified Chinese"}

# Where the code names a key: the function, and the argument (1-based) that is the key; a
# pair is a plural entry (Babel's msgid, msgid_plural: both the key).
KEYWORDS = {
    "t": (2,),
    "nt": (2, 2),
    "N_": (1,),
    "NP_": (1, 1),
    "Message": (2,),  # Message(level, key, args, where)
    "warn": (1,),  # url.py's warn(key, **args)
    "InputError": (1,),
    "DefinitionError": (2,),  # DefinitionError(field, key, **params)
    "ExportError": (1,),
    "ProgramError": (1,),  # autograd/program.py: ProgramError(key, line, column, **params)
    "Stop": (1,),  # autograd/tracer.py: the lesson's limits
}
SOURCES = ("components", "autograd", "streamlit_app.py")
WIDTH = 76  # the .po line width (Poedit's and msgcat's default)


def catalog_path(lang):
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def languages():
    """The languages with a catalog, the source language first."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob("*/LC_MESSAGES/messages.po"))
    return [SOURCE_LANG, *(lang for lang in found if lang != SOURCE_LANG)]


# -- reading the code ----------------------------------------------------------------------
def extract_keys(root=ROOT):
    """``{key: {"plural": bool, "locations": [(path, line), ...]}}``, in the order the code
    names them (file by file, line by line). Babel warns about each f-string it cannot
    read (a key built at run time): those keys need a marker, ``N_``."""
    found = {}

    def add(path, line, message):
        key, plural = (message[0], True) if isinstance(message, tuple) else (message, False)
        entry = found.setdefault(key, {"plural": False, "locations": []})
        entry["plural"] |= plural
        entry["locations"].append((path, line))

    stderr, sys.stderr = sys.stderr, io.StringIO()  # "Skipping f-string with substitutions"
    try:
        for source in SOURCES:
            path = root / source
            if path.is_dir():
                method_map = [("**.py", "python")]
                for name, line, message, _, _ in extract_from_dir(
                    path, method_map, keywords=KEYWORDS, comment_tags=()
                ):
                    add(f"{source}/{name}", line, message)
            else:
                for line, message, _, _ in extract_from_file("python", path, keywords=KEYWORDS):
                    add(source, line, message)
    finally:
        sys.stderr = stderr
    return found


# -- reading and writing catalogs -------------------------------------------------------------
def read(path):
    with open(path, "rb") as file:
        return read_po(file)


def read_lang(lang):
    return read(catalog_path(lang))


def entries(catalog):
    """``{key: message}`` of a catalog (the header left out)."""
    return {
        (m.id[0] if m.pluralizable else m.id): m
        for m in catalog
        if m.id  # the header
    }


def forms(message):
    """A message's text as a tuple: one item, or one per plural form."""
    if message.pluralizable:
        return tuple(message.string) if isinstance(message.string, (tuple, list)) else ("",)
    return (message.string or "",)


def fields(text):
    """The replacement fields of a format string with their conversions and format specs:
    ``{("limit", "", ",")}``; a malformed string raises ValueError."""
    return {
        (name, conversion or "", spec or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def _comment_lines(texts):
    """The ``#.`` lines of a non-English entry: its English text (both forms of a plural)."""
    texts = tuple(text for text in texts if text)
    if len(texts) <= 1:
        return list(texts)
    return [f"{label}: {text}" for label, text in zip(("one", "other"), texts, strict=False)]


def _new_catalog(lang, old=None):
    language = LANGUAGE.get(lang, lang)
    if old is not None and old.locale is not None:  # the catalog's own Language header
        language = str(old.locale)
    header = (
        f"# {PROJECT}: the page's text in {NAMES.get(lang, lang)}.\n"
        "# msgid is the key the code names; the English text is the msgstr of en and,\n"
        "# in every other catalog, the comment #. above each entry.\n"
        "# How to translate: docs/translating.md; the book's terms: docs/glossary.md."
    )
    if lang is None:
        header = (
            f"# {PROJECT}: the template of the catalogs, written by\n"
            "# `python scripts/catalogs.py extract` from the code (do not edit).\n"
            "# How to translate: docs/translating.md; the book's terms: docs/glossary.md."
        )
    catalog = Catalog(
        locale=None if lang is None else language,
        project=PROJECT,
        version="1",
        header_comment=header,
        msgid_bugs_address="the project's issue tracker",
        fuzzy=False,
        charset="utf-8",
    )
    if old is not None:  # keep who translated it and when
        catalog.creation_date = old.creation_date
        catalog.revision_date = old.revision_date
        catalog.last_translator = old.last_translator
        catalog.language_team = old.language_team
    else:
        catalog.revision_date = catalog.creation_date
        catalog.last_translator = "Backprop Explorer"
        catalog.language_team = NAMES.get(lang, "every language")
    return catalog


def _render(catalog):
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\\n"\n', re.M)


def write(catalog, path):
    """Write ``catalog`` to ``path`` when its content changed (the dates and Babel's version
    alone are no change; a changed catalog gets today's revision date). True if written."""
    path = Path(path)
    new = _render(catalog)
    if path.exists() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", new):
        return False
    catalog.revision_date = datetime.now(UTC)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_render(catalog))
    return True


def _add(catalog, key, plural, texts, locations=(), comments=(), brace=False):
    message = catalog.add(
        (key, key) if plural else key,
        tuple(texts) if plural else texts[0],
        locations=[(path, None) for path in dict.fromkeys(p for p, _ in locations)],
        auto_comments=list(comments),
    )
    if brace:  # python-brace-format: Weblate checks each translation keeps the fields
        message.flags.add("python-brace-format")
    return message


def _plurals(lang):
    if lang is None:
        return 2
    return Catalog(locale=LANGUAGE.get(lang, lang)).num_plurals


# -- extract, update, import ----------------------------------------------------------------
def template(keys=None):
    """The template (.pot) from the code: every key in the order the code names it, its
    places, and, once English has it, the English text as a comment."""
    keys = extract_keys() if keys is None else keys
    english = entries(read_lang(SOURCE_LANG)) if catalog_path(SOURCE_LANG).exists() else {}
    old = read(TEMPLATE) if TEMPLATE.exists() else None
    pot = _new_catalog(None, old)
    for key, found in keys.items():
        source = english.get(key)
        comments = _comment_lines(forms(source)) if source is not None else ()
        brace = source is not None and any(fields(text) for text in forms(source))
        empty = ("", "") if found["plural"] else ("",)
        _add(pot, key, found["plural"], empty, found["locations"], comments, brace)
    return pot


def merge(pot, lang, texts=None, english=None):
    """``lang``'s catalog with the template's keys, order and places: translations kept, a
    new key empty, a key no code names any longer dropped. ``texts`` ({key: text, or the
    forms of a plural entry}) replaces translations; the English comments come from the
    English catalog, or from ``english`` ({key: forms}) where it has the key."""
    old = read_lang(lang) if catalog_path(lang).exists() else None
    current = {key: forms(m) for key, m in entries(old).items()} if old is not None else {}
    for key, given in (texts or {}).items():
        current[key] = tuple(given) if isinstance(given, (list, tuple)) else (given,)
    source_path = catalog_path(SOURCE_LANG)
    sources = (
        {k: forms(m) for k, m in entries(read(source_path)).items()}
        if (source_path.exists())
        else {}
    )
    sources.update(english or {})
    if lang == SOURCE_LANG:
        sources.update(current)
    new = _new_catalog(lang, old)
    n = _plurals(lang)
    for message in pot:
        if not message.id:
            continue
        plural = message.pluralizable
        key = message.id[0] if plural else message.id
        found = current.get(key, ())
        if plural:
            found = tuple(found[:n]) + ("",) * (n - len(found[:n]))
        else:
            found = (found[0] if found else "",)
        source = sources.get(key, ())
        comments = () if lang == SOURCE_LANG else _comment_lines(source)
        brace = any(fields(text) for text in source if text)
        _add(new, key, plural, found, message.locations, comments, brace)
    return new


def update():
    """Merge the template into every catalog; say what came and went."""
    pot = read(TEMPLATE)
    keys = set(entries(pot))
    for lang in languages():
        before = set(entries(read_lang(lang)))
        catalog = merge(pot, lang)
        written = write(catalog, catalog_path(lang))
        added, dropped = sorted(keys - before), sorted(before - keys)
        print(f"{lang}: {'written' if written else 'unchanged'}", end="")
        print(f"; new (empty): {', '.join(added)}" if added else "", end="")
        print(f"; dropped: {', '.join(dropped)}" if dropped else "")


def load_table(spec):
    """``MODULE:NAME`` (a module name, or a path to a .py file) -> the dict it names."""
    module_name, _, name = spec.partition(":")
    if not name:
        raise SystemExit("import-table takes MODULE:NAME, e.g. new_strings:TEXT")
    if module_name.endswith(".py") or "/" in module_name:
        path = Path(module_name).resolve()
        loader = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(loader)
        loader.loader.exec_module(module)
    else:
        sys.path.insert(0, str(ROOT))
        module = importlib.import_module(module_name)
    return getattr(module, name)


def import_table(table):
    """Merge ``{key: {lang: text, or [forms] for a plural entry}}`` into the catalogs.

    A key the template has takes its place there; one it does not have yet (the code does
    not name it yet) is added at the end of each catalog and returned: run ``extract`` and
    ``update`` once the code names it. A language of the table with no catalog yet gets
    one."""
    pot = read(TEMPLATE)
    known = entries(pot)
    unknown = [key for key in table if key not in known]
    for key in unknown:  # into this run's template, so that every catalog gets it
        plural = any(isinstance(v, (list, tuple)) for v in table[key].values())
        _add(pot, key, plural, ("", "") if plural else ("",))
    english = {
        key: tuple(e[SOURCE_LANG])
        if isinstance(e[SOURCE_LANG], (list, tuple))
        else (e[SOURCE_LANG],)
        for key, e in table.items()
        if SOURCE_LANG in e
    }
    langs = dict.fromkeys([*languages(), *(lang for e in table.values() for lang in e)])
    for lang in langs:
        texts = {key: e[lang] for key, e in table.items() if lang in e}
        write(merge(pot, lang, texts, english), catalog_path(lang))
    return unknown


# -- checks (the tests run these) -------------------------------------------------------------
def load_all():
    """``{lang: {key: message}}`` of every catalog, read as they are on disk."""
    return {lang: entries(read_lang(lang)) for lang in languages()}


def check_sync(catalogs, keys=None):
    """The code and the catalogs name the same keys, plural where the code says so; the
    template on disk is the code's."""
    keys = extract_keys() if keys is None else keys
    problems = []
    template_keys = entries(read(TEMPLATE))
    if list(template_keys) != list(keys):
        missing = [k for k in keys if k not in template_keys]
        extra = [k for k in template_keys if k not in keys]
        problems.append(
            f"messages.pot is not the code's (run extract, then update): missing {missing}, "
            f"no longer used {extra}"
            if missing or extra
            else "messages.pot: another order"
        )
    for lang, messages in catalogs.items():
        for key, found in keys.items():
            if key not in messages:
                problems.append(f"{lang}: {key} is used in the code and missing here")
            elif messages[key].pluralizable != found["plural"]:
                kind = "a plural (nt)" if found["plural"] else "a plain (t)"
                problems.append(f"{lang}: {key} is {kind} entry in the code")
        for key in messages:
            if key not in keys:
                problems.append(f"{lang}: {key} is in the catalog and no code uses it")
    return problems


def check_complete(catalogs):
    """Every entry translated (no empty form), none fuzzy, the right number of forms."""
    problems = []
    for lang, messages in catalogs.items():
        n = _plurals(lang)
        for key, message in messages.items():
            if message.fuzzy:
                problems.append(f"{lang}: {key} is marked fuzzy (check it, then unmark it)")
            texts = forms(message)
            if message.pluralizable and len(texts) != n:
                problems.append(f"{lang}: {key} has {len(texts)} plural forms, not {n}")
            if not all(text.strip() for text in texts):
                problems.append(f"{lang}: {key} is not translated")
    return problems


def check_placeholders(catalogs):
    """Every form of every entry has English's fields ({name}, {limit:,}) and formats."""
    problems = []
    english = catalogs[SOURCE_LANG]
    for lang, messages in catalogs.items():
        for key, message in messages.items():
            if key not in english:
                continue
            try:
                want = set().union(*(fields(text) for text in forms(english[key])))
            except ValueError as error:
                problems.append(f"en: {key}: {error}")
                continue
            for text in forms(message):
                if not text:
                    continue
                try:
                    got = fields(text)
                    text.format(**{name: 1234 for name, _, _ in got})
                except (ValueError, KeyError, IndexError) as error:
                    problems.append(f"{lang}: {key}: cannot be formatted ({error}): {text}")
                    continue
                if not _same_fields(got, want):
                    problems.append(
                        f"{lang}: {key}: fields {_show(got)}, English has {_show(want)}: {text}"
                    )
    return problems


def _same_fields(got, want):
    """Equal fields, except that a translation may drop or change the zero padding of an
    integer (``{step:02d}``: English writes step 06, Korean STEP 6)."""

    def loose(found):
        return {(n, c, "" if re.fullmatch(r"0?\d*d", s) else s) for n, c, s in found}

    return got == want or loose(got) == loose(want)


def _show(found):
    return sorted(
        "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
        for name, conv, spec in found
    )


# -- how each language is written ---------------------------------------------------------------
FIELD = r"\{[^{}]*\}"
CODE_SPAN = re.compile(r"`[^`]*`")
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
    "the book's steps are STEP 6 (not step 06, STEP 06 or a bare 06)": re.compile(
        r"[Ss]tep\s*\d|STEP\s*0\d|STEP\d|(?<![\w.=/{-])0[4-9](?=[가-힣\s])"
    ),
    "n번째 글자 (a column is n번째 열... say 위치 n)": re.compile(r"번째 글자"),
}
JA_RULES = {
    "「本」 for the book (書籍)": re.compile(r"本(?=[のでは])|「本」"),
    # the book's ステップ6, ステップ{step}, このステップ / 各ステップ / どのステップ (of the book)
    "ステップ for the app's position (it is a 呼び出し)": re.compile(
        r"(?<!この)(?<!その)(?<!どの)(?<!各)ステップ(?![\d{])"
    ),
    "「」 around a value or code": re.compile(r"「" + FIELD + "」"),
    "plain form まだない": re.compile(r"まだない"),
    "惜しい for any wrong guess": re.compile(r"惜しい"),
    "the book's steps are ステップ6 (not 06, ステップ06, ステップ 6)": re.compile(
        r"ステップ\s+\d|ステップ0\d|[Ss][Tt][Ee][Pp]\s*\d|(?<![\w.=/{-])0[4-9](?=[\s\u3040-\u30ff\u4e00-\u9fff])"
    ),
    "a list joined with ASCII commas between Japanese words": re.compile(
        r"[\u3040-\u30ff\u4e00-\u9fff], [\u3040-\u30ff\u4e00-\u9fff]"
    ),
}
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
ZH_RULES = {
    "ASCII punctuation after Chinese text (use ，。：；？！（）)": re.compile(rf"[{HAN}][,.:;?!(]"),
    "ASCII punctuation before Chinese text (use ，：；？！（）)": re.compile(
        rf"[,:;?!)]\s*[{HAN}]"
    ),
    "ASCII parentheses around Chinese text (use （）)": re.compile(rf"\([^()]*[{HAN}][^()]*\)"),
    "an ASCII full stop ending a sentence (use 。)": re.compile(r"(?<![\d.])\.(?=\s|$)"),
    "Korean or Japanese kana in Chinese": re.compile(
        r"[\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"
    ),
    "Traditional characters in Simplified Chinese": re.compile(
        r"[傳導數變鏈圖與為這個們會從時後對於將計說輸請還開關點頁選擇檢驗誤遞]"
    ),
    "the book's steps are 步骤6 (not 步骤 6, 步骤06, STEP 6 or 第6步)": re.compile(
        r"步骤\s+\d|步骤0\d|[Ss][Tt][Ee][Pp]\s*\d|第\s*\d+\s*步|(?<![\w.=/{-])0[4-9](?=[\s\u4e00-\u9fff])"
    ),
    "a space between Chinese and a Chinese punctuation mark": re.compile(
        rf"[{HAN}] [，。：；？！、）]|[（，。：；？！、] [{HAN}]"
    ),
}
EN_RULES = {
    "the book's steps are step 06 (two digits, as in the link's book=06)": re.compile(
        r"\b[Ss]tep[ -]\d(?!\d)|\bSTEP\b"
    ),
    # a message of four words or more (a colon, or a full stop at the end): a capital first
    "a sentence starting in lower case": re.compile(
        r"^(?=(?:\S+\s+){3}\S)(?=.*(?::\s|[.!?]$))(?!funcs\b)[a-z]{2,}\s"
    ),
}
RULES = {"ko": KO_RULES, "ja": JA_RULES, "zh": ZH_RULES, "en": EN_RULES}
class _UnpairedBold:
    """A ``**`` outside code that opens no bold: standing alone, or one too many."""

    ALONE = re.compile(r"(?:^|[\s,、，(（])\*\*(?:$|[\s,、，)）.。])")

    def search(self, text):
        return bool(self.ALONE.search(text)) or text.count("**") % 2 == 1


# every language: the page draws the text as Markdown, which eats these outside code spans
MARKDOWN_RULES = {
    "a ** outside code (Markdown's bold eats it): write it as code, `**`": _UnpairedBold(),
    "a __name__ outside code (Markdown's bold eats the underscores)": re.compile(r"__\w+__"),
}
JA_POLITE = ("す", "した", "せん", "さい", "しょう", "ょうか？", "か？", "です！")


def plain(text):
    """The text a writing rule reads: code spans and replacement fields taken out (they are
    the same in every language)."""
    text = CODE_SPAN.sub("`…`", text)
    return re.sub(FIELD, "{}", text)


# what the zh punctuation rules read: code, numbers and placeholders are not Chinese text
_ZH_CODE = re.compile(
    r"`[^`]*`"  # a code span
    r"|\{[^{}]*\}"  # a placeholder
    r"|[A-Za-z_][\w.′‴']*(?:\([^()\u4e00-\u9fff]*\))?(?:\s*[-+*/=<>≈×·]+\s*[\w.()'‴′|]+)*"  # code
    r"|\([^()\u4e00-\u9fff]*\)"  # math in parentheses: (x0, y0)
    r"|\d[\d.,:eE+-]*"  # a number
)


def check_rules(catalogs, lang):
    """The writing rules of ``lang`` (see docs/translating.md), entry by entry."""
    rules = {**RULES.get(lang, {}), **MARKDOWN_RULES}
    problems = []
    for key, message in catalogs[lang].items():
        for text in forms(message):
            for rule, pattern in rules.items():
                if pattern.search(_rule_text(lang, rule, text)):
                    problems.append(f"{lang}: {key}: {rule}: {text}")
    if lang == "ja":
        problems += [f"ja: {key}: not です/ます: {s}" for key, s in japanese_plain(catalogs)]
    return problems


def _rule_text(lang, rule, text):
    if lang == "zh" and rule.startswith(("ASCII", "an ASCII")):
        return _ZH_CODE.sub("x", CODE_SPAN.sub("x", text))
    if lang == "ko" and rule.startswith(("a sound", "a space before")):
        return text  # these rules read the fields themselves
    return plain(text)


def _polite(sentence):
    """Ends in a polite form, after a closing parenthesis, or before a colon and a formula."""
    sentence = re.sub(r"[（(][^（）()]*[）)]$", "", sentence)
    return sentence.endswith(JA_POLITE) or sentence.split("：")[0].endswith(JA_POLITE)


def japanese_plain(catalogs):
    """です/ます: every Japanese sentence that ends with 。 ends in a polite form."""
    return [
        (key, sentence)
        for key, message in catalogs.get("ja", {}).items()
        for text in forms(message)
        for sentence in text.split("。")[:-1]
        if not _polite(sentence)
    ]


# -- the glossary ----------------------------------------------------------------------------
def glossary(path=GLOSSARY):
    """docs/glossary.md's two tables: ``terms`` [(English words, {lang: [forms]})] and
    ``avoid`` {lang: [words]}."""
    terms, avoid, table = [], defaultdict(list), None
    header = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            table = "avoid" if "not" in line.lower() or "avoid" in line.lower() else "terms"
            header = []
            continue
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not header:
            header = [_lang_of(cell) for cell in cells]
            continue
        row = dict(zip(header, cells, strict=False))
        if table == "terms":
            words = [w.strip().strip("`") for w in row.get("en", "").split(",") if w.strip()]
            wanted = {
                lang: [f.strip() for f in cell.split("/") if f.strip()]
                for lang, cell in row.items()
                if lang not in ("en", None) and cell
            }
            terms.append((words, wanted))
        elif table == "avoid":
            for lang, cell in row.items():
                if lang and cell:
                    avoid[lang] += [w.strip() for w in cell.split(",") if w.strip()]
    return terms, dict(avoid)


def _lang_of(header):
    header = header.lower()
    for lang, words in {
        "en": ("english", "en"),
        "ko": ("한국어", "ko"),
        "ja": ("日本語", "ja"),
        "zh": ("中文", "zh"),
    }.items():
        if any(header == w or header.startswith(w + " ") or f"({w})" in header for w in words):
            return lang
    return None


def check_glossary(catalogs, path=GLOSSARY):
    """Where the English says a term of the glossary, every translation says the glossary's
    word for it; no translation says a word the glossary says to avoid."""
    terms, avoid = glossary(path)
    ordered = sorted(
        ((word, wanted) for words, wanted in terms for word in words),
        key=lambda item: -len(item[0]),
    )
    problems = []
    for key, source in catalogs[SOURCE_LANG].items():
        for index, english in enumerate(forms(source)):
            said = plain(english)
            needed = []
            for word, wanted in ordered:
                pattern = re.compile(rf"(?<![\w.-]){re.escape(word)}(?![\w-])")
                if pattern.search(said):
                    needed.append((word, wanted))
                    said = pattern.sub(" ", said)
            for lang, messages in catalogs.items():
                if lang == SOURCE_LANG or key not in messages:
                    continue
                texts = forms(messages[key])
                text = texts[min(index, len(texts) - 1)]
                for word, wanted in needed:
                    options = wanted.get(lang)
                    if options and not any(option in text for option in options):
                        problems.append(
                            f"{lang}: {key}: the English says '{word}': "
                            f"the glossary's word is {' / '.join(options)}: {text}"
                        )
    for lang, words in avoid.items():
        for key, message in catalogs.get(lang, {}).items():
            for text in forms(message):
                for word in words:
                    if word in plain(text):
                        problems.append(f"{lang}: {key}: '{word}' (the glossary avoids it): {text}")
    return problems


def check_all():
    catalogs = load_all()
    problems = check_sync(catalogs) + check_complete(catalogs) + check_placeholders(catalogs)
    for lang in catalogs:
        problems += check_rules(catalogs, lang)
    return problems + check_glossary(catalogs)


# -- the command line -------------------------------------------------------------------------
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract", help="write components/locales/messages.pot from the code")
    commands.add_parser("update", help="merge messages.pot into every catalog")
    commands.add_parser("check", help="check the catalogs as the tests do")
    imported = commands.add_parser("import-table", help="merge {key: {lang: text}} in")
    imported.add_argument("table", help="MODULE:NAME or path/to/file.py:NAME")
    args = parser.parse_args(argv)
    if args.command == "extract":
        pot = template()
        written = write(pot, TEMPLATE)
        print(f"messages.pot: {len(entries(pot))} keys, {'written' if written else 'unchanged'}")
    elif args.command == "update":
        update()
    elif args.command == "check":
        problems = check_all()
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)" if problems else "The catalogs are fine.")
        return 1 if problems else 0
    elif args.command == "import-table":
        unknown = import_table(load_table(args.table))
        if unknown:
            print("not named by the code yet (run extract and update once it is):")
            print("  " + ", ".join(unknown))
        print("Imported. Now: python scripts/catalogs.py check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
