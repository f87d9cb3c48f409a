"""Reading page files: encodings, dates from paths, overrides, and bad files reported."""

import os
from pathlib import Path

import pytest

from indexer.ingest.corpus import PageError, load_overrides, path_date, path_page, read_page

SEED = (Path(__file__).parent / "data" / "pages" / "004_4c385a978e0e8f57.txt").read_text(encoding="utf-8")


def write(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_path_names_the_issue_date_and_page():
    assert path_date("2021/2021-11-12/03.txt") == "2021-11-12"
    assert path_page("2021/2021-11-12/03.txt") == 3


def test_impossible_date_folder_is_refused_with_its_reason():
    with pytest.raises(PageError, match="2022-13-45"):
        path_date("2022/2022-13-45/01.txt")


def test_path_dated_page_is_not_marked_inferred(tmp_path):
    page = read_page(write(tmp_path, "2021/2021-04-14/02.txt", SEED.encode()), tmp_path, {})
    assert (page.date, page.date_inferred, page.page) == ("2021-04-14", False, 2)


def test_undated_page_gets_an_inferred_date_marked_as_such(tmp_path):
    page = read_page(write(tmp_path, "004.txt", SEED.encode()), tmp_path, {})
    assert page.date_inferred is True
    assert page.date is None or page.date.startswith("2021-04")


def test_utf8_with_bom_and_gbk_pages_read_the_same(tmp_path):
    utf8 = read_page(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + SEED.encode()), tmp_path, {})
    gbk = read_page(write(tmp_path, "b.txt", SEED.encode("gb18030")), tmp_path, {})
    assert utf8.text == gbk.text == SEED.replace("\r\n", "\n")


def test_override_file_corrects_date_and_page(tmp_path):
    write(tmp_path, "overrides.toml", '["004.txt"]\ndate = "2021-04-15"\npage = 4\n'.encode())
    path = write(tmp_path, "004.txt", SEED.encode())
    page = read_page(path, tmp_path, load_overrides(tmp_path))
    assert (page.date, page.date_inferred, page.page) == ("2021-04-15", False, 4)


def test_broken_override_file_says_what_is_wrong(tmp_path):
    write(tmp_path, "overrides.toml", '["004.txt"]\ndate = "2021-02-30"\n'.encode())
    with pytest.raises(PageError, match="2021-02-30"):
        load_overrides(tmp_path)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (b"\xe5\x8a\xb3 \x81\x30\xff\xff \xe6", "decoded"),
])
def test_unusable_files_are_refused_with_a_clear_reason(tmp_path, data, reason):
    with pytest.raises(PageError, match=reason):
        read_page(write(tmp_path, "bad.txt", data), tmp_path, {})


def test_link_to_a_file_outside_the_corpus_is_refused(tmp_path):
    outside = write(tmp_path / "elsewhere", "secret.txt", SEED.encode())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.symlink(outside, corpus / "link.txt")
    with pytest.raises(PageError, match="outside"):
        read_page(corpus / "link.txt", corpus, {})


def test_a_pages_source_is_relative_to_the_corpus_with_forward_slashes(tmp_path):
    from indexer.ingest.corpus import relative_source

    root = tmp_path / "corpus"
    assert relative_source(root / "2023" / "2023-04-18" / "02.txt", root) == "2023/2023-04-18/02.txt"
    assert relative_source(root / "p.txt", root) == "p.txt"
    with pytest.raises(ValueError):  # a sibling folder whose name starts like the corpus's
        relative_source(tmp_path / "corpus2" / "p.txt", root)
