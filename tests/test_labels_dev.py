"""Labels measured on whole articles: the gold articles of ../shared/pages-dev, cut by gold.

The blind audit pages of tests/data/pages-audit are scored the same way. Each gold
article's own text (headline, org line, subtitle, body, closing byline) is
labelled by ``metadata.describe``, so cities and levels are scored whatever ``segment``
does with the page. The floors are the numbers reached; a change that loses an
article fails here. See ``tests/gold_cut.py`` to print the articles that disagree.
"""

from __future__ import annotations

import pytest

from gold_cut import AUDIT, DEV, label_rows
from indexer.ingest.metadata import describe

needs_dev = pytest.mark.skipif(
    not (DEV / "gold.json").exists(), reason=f"{DEV} is not here (../shared is not mounted)"
)

# (articles, cities right, levels right) reached on each part; before this work:
# part 1 62/58 of 64, part 2 28/28 of 33.
FLOORS = {"2024/": (64, 64, 64), "2025/": (33, 33, 33)}
# The blind audit pages of tests/data/pages-audit (written by the audit helper, gold first).
AUDIT_FLOOR = (244, 244, 244)


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return label_rows(describe)


@needs_dev
@pytest.mark.parametrize("part", sorted(FLOORS))
def test_gold_cut_articles_get_the_cities_and_levels_of_gold(rows, part):
    articles, cities, levels = FLOORS[part]
    mine = [row for row in rows if row["file"].startswith(part)]
    wrong = [(r["title"], r["labels"]["cities"], r["labels"]["levels"]) for r in mine
             if not (r["cities"] and r["levels"])]
    assert len(mine) == articles
    assert sum(r["cities"] for r in mine) >= cities, wrong
    assert sum(r["levels"] for r in mine) >= levels, wrong


def test_gold_cut_audit_articles_get_the_cities_and_levels_of_gold():
    rows = label_rows(describe, AUDIT)
    articles, cities, levels = AUDIT_FLOOR
    wrong = [r["title"] for r in rows if not (r["cities"] and r["levels"])]
    assert len(rows) == articles
    assert sum(r["cities"] for r in rows) >= cities, wrong
    assert sum(r["levels"] for r in rows) >= levels, wrong


@needs_dev
def test_every_label_of_a_gold_article_has_its_evidence(rows):
    for row in rows:
        labels = row["labels"]
        given = {("city", c) for c in labels["cities"]} | {("level", lv) for lv in labels["levels"]}
        proven = {(e["label"], e["value"]) for e in labels["evidence"]}
        assert given <= proven, row["title"]
