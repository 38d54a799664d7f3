"""The fault tests' browser: Debian's Chromium, one per module (skipped without it, but never
on CI)."""

import pytest
from harness import launch, needs_chromium


@pytest.fixture(scope="module")
def chrome():
    needs_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        found = launch(playwright)
        yield found
        found.close()
