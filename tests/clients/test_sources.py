"""Reading articles: every candidate keeps its origin; unreadable input is a candidate with an error, not dropped."""

from __future__ import annotations

import io
from pathlib import Path

from tocsin.clients.sources import expand, html_to_article, read_candidates

# Sentence from the seed article shared/seeds/000_ab7640e8a7088d5b.txt
SEED = "Un drone américain « s’est écrasé près de la base aérienne de Balad, en Irak », tard jeudi soir."


def test_jsonl_reports_bad_lines_with_their_number(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n\n{not json\n[1, 2]\n', encoding="utf-8")
    got = list(read_candidates([path]))
    assert [c.origin for c in got] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    assert got[0].article == {"id": "a", "text": "x"}
    assert got[1].article is None and "not JSON" in (got[1].error or "")
    assert "JSON object" in (got[2].error or "")


def test_json_file_holds_one_article_or_a_list(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text('{"id": "a", "text": "x"}', encoding="utf-8")
    (tmp_path / "many.json").write_text(
        '[{"id": "b", "text": "y"}, {"id": "c", "text": "z"}]', encoding="utf-8"
    )
    got = list(read_candidates([tmp_path / "one.json", tmp_path / "many.json"]))
    assert [c.article["id"] for c in got if c.article] == ["a", "b", "c"]
    assert got[2].origin.endswith("many.json[1]")


def test_text_file_id_and_dateline(tmp_path: Path) -> None:
    path = tmp_path / "balad.txt"
    path.write_text(f" date 2024-01 {SEED}", encoding="utf-8")
    (candidate,) = read_candidates([path])
    assert candidate.article == {"id": "balad", "text": f" date 2024-01 {SEED}", "published": "2024-01"}


def test_text_file_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("base aérienne".encode("latin-1"))
    (candidate,) = read_candidates([path])
    assert candidate.article is None and "utf-8" in (candidate.error or "")


def test_folder_is_walked_in_order_with_nested_ids_and_ignored_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "a.html").write_text(f"<p>{SEED}</p>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    expanded = expand([tmp_path])
    assert [p.name for p, _ in expanded.files] == ["b.txt", "a.html"]
    assert [p.name for p in expanded.ignored] == ["notes.md"]
    ids = [c.article["id"] for c in read_candidates([tmp_path]) if c.article]
    assert ids == ["b", "fr/a"]


def test_html_page_to_article() -> None:
    html = f"""<!doctype html><html lang="fr-FR"><head><meta charset="utf-8">
      <title>Irak : un drone abattu</title>
      <link rel="canonical" href="https://example.org/balad">
      <meta property="article:published_time" content="2024-01-19T10:02:11Z">
      <script>var tracking = 1;</script><style>p {{ color: red }}</style></head>
      <body><nav>Accueil | Monde</nav><article><h1>Un drone abattu</h1><p>{SEED}</p><p>Second paragraphe.</p>
      </article><footer>© Journal</footer></body></html>"""
    article, warnings = html_to_article(html, "p1")
    assert warnings == []
    assert article["id"] == "p1"
    assert article["title"] == "Irak : un drone abattu"
    assert article["url"] == "https://example.org/balad"
    assert article["language"] == "fr"
    assert article["published"] == "2024-01-19T10:02:11+00:00"
    assert SEED in article["text"]
    assert "\n" in article["text"].split(SEED)[1]  # paragraphs stay on their own lines
    for boilerplate in ("tracking", "color", "Accueil", "Journal"):
        assert boilerplate not in article["text"]


def test_html_declared_charset_and_unreadable_metadata(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    path.write_bytes(
        b'<html lang="??"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        b'<meta name="date" content="vendredi"></head><body><p>base a\xe9rienne de Balad</p></body></html>'
    )
    (candidate,) = read_candidates([path])
    assert candidate.article is not None
    assert "base aérienne de Balad" in candidate.article["text"]
    assert "published" not in candidate.article and "language" not in candidate.article
    assert len(candidate.warnings) == 2


def test_stdin_formats() -> None:
    jsonl = io.BytesIO(b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n')
    assert [c.origin for c in read_candidates(["-"], stdin=jsonl)] == ["<stdin>:1", "<stdin>:2"]
    text = io.BytesIO(SEED.encode())
    (one,) = read_candidates(["-"], stdin=text, stdin_format="txt")
    assert one.article is not None and one.article["id"].startswith("stdin-")
    (named,) = read_candidates(["-"], stdin=io.BytesIO(b"<p>x</p>"), stdin_format="html", stdin_id="mine")
    assert named.article is not None and named.article["id"] == "mine"
