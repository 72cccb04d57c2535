"""Reading the extractor's output back, and checking its contract."""

from pathlib import Path

from tocsin.evaluation.runner import read_predictions


def test_contract_problems_are_counted(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    out.write_text(
        '{"id": "b", "incidents": []}\n'
        '{"id": "a", "incidents": [{"background": false}], "error": null}\n'
        "not json\n"
        '{"id": "zz", "incidents": []}\n'
        '{"id": "a", "incidents": []}\n'
        '{"id": "d", "incidents": [], "error": "too long"}\n'
    )
    preds, contract = read_predictions(out, ["a", "b", "c", "d"])
    assert len(preds["a"].incidents) == 1
    assert preds["c"].error == "no output line" and preds["c"].incidents == []
    assert preds["d"].error == "too long"
    assert contract["missing"] == 1 and contract["missing_ids"] == ["c"]
    assert contract["bad_lines"] == 1
    assert contract["unknown_ids"] == 1
    assert contract["duplicates"] == 1
    assert contract["in_input_order"] is False
    assert contract["article_errors"] == 1


def test_missing_output_file(tmp_path: Path) -> None:
    preds, contract = read_predictions(tmp_path / "absent.jsonl", ["a"])
    assert contract["output_exists"] is False
    assert preds["a"].error == "no output line"
