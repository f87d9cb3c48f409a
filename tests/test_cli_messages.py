"""Mistakes a user can make on the command line give one line saying what to do, a
non-zero exit code and no traceback."""

from __future__ import annotations

import pytest

from conftest import run_cli


def _one_line_error(done) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_a_missing_batch_file_is_named(built_index, tmp_path):
    missing = tmp_path / "missing.txt"
    line = _one_line_error(run_cli("search", "--batch", str(missing), "--index", str(built_index)))
    assert str(missing) in line and "does not exist" in line


def test_a_batch_file_that_is_not_utf8_says_so(built_index, tmp_path):
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("劳模\n工匠\n".encode("gbk"))
    line = _one_line_error(run_cli("search", "--batch", str(bad), "--index", str(built_index)))
    assert "UTF-8" in line


def test_a_batch_file_that_exists_still_works(built_index, tmp_path):
    good = tmp_path / "queries.txt"
    good.write_text("劳模\n\n工会\n", encoding="utf-8")
    done = run_cli("search", "--batch", str(good), "--index", str(built_index))
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2


@pytest.mark.parametrize("command", [["search", "劳模"], ["stats"], ["export"]])
def test_a_missing_index_folder_says_to_rebuild(tmp_path, command):
    line = _one_line_error(run_cli(*command, "--index", str(tmp_path / "nothere")))
    assert "rebuild" in line


@pytest.mark.parametrize("command", [["search", "劳模"], ["stats"], ["export"], ["update"],
                                     ["rebuild", "--corpus", "tests/data/pages"]])
def test_a_foreign_folder_given_as_index_is_refused(tmp_path, command):
    foreign = tmp_path / "papers"
    foreign.mkdir()
    (foreign / "notes.docx").write_bytes(b"PK\x03\x04")
    line = _one_line_error(run_cli(*command, "--index", str(foreign)))
    assert "not an index folder" in line and "notes.docx" in line
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.docx"]  # nothing written


def test_a_damaged_generation_says_to_rebuild(tmp_path):
    broken = tmp_path / "index"
    (broken / "gen-000001").mkdir(parents=True)
    (broken / "CURRENT").write_text("gen-000001", encoding="utf-8")
    line = _one_line_error(run_cli("stats", "--index", str(broken)))
    assert "rebuild" in line


def test_a_new_folder_holding_only_what_the_desktop_leaves_is_rebuilt_into(tmp_path):
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf")
    done = run_cli("rebuild", "--corpus", "tests/data/pages", "--index", str(folder), "--procs", "1")
    assert done.returncode == 0, done.stderr
    assert run_cli("stats", "--index", str(folder)).returncode == 0
