"""What the fault tests share (``robustness.faults``): pages opened at a call of the book's
lesson, the page as a learner sees it (``seen``) and the wait until a page that lived through a
fault shows exactly what a new visitor of its link sees (``recovered``).

Everything waits on a condition (a page's state), never on a fixed sleep.
"""

import contextlib
import json
import time

LINK = "/?lang=en&step={step}"  # the book's example (the default lesson), in English
WAIT_MS = 90_000  # a generous bound for a wait on a condition (two CPU burners slow Chromium)

SEEN = """() => {
  const root = document.querySelector('.bpx-root');
  const text = (sel) => { const n = document.querySelector(sel); return n ? n.innerText : null; };
  return {
    pos: root ? root.dataset.pos : null,
    synced: root ? root.dataset.synced : null,
    link: new URLSearchParams(location.search).get('step'),
    href: location.href,
    graph: [...document.querySelectorAll('.bpx-graph svg g.node, .bpx-graph svg g.edge')]
      .map((g) => `${g.id} ${g.getAttribute('class')} ${g.textContent}`).join('\\n'),
    panels: text('.bpx-panels'),
    sidebar: text('[data-testid=stSidebar]'),
    main: text('[data-testid=stMain]'),
    errors: document.querySelectorAll('[data-testid=stException], [role=dialog]').length,
    stale: document.querySelectorAll('[data-stale=true]').length,
  };
}"""


def seen(page):
    """The page as the learner sees it: position, link, graph, panels, sidebar, the whole text."""
    return page.evaluate(SEEN)


def agree(page, step):
    """Wait until the element, the server and the link are all at ``step``."""
    page.wait_for_function(
        """(step) => {
          const root = document.querySelector('.bpx-root');
          return root && root.dataset.pos === String(step) && root.dataset.synced === '1'
            && new URLSearchParams(location.search).get('step') === String(step)
            && !document.querySelector('[data-stale=true]');
        }""",
        arg=step,
        timeout=WAIT_MS,
        polling=100,
    )


def open_at(browser, base, step, query=LINK):
    """A student's page (its own browser context: its own cookies) at ``step``, at rest: the
    lesson agreed and every script fetched. Streamlit loads a widget's script when it first
    draws one; a page whose scripts are still loading when its server or network goes (a few
    seconds after opening, on a busy machine) shows "Failed to fetch dynamically imported
    module" in place of those widgets until it is reloaded (docs/serving.md). The faults here
    hit pages a class has open, not pages still opening."""
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    page.goto(base + query.format(step=step))
    agree(page, step)
    drawn(page)
    page.wait_for_load_state("networkidle")  # the widgets' scripts, asked for as they drew
    return page


def drawn(page):
    """Wait until the run is over and its widgets are on the page: the language select, the
    input field and the forms' fields. The element agreeing is not enough: on a busy machine the
    sidebar's widgets can arrive later, and their scripts are fetched only when they draw."""
    page.wait_for_function(
        """() => document.querySelector(
              '[data-testid=stApp][data-test-script-state=notRunning]')
          && document.querySelector('[data-testid=stSidebar] [data-testid=stSelectbox] input')
          && document.querySelector('[data-testid=stSidebar] [data-testid=stTextInput] input')
          && document.querySelector('[data-testid=stMain] [data-testid=stTextInput] input')
          && !document.querySelector('[data-stale=true]')""",
        timeout=WAIT_MS,
        polling=100,
    )


def press(page, times=1, key="ArrowRight"):
    """Presses, each drawn at once by the element (no server in the way); the new position,
    once it is on screen and, a frame later, in the address bar (the element writes the link
    the frame after it draws the move)."""
    start = int(seen(page)["pos"])
    for _ in range(times):
        page.keyboard.press(key)
    target = start + times if key == "ArrowRight" else start - times
    page.wait_for_function(
        """(p) => document.querySelector('.bpx-root').dataset.pos === String(p)
          && new URLSearchParams(location.search).get('step') === String(p)""",
        arg=target,
    )
    return target


def fresh(browser, href):
    """A new visitor's page at ``href`` (its own context, left open: it is read again while the
    page it is compared with settles, since its own widgets may still be loading)."""
    step = int(href.split("step=")[1].split("&")[0])
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    page.goto(href)
    agree(page, step)
    return page


def _settled(page):
    """The page once two readings 100 ms apart agree (the last run's elements drawn)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    last = seen(page)
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)  # the interval between two readings, not a synchronisation
        now = seen(page)
        if now == last and now["stale"] == 0:
            return now
        last = now
    return last


def recovered(page, step, browser, cache=None):
    """Wait until ``page`` (which lived through a fault) agrees at ``step`` and shows what a
    new visitor of its link sees; return (what it shows, what the visitor sees). Both pages are
    read until they agree (or the time is up): on a loaded machine either may still be drawing
    a widget whose script Streamlit loads on first use."""
    agree(page, step)
    href = seen(page)["href"]
    cache = {} if cache is None else cache
    if href not in cache:
        cache[href] = fresh(browser, href)
    visitor = cache[href]
    deadline = time.monotonic() + WAIT_MS / 1000
    got, want = _settled(page), _settled(visitor)
    while got != want and time.monotonic() < deadline:
        page.wait_for_timeout(200)  # re-read until the rest of both pages is drawn
        got, want = _settled(page), _settled(visitor)
    return got, want


def differences(got, want):
    return json.dumps(
        {key: [got[key], want[key]] for key in want if got.get(key) != want[key]}, indent=1
    )[:3000]




class Cable:
    """A TCP forwarder on 127.0.0.1 in front of a server: ``cut()`` drops every connection and
    refuses new ones (a student's network gone), ``mend()`` lets them through again."""

    def __init__(self, target_port):
        import socket
        import threading

        self.target = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.open = True
        self.live = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import socket
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            try:
                server = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.live.update((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                self._close(end)

    def _close(self, end):
        import socket

        with self.lock:
            self.live.discard(end)
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)
        end.close()

    def cut(self):
        self.open = False
        with self.lock:
            ends = list(self.live)
        for end in ends:
            self._close(end)

    def mend(self):
        self.open = True

    def close(self):
        self.cut()
        self.listener.close()
