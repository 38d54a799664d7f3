"""What the page needs beyond Streamlit's theme: accessibility, and projector mode.

- Contrast (WCAG AA, 4.5:1): captions are a darker grey than Streamlit's faded text, and the
  code block's keywords a darker blue; .streamlit/config.toml darkens the primary colour.
- Keyboard: a visible focus ring on every control.
- Headings: panels are ``h3`` under the page's ``h1``; a visually hidden ``h2`` naming the
  lesson keeps the levels in order for a screen reader.
- Language: Streamlit's page says ``<html lang="en">`` in every language, so a screen reader
  reads Korean with an English voice and Chromium draws Japanese kanji in Chinese forms. A
  script copies the page's language from the hidden heading to ``<html>``.
- Projector mode: the page sized for the back row at 1280x720, the sidebar tucked away and
  one button to leave it.

No user text goes into this HTML: the heading is a catalog entry, escaped anyway.
"""

import html

import streamlit as st

from ..i18n import t
from ..model import state
from . import session

LANG_TAGS = {"ko": "ko", "en": "en", "ja": "ja", "zh": "zh-Hans"}  # <html lang=...>

FOCUS = "#9a5200"  # the primary colour (config.toml): 5.9:1 on white
CSS = f"""
<style>
/* Streamlit draws captions in the text colour at opacity 0.6 (3.9:1): full opacity, grey. */
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: #5e5d5a; }}
[data-testid="stCaptionContainer"] p {{ color: #5e5d5a; }}
[data-testid="stCode"] .token.keyword {{ color: #0a5cad; }}
button:focus-visible, [role="tab"]:focus-visible,
a:focus-visible, summary:focus-visible, input:focus-visible, [tabindex]:focus-visible {{
  outline: 3px solid {FOCUS} !important; outline-offset: 2px;
}}
/* the main area is focusable (Streamlit's tabindex, for keyboard scrolling): a click in the page
   focuses it, and the next arrow key would frame the whole page in a focus ring (our outline, and
   Streamlit's own frame drawn by its ::before) */
[data-testid="stMain"]:focus-visible {{ outline: none !important; }}
[data-testid="stMain"]:focus::before {{ display: none !important; }}
/* a segmented control wraps on a narrow screen: every option stays in reach (a phone) */
[data-testid="stButtonGroup"] > div {{ flex-wrap: wrap; row-gap: 0.25rem; }}
/* the program editor: code, in the code font, never wrapped */
.st-key-program_text textarea, [data-testid="stTextArea"] textarea {{
  font-family: "Source Code Pro", "DejaVu Sans Mono", monospace; white-space: pre;
  overflow-wrap: normal; overflow-x: auto; font-size: 0.9rem;
}}
/* a field's hint ("Press Enter to ...", the character count) goes under the field, not over
   the end of what is typed in it */
:is([data-testid="stTextInput"], [data-testid="stTextArea"])
  > div:has(> [data-testid="InputInstructions"]) {{ position: static; }}
:is([data-testid="stTextInput"], [data-testid="stTextArea"]) [data-testid="InputInstructions"] {{
  position: absolute; top: 100%; bottom: auto; right: 0; left: auto; margin-top: 1px;
  padding: 0; background: none; color: #5e5d5a; font-size: 0.75rem; line-height: 1.2;
}}
.bp-sr-only {{
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}}
/* the container of the hidden h2 only (not of a code block with a hidden word in it) */
[data-testid="stElementContainer"]:has(> .stHtml > h2.bp-sr-only) {{ position: absolute; }}
</style>
"""
HIDE_HINTS = '<style>[data-testid="InputInstructions"] { display: none; }</style>'
SCRIPT = """
<script>
(() => {
  if (window.__backpropA11y) return;
  window.__backpropA11y = true;
  const sync = () => {
    const page = document.querySelector("[data-page-lang]");
    const lang = page && page.dataset.pageLang;
    if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
  };
  sync();
  new MutationObserver(sync).observe(document.body, { childList: true, subtree: true });
})();
</script>
""".strip()


PROJECTOR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem; max-width: 100%; }
/* The whole graph and what the last call did fit the first screen at 1280x720: no subtitle
   under the title, no label over the view switch. */
[data-testid="stElementContainer"]:has(h1)
  + [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) { display: none; }
.st-key-view_select [data-testid="stWidgetLabel"] { display: none; }
/* A code line wraps rather than hide its full-precision comment past the right edge. */
[data-testid="stCode"] code {
  font-size: 1.15rem !important; line-height: 1.4 !important; white-space: pre-wrap !important;
}
.katex { font-size: 1.55em !important; }
[data-testid="stMarkdownContainer"] p { font-size: 1.2rem; }
[data-testid="stCaptionContainer"] p { font-size: 1.05rem !important; }
[data-testid="stMarkdownContainer"] code, [data-testid="stCaptionContainer"] code {
  font-size: 0.95em !important;
}
h1 { font-size: 1.6rem !important; padding: 0 0 0.5rem !important; }
/* The Space-key twin of the Next button does its work unseen. */
.st-key-space_next { display: none; }
</style>
"""


def page(spec):
    """Once per page, after the subtitle: the styles, the hidden h2, the script; in projector
    mode its styles and the button that leaves it."""
    lang = spec.lang
    heading = html.escape(t(lang, "lesson_heading"))
    code = html.escape(LANG_TAGS.get(lang, lang))
    mark = f'<h2 class="bp-sr-only" lang="{code}" data-page-lang="{code}">{heading}</h2>'
    # Streamlit's field hints ("Press Enter to apply") are English only: not in a page in
    # another language (Enter still applies; the editor and the forms have their buttons)
    hints = "" if lang == "en" else HIDE_HINTS
    st.html(f"{CSS}{hints}{mark}{SCRIPT}", unsafe_allow_javascript=True)
    if spec.projector:
        st.html(PROJECTOR_CSS)
        st.button(
            t(lang, "projector_off"),
            key="projector_off",
            icon=":material/close_fullscreen:",
            on_click=session.act,
            args=(state.Toggle("projector", False),),
            type="tertiary",
        )
