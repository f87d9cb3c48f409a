"""The real rebuild on the audit pages (tests/data/pages-audit), scored against their gold.

Thirty-three pages (244 articles) written blind for issue 13, in nineteen rounds (3 pages,
then 1 to 3 more after fixing what each round showed), by the rules of
../shared/ANNOTATION.md, on the structure of real reports about Anhui unions
other than those behind ../shared/pages-dev; gold.json was written before any
program ran on them and is never changed to match a program. They stand in for
the held-out pages: a rule tuned to pages-dev that does not generalise shows
here. Runs `python -m indexer rebuild` and `export` for real and scores the
export with ../shared/tools/score_articles.py (skipped when ../shared is not
there). Floors per page: found, whole and all right at least, records that are
no article at most (docs/INGESTION.md has the table).
"""

import pytest

from conftest import ROOT
from scoring import SCORER, rebuild_and_score

AUDIT = ROOT / "tests" / "data" / "pages-audit"

# page → (articles, found at least, whole at least, extras at most, all right at least)
FLOORS = {
    "2023/2023-04-18/02.txt": (9, 9, 9, 0, 9),
    "2023/2023-06-20/03.txt": (9, 9, 9, 0, 9),
    "2023/2023-11-14/02.txt": (8, 8, 8, 0, 8),
    # second blind round, written after the fixes the first three pages led to
    "2023/2023-08-15/03.txt": (10, 10, 10, 0, 10),
    "2023/2023-12-19/02.txt": (8, 8, 8, 0, 8),
    # third blind round, written after the round-2 fix
    "2023/2023-02-21/02.txt": (10, 10, 10, 0, 10),
    "2023/2023-09-26/03.txt": (9, 9, 9, 0, 9),
    # fourth blind round, written after the round-3 fixes
    "2023/2023-03-28/03.txt": (7, 7, 7, 0, 7),
    "2023/2023-07-11/02.txt": (7, 7, 7, 0, 7),
    # fifth blind round, written after the round-4 fixes
    "2023/2023-01-10/02.txt": (9, 9, 9, 0, 9),
    "2023/2023-10-17/03.txt": (8, 8, 8, 0, 8),
    # sixth blind round, written after the round-5 fixes
    "2023/2023-05-23/02.txt": (7, 7, 7, 0, 7),
    "2023/2023-12-05/03.txt": (7, 7, 7, 0, 7),
    # seventh blind round, written after the round-6 fix
    "2023/2023-02-07/03.txt": (6, 6, 6, 0, 6),
    "2023/2023-06-06/02.txt": (5, 5, 5, 0, 5),
    # eighth blind round, written after the round-7 fix
    "2023/2023-08-29/02.txt": (5, 5, 5, 0, 5),
    # ninth blind round (all right before any change)
    "2023/2023-03-07/03.txt": (6, 6, 6, 0, 6),
    # tenth blind round (audit2; 2022 pages, all right before any change)
    "2022/2022-04-26/02.txt": (8, 8, 8, 0, 8),
    "2022/2022-09-20/03.txt": (7, 7, 7, 0, 7),
    # eleventh blind round (audit2; all right before any change)
    "2022/2022-06-14/02.txt": (7, 7, 7, 0, 7),
    "2022/2022-11-29/03.txt": (7, 7, 7, 0, 7),
    # twelfth blind round (audit2): 5 of 7 on the first run, 7 after the month-lead fix
    "2022/2022-08-09/02.txt": (7, 7, 7, 0, 7),
    # thirteenth blind round (audit2): 5 of 7 on the first run, 7 after the purpose-clause fix
    "2022/2022-12-27/03.txt": (7, 7, 7, 0, 7),
    # fourteenth blind round (audit2): 5 of 6 on the first run, 6 after the OCR-break fix
    "2022/2022-02-22/02.txt": (6, 6, 6, 0, 6),
    # fifteenth blind round (audit2): 2 of 5 on the first run, 5 after the scene-lead fix
    "2022/2022-05-31/02.txt": (5, 5, 5, 0, 5),
    # sixteenth blind round (audit3; 2020 pages, the everyday mix): 14 of 15 on the first run
    # (a town's 小微企业联合工会 read 企业, the rules say 乡镇街道); 15 after the joint-union fix
    "2020/2020-05-19/02.txt": (8, 8, 8, 0, 8),
    "2020/2020-10-27/03.txt": (7, 7, 7, 0, 7),
    # seventeenth blind round (audit4; 2021 and 2019 pages): 15 of 23 on the first run (a day
    # without its month, a quotation then the date, a clock time opening a brief's lead; a
    # second caption with its credit on its line; an industrial park's 工会联合会); 23 after
    "2021/2021-03-16/02.txt": (8, 8, 8, 0, 8),
    "2021/2021-09-14/03.txt": (8, 8, 8, 0, 8),
    "2019/2019-06-18/02.txt": (7, 7, 7, 0, 7),
    # eighteenth blind round (audit4; written after the round-17 fixes): 9 of 14 on the first run
    # (leads opening 一大早， and 记者11月22日从…获悉，; 桃花潭镇工会 read as a landmark's workplace
    # union); 14 after
    "2021/2021-06-22/03.txt": (7, 7, 7, 0, 7),
    "2019/2019-11-26/02.txt": (7, 7, 7, 0, 7),
    # nineteenth blind round (audit4; 2018): 6 of 8 on the first run (a lead opening
    # 伴随着欢快的锣鼓声，); 8 after
    "2018/2018-09-18/03.txt": (8, 8, 8, 0, 8),
}

pytestmark = pytest.mark.skipif(not SCORER.is_file(), reason="../shared/tools/score_articles.py is not here")


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    index = tmp_path_factory.mktemp("pages-audit") / "index"
    return rebuild_and_score(AUDIT / "corpus", AUDIT / "gold.json", index)


def test_every_audit_page_is_scored(scored):
    rows, _ = scored
    assert sorted({row["file"] for row in rows}) == sorted(FLOORS)


@pytest.mark.parametrize("page", sorted(FLOORS))
def test_pages_audit_scores_hold(scored, page):
    rows, extras = scored
    rows = [row for row in rows if row["file"] == page]
    articles, found, whole, no_article, all_right = FLOORS[page]
    bad = [f"{row['title'][:20]}: {'; '.join(row['notes'])}" for row in rows if not row["all"]]
    assert len(rows) == articles
    assert sum(row["found"] for row in rows) >= found, bad
    assert sum(row["whole"] for row in rows) >= whole, bad
    assert sum(1 for record in extras if str(record.get("source", "")).replace("\\", "/").endswith(page)) <= no_article
    assert sum(row["all"] for row in rows) >= all_right, bad
