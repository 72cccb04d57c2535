"""The faust rebalance work-arounds (rebalance.py): a resume of a running flow keeps the queued messages, a real
suspend -> resume still clears them, and the fetcher's read offsets are forgotten when recovery completes."""

from __future__ import annotations

from types import SimpleNamespace

import faust
from mode.utils.queues import FlowControlQueue

from tocsin.streaming import rebalance


def _app() -> faust.App:
    app = faust.App("tocsin-test-rebalance", broker="kafka://127.0.0.1:1", web_enabled=False)
    rebalance.install(app)
    return app


def _queue(app: faust.App) -> FlowControlQueue[str]:
    queue: FlowControlQueue[str] = FlowControlQueue(flow_control=app.flow_control, clear_on_resume=True)
    queue.put_nowait("fetched after the seek")
    return queue


def test_resuming_a_running_flow_keeps_what_was_fetched() -> None:
    app = _app()
    app.flow_control.resume()  # suspended at start: a real transition
    queue = _queue(app)
    app.flow_control.resume()  # what faust's recovery does after seeking, with the flow already running
    assert queue.qsize() == 1


def test_resuming_a_suspended_flow_still_clears() -> None:
    app = _app()
    app.flow_control.resume()
    queue = _queue(app)
    app.flow_control.suspend()  # a rebalance starts: what was queued is re-fetched from the committed offset
    app.flow_control.resume()
    assert queue.qsize() == 0
    assert app.flow_control.is_active()


async def test_read_offsets_are_forgotten_when_recovery_completes() -> None:
    app = _app()
    read_offset = {"tp": 143}
    app._consumer = SimpleNamespace(_read_offset=read_offset)  # type: ignore[assignment]
    await app.on_rebalance_complete.send()
    assert read_offset == {}
