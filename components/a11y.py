"""What the page needs beyond Streamlit's theme to pass axe-core and to work by keyboard alone.

- Contrast (WCAG AA, 4.5:1): captions are a darker grey than Streamlit's faded text, and the
  code block's keywords a darker blue; .streamlit/config.toml darkens the primary colour.
- Keyboard: a wide chain-rule block scrolls sideways, so it gets ``tabindex="0"`` (a script,
  since Streamlit renders the KaTeX) and a visible focus ring like every other control.
- Headings: panels are ``h3`` (``st.subheader``) under the page's ``h1``; a visually hidden
  ``h2`` naming the lesson keeps the levels in order for a screen reader.
- Language: Streamlit's page says ``<html lang="en">`` in every language, so a screen reader
  reads Korean with an English voice and Chromium draws Japanese kanji in Chinese forms. The
  script copies the page's language from the hidden heading (``data-page-lang``) to ``<html>``.

No user text goes into this HTML: the heading is a table entry, escaped anyway.
"""

import html

import streamlit as st

from .i18n import t

FOCUS = "#9a5200"  # the primary colour (config.toml): 5.9:1 on white
CSS = f"""
<style>
/* Streamlit draws captions in the text colour at opacity 0.6 (3.9:1): full opacity, grey. */
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: #5e5d5a; }}
[data-testid="stCaptionContainer"] p {{ color: #5e5d5a; }}
[data-testid="stCode"] .token.keyword {{ color: #0a5cad; }}
.katex-display:focus-visible, button:focus-visible, [role="tab"]:focus-visible,
a:focus-visible, summary:focus-visible, input:focus-visible, [tabindex]:focus-visible {{
  outline: 3px solid {FOCUS} !important; outline-offset: 2px;
}}
.bp-sr-only {{
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}}
/* the container of the hidden h2 only (not of a code block with a hidden word in it) */
[data-testid="stElementContainer"]:has(> .stHtml > h2.bp-sr-only) {{ position: absolute; }}
</style>
"""
SCRIPT = """
<script>
(() => {
  if (window.__backpropA11y) return;
  window.__backpropA11y = true;
  const sync = () => {
    const page = document.querySelector("[data-page-lang]");
    const lang = page && page.dataset.pageLang;
    if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
    document.querySelectorAll(".katex-display:not([tabindex])")
      .forEach((block) => { block.tabIndex = 0; });
  };
  sync();
  new MutationObserver(sync).observe(document.body, { childList: true, subtree: true });
})();
</script>
""".strip()


def style(lang):
    """Once per page, after the subtitle: the styles, the hidden h2, the script.

    ``lang`` is the spec's language, one of ``i18n.LANGS`` (the spec never holds another)."""
    heading = html.escape(t(lang, "lesson_heading"))
    code = html.escape(lang)
    mark = f'<h2 class="bp-sr-only" lang="{code}" data-page-lang="{code}">{heading}</h2>'
    st.html(f"{CSS}{mark}{SCRIPT}", unsafe_allow_javascript=True)
