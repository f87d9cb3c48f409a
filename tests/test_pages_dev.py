"""The real rebuild on the development pages (../shared/pages-dev), scored against their gold.

Runs `python -m indexer rebuild` and `export` for real and scores the export
with ../shared/tools/score_articles.py, as a researcher would (see
docs/INGESTION.md for the table). The floors are the scores reached when the
boundary rules last changed: boundaries (found, whole, records that are no
article) are asserted exactly per part; all right is a floor, since the labels
are tuned at the same time. Skipped when ../shared is not there.
"""

import pytest

from conftest import ROOT
from scoring import SCORER, rebuild_and_score

SHARED = ROOT.parent / "shared"
DEV = SHARED / "pages-dev"

# part → (articles, found, whole, extras, all right at least)
FLOORS = {
    "2024/": (64, 64, 64, 0, 64),
    "2025/": (33, 33, 33, 0, 33),
}

pytestmark = pytest.mark.skipif(not (DEV / "gold.json").is_file() or not SCORER.is_file(),
                                reason="../shared/pages-dev or its scorer is not here")


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    index = tmp_path_factory.mktemp("pages-dev") / "index"
    return rebuild_and_score(DEV / "corpus", DEV / "gold.json", index)


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_pages_dev_scores_hold(scored, part):
    rows, extras = scored
    rows = [row for row in rows if row["file"].startswith(part)]
    articles, found, whole, no_article, all_right = FLOORS[part]
    bad = [f"{row['file']} {row['title'][:20]}: {'; '.join(row['notes'])}" for row in rows if not row["all"]]
    assert len(rows) == articles
    assert sum(row["found"] for row in rows) == found, bad
    assert sum(row["whole"] for row in rows) == whole, bad
    assert sum(1 for record in extras if part in str(record.get("source", ""))) == no_article
    assert sum(row["all"] for row in rows) >= all_right, bad
