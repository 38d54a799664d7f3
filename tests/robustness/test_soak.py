"""A shorter school day (benchmarks/soak.py): 150 sessions of mixed lessons one after another on
one server; its memory levels off and its sockets, event loops and threads stay bounded."""

import sys

from harness import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import soak  # noqa: E402


def test_a_day_of_sessions_stays_flat():
    readings, errors = soak.run(sessions=150, every=25, presses=2, quiet=True)
    assert not errors, errors[:3]
    ok, said = soak.check(readings, base=50, rss_slack=20)
    table = "\n".join(said + [soak.row(*r) for r in readings])
    first, last = readings[2][1], readings[-1][1]
    assert abs(last["rss_mb"] - first["rss_mb"]) <= 20, table
    # Streamlit keeps the last 128 disconnected sessions (each its own event loop), no more
    assert max(r["loops"] for _, r, _ in readings) <= 128 + 4, table
    assert max(r["sockets"] for _, r, _ in readings) <= 4, table
