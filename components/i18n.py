"""Every string a user sees, from one gettext catalog per language: one lookup.

The catalogs are ``components/locales/<lang>/LC_MESSAGES/messages.po`` (and the template
``components/locales/messages.pot``), monolingual: each ``msgid`` is the key the code names
(``"explain_seed"``), the English text is the ``msgstr`` of ``en``, and the other catalogs
carry it as an extracted comment (``#.``) for the translator (Poedit, Weblate). They are read
with Babel once per process, as they are: no compile step. ``scripts/catalogs.py`` extracts
the keys from the code, merges them into the catalogs, checks them and imports new text;
``docs/translating.md`` says how to add or fix a language, ``docs/glossary.md`` which words.

Code (``b.grad = C.backward(y.grad)``), function classes (``Square``) and math stay as the
book prints them, the same in every edition.

A key passed to ``t`` or ``nt`` as a literal is found by the extractor; a key chosen at run
time (``f"preset_{name}"``, ``"a" if c else "b"``) is written once as ``N_("preset_book")``
(``NP_`` for a plural entry) where the code chooses it, so the extractor sees it too.
"""

import functools
import gettext
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE_LANG = "en"
# The book's editions first, in this order; any other catalog found after them.
_FIRST = ("ko", "en", "ja", "zh")


def _found():
    here = {p.parent.parent.name for p in LOCALES.glob("*/LC_MESSAGES/messages.po")}
    return (*(lang for lang in _FIRST if lang in here), *sorted(here - set(_FIRST)))


LANGS = _found()


def N_(key):
    """Marks a key the code chooses at run time, for the extractor; returns it unchanged."""
    return key


def NP_(key):
    """Marks the key of a plural entry the code chooses at run time (see ``N_``)."""
    return key


@functools.lru_cache(maxsize=32)  # a catalog per language: read once per process
def _catalog(lang):
    """``({key: text, or a tuple of plural forms}, plural function)`` of ``lang``'s catalog,
    read once per process. An entry not translated yet is left out (English stands in)."""
    path = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    texts = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        if message.pluralizable:
            forms = tuple(message.string)
            if all(forms):
                texts[message.id[0]] = forms
        elif message.string:
            texts[message.id] = message.string
    language = str(catalog.locale) if catalog.locale else lang  # zh_Hans, from Language
    return texts, gettext.c2py(catalog.plural_expr or "0"), language


def _entry(lang, key):
    if lang not in LANGS:
        lang = SOURCE_LANG
    texts = _catalog(lang)[0]
    if key in texts:
        return texts[key], lang
    return _catalog(SOURCE_LANG)[0][key], SOURCE_LANG  # KeyError: no such key anywhere


def t(lang, key, **args):
    """The text for ``key`` in ``lang`` (falls back to English), formatted with ``args``."""
    text, _ = _entry(lang, key)
    if isinstance(text, tuple):
        raise TypeError(f"{key!r} is a plural entry: use nt(lang, key, n, ...)")
    return text.format(**args) if args else text


def nt(lang, key, n, **args):
    """The form of the plural entry ``key`` that ``lang`` uses for the count ``n`` (the
    catalog's ``Plural-Forms``: English has two, Korean, Japanese and Chinese one),
    formatted with ``args``."""
    forms, used = _entry(lang, key)
    if not isinstance(forms, tuple):
        raise TypeError(f"{key!r} is not a plural entry: use t(lang, key, ...)")
    index = _catalog(used)[1](abs(int(n)))
    text = forms[min(index, len(forms) - 1)]
    return text.format(**args) if args else text


def html_lang(lang):
    """The page's ``<html lang>`` for ``lang``, from its catalog's ``Language``: ``zh-Hans``
    (the Chinese catalog is Simplified Chinese), ``ko``, ``ja``, ``en``."""
    return _catalog(lang if lang in LANGS else SOURCE_LANG)[2].replace("_", "-")


LANG_NAMES = {lang: t(lang, "language_name") for lang in LANGS}


def from_locale(locale):
    """The UI language for a browser locale such as 'ko-KR', 'ja' or 'zh-Hans-CN' (any
    Chinese locale, Simplified or Traditional, reads the Chinese catalog; English when the
    language has no catalog)."""
    code = (locale or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGS else SOURCE_LANG


def keys():
    """Every key of the catalogs (the English one has them all)."""
    return frozenset(_catalog(SOURCE_LANG)[0])
