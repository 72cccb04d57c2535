"""Work-arounds for faust-streaming 0.15.3 dropping input messages at a rebalance (at-least-once).

Seen on a real broker (tests/integration/test_streaming_scaleout.py, worker logs with fetch/flow traces): after
a rebalance, one message per partition at the committed offset was never processed, yet committed past.
Two faust defects combine (faust/tables/recovery.py `on_recovery_completed`, transport/consumer.py):

1. When recovery ends, faust resumes the stream partitions, seeks them to the committed offsets, and only
   then calls `app.flow_control.resume()` -- which always clears every stream queue, even when the flow is
   already running. A message fetched in between has been handed to a stream (and its read offset recorded),
   then is thrown away; the next fetch from the committed offset drops it as "already read".
2. The fetcher's per-partition read offset survives the rebalance. If a fetch is drained before the seek
   resets it, messages between the committed offset and the stale read offset are dropped the same way.

faust's commit then moves past a one-message hole at the head (`Consumer._new_offset` tolerates
`min(acked) == committed + 1`), so the message is lost for good: one report lost per partition was the
"one incident short" seen after a worker handed over its partitions.

Fixes: resume clears the queues only on a real suspended -> running transition (the revoke already cleared
them), and the read offsets are forgotten before the stream partitions are resumed, so whatever is fetched
after the rebalance is processed -- possibly twice, which the idempotent state absorbs.
"""

from __future__ import annotations

from typing import Any

import faust
from mode.types.signals import BaseSignalT


def install(app: faust.App) -> None:
    """Apply both work-arounds to `app` (call once, before the worker starts)."""
    flow = app.flow_control
    resume = flow.resume

    def resume_without_clearing_running_flow() -> None:
        if flow.is_active():
            return  # already running: clearing now would drop messages fetched since the seek
        resume()

    flow.resume = resume_without_clearing_running_flow  # type: ignore[method-assign]

    def forget_read_offsets(sender: Any, *args: Any, signal: BaseSignalT[Any], **kwargs: Any) -> None:
        # Sent by recovery before the stream partitions are resumed and sought (both code paths).
        consumer = getattr(sender, "_consumer", None)
        read_offset = getattr(consumer, "_read_offset", None)  # faust keeps no public accessor
        if read_offset is not None:
            read_offset.clear()

    app.on_rebalance_complete.connect(forget_read_offsets)  # type: ignore[arg-type]  # mode types it loosely
