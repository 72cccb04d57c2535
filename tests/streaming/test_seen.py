"""Duplicate article ids over a plain dict: a repeat is caught, a replay and a revision are not, entries expire."""

from __future__ import annotations

from typing import Any

from tocsin.streaming.seen import earlier_copy, expired

HOUR = 3600.0


def test_second_copy_of_the_same_message_is_a_duplicate() -> None:
    seen: dict[str, Any] = {}
    assert earlier_copy(seen, "a1", "h1", 0, 10, 1000.0, HOUR) is None
    dup = earlier_copy(seen, "a1", "h1", 0, 11, 1001.0, HOUR)
    assert dup is not None and dup["o"] == 10
    assert seen["a1"]["o"] == 10  # the original stays the reference


def test_a_replay_of_the_original_after_a_crash_is_processed_again() -> None:
    seen: dict[str, Any] = {}
    earlier_copy(seen, "a1", "h1", 2, 10, 1000.0, HOUR)
    assert earlier_copy(seen, "a1", "h1", 2, 10, 1500.0, HOUR) is None


def test_same_id_with_new_content_is_a_revision() -> None:
    seen: dict[str, Any] = {}
    earlier_copy(seen, "a1", "h1", 0, 10, 1000.0, HOUR)
    assert earlier_copy(seen, "a1", "h2", 0, 12, 1001.0, HOUR) is None
    assert seen["a1"]["h"] == "h2"
    # ...and a copy of the revision is a duplicate of the revision
    dup = earlier_copy(seen, "a1", "h2", 0, 13, 1002.0, HOUR)
    assert dup is not None and dup["o"] == 12


def test_a_copy_after_the_horizon_is_processed() -> None:
    seen: dict[str, Any] = {}
    earlier_copy(seen, "a1", "h1", 0, 10, 1000.0, HOUR)
    assert earlier_copy(seen, "a1", "h1", 0, 11, 1000.0 + HOUR + 1, HOUR) is None


def test_expiry_is_per_partition() -> None:
    seen: dict[str, Any] = {}
    earlier_copy(seen, "old0", "h", 0, 1, 0.0, HOUR)
    earlier_copy(seen, "old1", "h", 1, 1, 0.0, HOUR)
    earlier_copy(seen, "new0", "h", 0, 2, 2 * HOUR, HOUR)
    assert expired(seen, 0, 2 * HOUR, HOUR) == ["old0"]
    assert expired(seen, 1, 2 * HOUR, HOUR) == ["old1"]
