"""One index for one corpus: when files hold the same page, a stated rule picks the copy
indexed (the path-dated one, then the first path in sorted order), whatever the order of
discovery or the number of workers, and the report names each copy skipped."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from conftest import PAGES, run_cli
from indexer.ingest.corpus import choose_copies, discover, load_overrides

SAMPLES = sorted(PAGES.glob("*.txt"))
DATED = "2021/2021-11-12/02.txt"


def make_corpus(root: Path) -> Path:
    """Five distinct pages; one of them also saved undated before it in path order, and
    another saved twice without a date."""
    corpus = root / "corpus"
    for name, sample in [(DATED, SAMPLES[0]), ("00_r99.txt", SAMPLES[0]),
                         ("zz/b.txt", SAMPLES[1]), ("aa/b.txt", SAMPLES[1]),
                         ("2021/2021-11-13/01.txt", SAMPLES[2]), ("c.txt", SAMPLES[3]),
                         ("2021/2021-11-14/03.txt", SAMPLES[4])]:
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample, corpus / name)
    return corpus


def sources(paths, corpus):
    return sorted(p.relative_to(corpus).as_posix() for p in paths)


def test_the_dated_copy_wins_then_the_first_path_whatever_the_order(tmp_path):
    corpus = make_corpus(tmp_path)
    paths = list(discover(corpus))
    kept, skipped = choose_copies(paths, corpus, {})
    assert sources(kept, corpus) == sorted([DATED, "aa/b.txt", "2021/2021-11-13/01.txt", "c.txt",
                                            "2021/2021-11-14/03.txt"])
    assert [s.source for s in skipped] == ["00_r99.txt", "zz/b.txt"]
    assert DATED in skipped[0].reason and "aa/b.txt" in skipped[1].reason
    for seed in range(5):
        shuffled = paths[:]
        random.Random(seed).shuffle(shuffled)
        again, skipped_again = choose_copies(shuffled, corpus, {})
        assert sources(again, corpus) == sources(kept, corpus) and skipped_again == skipped


def test_a_date_from_the_override_file_counts_as_dated(tmp_path):
    corpus = make_corpus(tmp_path)
    (corpus / "overrides.toml").write_text('["zz/b.txt"]\ndate = "2021-11-20"\n', encoding="utf-8")
    kept, skipped = choose_copies(list(discover(corpus)), corpus, load_overrides(corpus))
    assert "zz/b.txt" in sources(kept, corpus) and "aa/b.txt" in [s.source for s in skipped]


def test_empty_and_unreadable_files_are_left_for_the_reader_to_report(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text("  \n", encoding="utf-8")
    kept, skipped = choose_copies(list(discover(corpus)), corpus, {})
    assert len(kept) == 2 and skipped == []


def export(index_dir: Path) -> str:
    done = run_cli("export", "--index", str(index_dir))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_one_and_two_workers_give_the_same_export_and_report(tmp_path):
    corpus = make_corpus(tmp_path)
    outputs = {}
    for procs in ("1", "2"):
        done = run_cli("rebuild", "--corpus", str(corpus), "--index", str(tmp_path / procs),
                       "--procs", procs)
        assert done.returncode == 0, done.stderr
        outputs[procs] = (export(tmp_path / procs), done.stdout.split(" in ")[0],
                          done.stdout.split("skipped")[1])
    assert outputs["1"] == outputs["2"]
    exported, summary, report = outputs["1"]
    assert "rebuilt: 5 pages" in summary
    assert "00_r99.txt: same content as 2021/2021-11-12/02.txt" in report
    assert "zz/b.txt: same content as aa/b.txt" in report
    rows = [json.loads(line) for line in exported.splitlines()]
    assert not [r for r in rows if r["source"] in ("00_r99.txt", "zz/b.txt")]
    dated = [r for r in rows if r["source"] == DATED]
    assert dated and all(r["date"] == "2021-11-12" and not r["date_inferred"] for r in dated)


@pytest.mark.slow
def test_an_update_that_adds_the_dated_copy_ends_as_a_rebuild_would(tmp_path):
    corpus = make_corpus(tmp_path)
    (corpus / DATED).unlink()
    assert run_cli("rebuild", "--corpus", str(corpus), "--index", str(tmp_path / "u"),
                   "--procs", "1").returncode == 0
    assert '"source": "00_r99.txt"' in export(tmp_path / "u")  # the only copy, so indexed
    shutil.copy(SAMPLES[0], corpus / DATED)
    done = run_cli("update", "--corpus", str(corpus), "--index", str(tmp_path / "u"))
    assert done.returncode == 0, done.stderr
    assert "00_r99.txt: same content as 2021/2021-11-12/02.txt" in done.stdout
    assert run_cli("rebuild", "--corpus", str(corpus), "--index", str(tmp_path / "r"),
                   "--procs", "1").returncode == 0
    assert export(tmp_path / "u") == export(tmp_path / "r")
