"""The word-list data files share one loader and one comment rule."""

from indexer.wordlists import entries

LISTS = ("columns.txt", "synonyms.txt", "userdict.txt", "layout_byline_roles.txt", "layout_author_titles.txt")


def test_no_list_yields_a_comment_or_an_empty_entry():
    for name in LISTS:
        got = entries(name)
        assert got, name
        assert all(e and "#" not in e and e == e.strip() for e in got), name


def test_spaces_inside_an_entry_are_kept():
    assert "基层 短播" in entries("columns.txt")


def test_a_comment_after_an_entry_is_dropped(tmp_path, monkeypatch):
    from importlib import resources

    (tmp_path / "demo.txt").write_text("# heading\n劳模 劳动模范  # a trailing note\n\n  工匠\n", encoding="utf-8")
    monkeypatch.setattr(resources, "files", lambda _pkg: tmp_path)
    entries.cache_clear()
    try:
        assert entries("demo.txt") == ("劳模 劳动模范", "工匠")
    finally:
        entries.cache_clear()
