"""The whole harness on a 3-article synthetic set, with a fake extractor subprocess."""

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.evaluation.helpers import gold_incident, incident
from tocsin.evaluation.__main__ import main

# Canned output per article id: what a real `tocsin extract` would have printed.
_CANNED = {
    "s1": [incident(country="IQ", admin1="Baghdad", sub_event_type="Armed clash")],
    "s2": [],
    "s3": [incident(country="FR")],
}

_FAKE_EXTRACTOR = """
import json, sys
args = sys.argv[1:]
src, dst = args[args.index("--input") + 1], args[args.index("--output") + 1]
canned = json.load(open(sys.argv[0] + ".canned.json"))
with open(src) as fin, open(dst, "w") as fout:
    for line in fin:
        article = json.loads(line)
        fout.write(json.dumps({"id": article["id"], "incidents": canned[article["id"]]}) + "\\n")
"""


def _dataset(eval_dir: Path) -> None:
    rows: list[dict[str, Any]] = [
        {
            "id": "s1",
            "language": "en",
            "published": "2024-01-05",
            "url": None,
            "text": " date 2024-01-05 Synthetic text: gunmen attacked a checkpoint in Baghdad.",
            "negative": False,
            "incidents": [gold_incident(country="IQ", admin1="Baghdad", sub_event_type="Armed clash")],
        },
        {
            "id": "s2",
            "language": "fr",
            "published": None,
            "url": None,
            "text": "Texte synthétique : une frappe a touché un dépôt à Rafah.",
            "negative": False,
            "incidents": [gold_incident(country="PS", admin1="Gaza Strip")],
        },
        {
            "id": "s3",
            "language": "fr",
            "published": "2024-03",
            "url": None,
            "text": "Texte synthétique : la meilleure attaque, c'est la défense.",
            "negative": True,
            "incidents": [],
        },
    ]
    eval_dir.mkdir()
    (eval_dir / "news_dev_gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


@pytest.fixture
def fake_extractor(tmp_path: Path) -> str:
    script = tmp_path / "fake_extract.py"
    script.write_text(_FAKE_EXTRACTOR)
    (tmp_path / "fake_extract.py.canned.json").write_text(json.dumps(_CANNED))
    return f"{sys.executable} {script}"


def test_harness_end_to_end(tmp_path: Path, fake_extractor: str) -> None:
    _dataset(tmp_path / "eval")
    reports = tmp_path / "reports"
    common = ["--eval-dir", str(tmp_path / "eval"), "--reports-dir", str(reports), "--sets", "dev"]
    assert main([*common, "--extract-cmd", fake_extractor]) == 0

    articles = [json.loads(x) for x in (reports / "eval/work/dev.articles.jsonl").read_text().splitlines()]
    assert [a["published"] for a in articles] == ["2024-01-05", None, "2024-03"]
    assert articles[0]["text"].startswith(" date 2024-01-05") and articles[0]["title"] is None

    report = json.loads((reports / "eval.json").read_text())
    dev = report["sets"]["dev"]
    assert dev["metrics"]["incidents"]["tp"] == 1
    assert dev["metrics"]["incidents"]["fn"] == 1
    assert dev["metrics"]["incidents"]["fp"] == 1
    assert dev["metrics"]["negatives_with_incident_ids"] == ["s3"]
    assert dev["run"]["articles"] == 3 and dev["run"]["articles_per_second"] > 0
    assert dev["run"]["contract"]["missing"] == 0 and dev["run"]["contract"]["in_input_order"]
    assert report["targets_total"] == 7
    f1 = next(t for t in report["targets"] if t["name"] == "incident F1")
    assert f1["value"] == pytest.approx(0.5) and f1["met"] is False

    markdown = (reports / "eval.md").read_text()
    assert "| dev | incident F1 | 0.500 | >= 0.85 | **missed** |" in markdown
    assert "| s3 | fr | 0 | 1 |" in markdown
    errors = [json.loads(x) for x in (reports / "eval/errors/dev.jsonl").read_text().splitlines()]
    assert {e["field"] for e in errors} == {"missed_incident", "spurious_incident"}

    # Re-scoring the saved predictions gives the same numbers without running anything.
    assert (
        main([*common, "--predictions-dir", str(reports / "eval/work"), "--extract-cmd", "/nonexistent"]) == 0
    )
    again = json.loads((reports / "eval.json").read_text())
    assert again["sets"]["dev"]["metrics"] == dev["metrics"]
    assert again["sets"]["dev"]["run"]["rescored_from"].endswith("dev.pred.jsonl")


def test_limit_and_failing_extractor(tmp_path: Path) -> None:
    _dataset(tmp_path / "eval")
    reports = tmp_path / "reports"
    failing = f"{sys.executable} -c 'import sys; sys.exit(3)'"
    argv = [
        "--eval-dir",
        str(tmp_path / "eval"),
        "--reports-dir",
        str(reports),
        "--sets",
        "dev",
        "--limit",
        "2",
    ]
    assert main([*argv, "--extract-cmd", failing]) == 1
    report = json.loads((reports / "eval.json").read_text())
    run = report["sets"]["dev"]["run"]
    assert run["returncode"] == 3 and run["articles"] == 2
    assert run["contract"]["missing"] == 2
    assert "exited with 3" in (reports / "eval.md").read_text()


def test_unknown_set_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--sets", "dev,nope", "--reports-dir", str(tmp_path)])
