"""The command line, run for real on a small real corpus."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import PAGES, run_cli

FIELDS = {"id", "title", "subtitle", "byline", "column", "source", "page", "date", "date_inferred",
          "cities", "counties", "levels", "text"}


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "corpus"
    corpus.mkdir()
    for page in sorted(PAGES.glob("*.txt"))[:3]:
        shutil.copy(page, corpus / page.name)
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    done = run_cli("rebuild", "--corpus", str(corpus), "--index", str(root / "index"))
    assert done.returncode == 0, done.stderr
    return root, done.stdout


def test_rebuild_prints_a_summary_with_each_skipped_file_and_its_reason(cli_index):
    _, out = cli_index
    assert "rebuilt: 3 pages" in out
    assert "broken.txt: binary file" in out


@pytest.mark.parametrize("command", ["rebuild", "update", "export", "stats", "search", "explain"])
def test_every_command_has_help_with_an_example(command):
    done = run_cli(command, "--help")
    assert done.returncode == 0 and "Example" in done.stdout


def test_export_jsonl_has_every_field_for_every_article(cli_index):
    root, _ = cli_index
    done = run_cli("export", "--index", str(root / "index"))
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows and all(FIELDS <= set(r) for r in rows)
    assert all(r["source"] != "broken.txt" for r in rows)


def test_export_csv_opens_in_excel_as_utf8(cli_index):
    root, _ = cli_index
    raw = run_cli("export", "--index", str(root / "index"), "--format", "csv").stdout
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    jsonl = run_cli("export", "--index", str(root / "index")).stdout.splitlines()
    assert len(rows) == len(jsonl) and FIELDS <= set(rows[0])
    assert any("劳模" in r["text"] for r in rows)


def test_stats_counts_cities_levels_years_and_inferred_dates(cli_index):
    root, _ = cli_index
    stats = json.loads(run_cli("stats", "--index", str(root / "index"), "--json").stdout)
    exported = [json.loads(line) for line in run_cli("export", "--index", str(root / "index")).stdout.splitlines()]
    assert stats["articles"] == len(exported)
    assert stats["cities"]["阜阳"] == sum("阜阳" in r["cities"] for r in exported)
    assert stats["date_inferred"] == sum(bool(r["date_inferred"] and r["date"]) for r in exported)


def test_search_json_and_batch_agree(cli_index):
    root, _ = cli_index
    one = json.loads(run_cli("search", "劳模创新工作室", "--index", str(root / "index"), "--json").stdout)
    batch = run_cli("search", "--batch", "-", "--index", str(root / "index"),
                    stdin="劳模创新工作室\n\"abc\n市总工会\n").stdout.splitlines()
    first, broken, third = (json.loads(line) for line in batch)
    assert first["total"] == one["total"] == len(first["ids"]) > 0
    assert "error" in broken and "引号" in broken["error"]
    assert third["query"] == "市总工会" and third["total"] == len(third["ids"])


def test_bad_query_is_a_message_not_a_traceback(cli_index):
    root, _ = cli_index
    done = run_cli("search", "城市:北京", "--index", str(root / "index"))
    assert done.returncode == 2 and "没有这个城市" in done.stderr and "Traceback" not in done.stderr


def test_missing_index_says_which_command_to_run(tmp_path):
    done = run_cli("search", "劳模", "--index", str(tmp_path / "nothing"))
    assert done.returncode == 2 and "rebuild" in done.stderr and "Traceback" not in done.stderr


def test_update_indexes_a_new_issue_without_rebuilding(cli_index, tmp_path):
    root, _ = cli_index
    corpus = root / "corpus"
    issue = corpus / "2021" / "2021-04-14"
    issue.mkdir(parents=True, exist_ok=True)
    shutil.copy(PAGES / "004_4c385a978e0e8f57.txt", issue / "03.txt")
    done = run_cli("update", "--corpus", str(corpus), "--index", str(root / "index"))
    assert done.returncode == 0, done.stderr
    assert "pages added 1, changed 0, removed 0" in done.stdout
    hits = json.loads(run_cli("search", "四点半课堂", "--index", str(root / "index"), "--json").stdout)
    assert any(h["source"] == "2021/2021-04-14/03.txt" and h["date"] == "2021-04-14" and not h["date_inferred"]
               for h in hits["hits"])
