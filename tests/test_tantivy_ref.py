"""The Tantivy reference of the benchmark finds what our search finds, on the real sample pages.

Skipped (with the reason) when the optional ``bench`` extra is not installed.
Strings are drawn from the sample articles themselves: one character, two,
longer ones, several terms, OR, NOT, and a city filter, so that an
error in the translation (positions, folding, filters) shows as a count.
"""

from __future__ import annotations

import pytest

pytest.importorskip("tantivy", reason="the optional bench extra (pip install -e '.[bench]') is not installed")

from bench import tantivy_ref  # noqa: E402
from indexer.search.engine import count, parse_params  # noqa: E402


@pytest.fixture(scope="module")
def reference(all_records, tmp_path_factory):
    path = tmp_path_factory.mktemp("tantivy")
    assert tantivy_ref.build(path, all_records) == len(all_records)
    return tantivy_ref.Reference(path)


def queries(all_records) -> list[tuple[str, dict]]:
    text = next(r for r in all_records if len(r["text"]) > 200)["text"]
    strings = [s for s in (text[10:11], text[20:22], text[40:44], text[60:67]) if s.strip() == s and s]
    title = next(r for r in all_records if len(r["title"]) >= 4)["title"][:4]
    city = next(c for r in all_records for c in r["cities"])
    return ([(s, {}) for s in strings + [title, "工会", "职工", "劳模"]]
            + [(f"{strings[1]} {strings[2]}", {}), (f"工会 OR {title}", {}), ("工会 -职工", {}),
               ("工会", {"city": city})])


def test_tantivy_counts_equal_ours_for_strings_of_every_length_and_the_operators(archive, all_records,
                                                                                 reference):
    differ = []
    for q, extra in queries(all_records):
        ours = count(archive, parse_params(q, city=[extra["city"]] if "city" in extra else ()))
        theirs = reference.search(q, extra)
        if ours != theirs["total"]:
            differ.append((q, extra, ours, theirs["total"]))
    assert differ == []


def test_tantivy_answers_with_a_city_facet_and_at_most_20_snippets(all_records, reference):
    result = reference.search("工会", {})
    assert result["total"] > 0
    assert 0 < len(result["snippets"]) <= 20 and all("<b>" in s for s in result["snippets"])
    assert sum(b["doc_count"] for b in result["facet"]) >= 1
