"""corpus/corrections.toml: a researcher's fixes of boundaries and labels, kept across rebuilds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import PAGES, run_cli
from indexer.ingest.articles import page_articles
from indexer.ingest.corpus import read_page
from indexer.ingest.corrections import CorrectionsError, load_corrections, parse_corrections, split_draft
from indexer.ingest.model import ArticleDraft
from indexer.search.export import records
from indexer.storage import store, workers
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.writer import rebuild, update

PAGE = "000_4bf4922956c613dc.txt"  # 为有源头活水来 (a feature with subheads), then briefs
FEATURE = "为有源头活水来"
SUBHEAD = "精神引领，宣讲带动"
BRIEF = "阜阳：推进新业态劳动者入会"
NEXT_BRIEF = "芜湖：10个“劳模助力乡村振兴示范基地”命名授牌"


def articles_with(toml: str, page: str = PAGE) -> tuple[list, object]:
    """Cut a sample page with the given corrections; return its articles and the corrector."""
    corrector = parse_corrections(_toml(toml)).for_page(page)
    return page_articles(read_page(PAGES / page, PAGES, {}), corrector), corrector


def _toml(text: str) -> dict:
    import tomllib

    return tomllib.loads(text)


def by_title(articles: list, title: str):
    return next(a for a in articles if a.title == title)


def fix(body: str, page: str = PAGE) -> str:
    return f'[[page]]\npath = "{page}"\n\n[[page.fix]]\n{body}\n'


def test_split_before_a_subhead_line_makes_it_the_headline_of_a_new_article():
    before = page_articles(read_page(PAGES / PAGE, PAGES, {}))
    articles, corrector = articles_with(fix(f'article = "{FEATURE}"\nsplit_before = "{SUBHEAD}"'))
    assert len(articles) == len(before) + 1
    first, second = articles[0], articles[1]
    assert (first.title, second.title) == (FEATURE, SUBHEAD)
    assert SUBHEAD not in first.text and second.text.startswith("遴选市各级劳模组成宣讲报告团")
    assert "\n".join([first.text, SUBHEAD, second.text]) == before[0].text  # no text lost
    assert [a.seq for a in articles] == list(range(1, len(articles) + 1))
    # the byline printed at the end of the feature goes with the part that prints it
    assert second.byline == ["徐希涛", "何遐"] and first.byline == []
    assert corrector.report()["stale"] == []


def test_split_before_a_headline_the_ocr_glued_onto_the_text_above_it():
    feature = page_articles(read_page(PAGES / PAGE, PAGES, {}))[0]
    draft = ArticleDraft(title=FEATURE, paragraphs=feature.text.split("\n"), byline=feature.byline)
    at = draft.paragraphs.index(SUBHEAD)
    draft.paragraphs[at - 1:at + 1] = [draft.paragraphs[at - 1] + " " + SUBHEAD]  # glued
    first, second = split_draft(draft, SUBHEAD)
    assert second.title == SUBHEAD and second.paragraphs[0].startswith("遴选市各级劳模")
    assert first.paragraphs[-1] == feature.text.split("\n")[at - 1]


def test_split_inside_a_paragraph_with_new_title_takes_the_glued_headline_off_the_text():
    brief = next(a for a in page_articles(read_page(PAGES / PAGE, PAGES, {})) if a.title == BRIEF)
    paragraphs = brief.text.split("\n")
    glued = paragraphs[0] + "职工书屋揭牌 本报讯 日前，某县总工会为职工书屋揭牌。"
    draft = ArticleDraft(title=BRIEF, paragraphs=[glued] + paragraphs[1:])
    first, second = split_draft(draft, "职工书屋揭牌 本报讯", new_title="职工书屋揭牌")
    assert first.paragraphs == [paragraphs[0]]
    assert second.title == "职工书屋揭牌"
    assert second.paragraphs[0] == "本报讯 日前，某县总工会为职工书屋揭牌。"
    assert second.paragraphs[1:] == paragraphs[1:]
    # a later fix may name the new article by its new title
    toml = fix(f'article = "{BRIEF}"\nsplit_before = "会议强调"\nnew_title = "强化工作重点"')
    toml += '\n[[page.fix]]\narticle = "强化工作重点"\nlevels = ["县区级"]\n'
    articles, corrector = articles_with(toml)
    created = by_title(articles, "强化工作重点")
    assert created.text.startswith("会议强调，要强化工作重点") and created.levels == ["县区级"]
    assert len(corrector.report()["applied"]) == 2


def test_join_next_makes_one_article_of_two_briefs():
    before = page_articles(read_page(PAGES / PAGE, PAGES, {}))
    articles, _ = articles_with(fix(f'article = "{BRIEF}"\njoin_next = true'))
    assert len(articles) == len(before) - 1
    joined = by_title(articles, BRIEF)
    assert NEXT_BRIEF in joined.text.split("\n")  # the second headline is kept as a subhead
    assert all(a.title != NEXT_BRIEF for a in articles)
    assert joined.byline == ["杨宁宇", "芮娟"]
    assert set(joined.cities) == {"阜阳", "芜湖"}  # labels are computed on the joined text


def test_set_labels_replace_the_computed_ones_and_the_evidence_says_correction():
    articles, _ = articles_with(fix(f'article = "{BRIEF}"\ncities = ["合肥", "阜阳"]\nlevels = ["省级"]'))
    brief = by_title(articles, BRIEF)
    assert brief.cities == ["合肥", "阜阳"] and brief.levels == ["省级"]
    labelled = {(e["label"], e["value"]): e for e in brief.evidence}
    assert {k for k in labelled if k[0] in ("city", "level")} == {
        ("city", "合肥"), ("city", "阜阳"), ("level", "省级")}
    for key in (("city", "合肥"), ("level", "省级")):
        assert labelled[key]["rule"] == "correction"
        assert "corrections.toml" in labelled[key]["text"] and BRIEF in labelled[key]["text"]


def test_set_title_byline_and_column_and_later_fixes_may_use_either_headline():
    toml = fix(f'article = "{BRIEF}"\ntitle = "阜阳市总工会推进新业态劳动者入会"\n'
               'byline = ["杨宁宇", "张三"]\ncolumn = "基层短播"')
    toml += f'\n[[page.fix]]\narticle = "{BRIEF}"\nlevels = ["市级", "县区级"]\n'
    articles, corrector = articles_with(toml)
    brief = by_title(articles, "阜阳市总工会推进新业态劳动者入会")
    assert brief.byline == ["杨宁宇", "张三"] and brief.column == "基层短播"
    assert brief.levels == ["市级", "县区级"]
    assert len(corrector.report()["applied"]) == 2


def test_a_fix_that_matches_nothing_is_reported_with_file_and_key():
    toml = fix('article = "没有这个标题"\ncities = ["合肥"]')
    toml += f'\n[[page.fix]]\narticle = "{FEATURE}"\nsplit_before = "正文里没有的一行"\n'
    toml += f'\n[[page.fix]]\narticle = "入户走访困难职工"\njoin_next = true\n'  # the last article
    _, corrector = articles_with(toml)
    stale = corrector.report()["stale"]
    assert len(stale) == 3 and corrector.report()["applied"] == []
    assert stale[0].startswith(f"corrections.toml [{PAGE}] article “没有这个标题”: no article with this headline")
    assert FEATURE in stale[0]  # the headlines the page has now, to fix the key with
    assert "“正文里没有的一行” is not in the article" in stale[1]
    assert "last article of the page" in stale[2]


@pytest.mark.parametrize("text, message", [
    ('[[page]]\npath = "a.txt"\n[[page.fix]\narticle = "x"\n', "corrections.toml is not valid TOML"),
    ('[[page]]\npath = "a.txt"\n[[page.fix]]\narticle = "x"\ncities = ["合肥市"]\n',
     "corrections.toml [a.txt] article “x”: unknown city 合肥市"),
    ('[[page]]\npath = "a.txt"\n[[page.fix]]\narticle = "x"\nlevel = ["市级"]\n', "unknown key(s) level"),
    ('[[page]]\npath = "a.txt"\n[[page.fix]]\ntitle = "x"\n', "a fix needs article ="),
    ('[[page]]\n[[page.fix]]\narticle = "x"\ntitle = "y"\n', "path = "),
    ('[[page]]\npath = "a.txt"\n[[page.fix]]\narticle = "x"\njoin_next = "yes"\n', "join_next must be true or false"),
    ('[[page]]\npath = "a.txt"\n[[page.fix]]\narticle = "x"\nnew_title = "y"\n', "it needs split_before"),
])
def test_a_broken_corrections_file_is_refused_with_a_message_saying_where(tmp_path, text, message):
    (tmp_path / "corrections.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionsError) as caught:
        load_corrections(tmp_path)
    assert message in str(caught.value)


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in (PAGE, "004_4c385a978e0e8f57.txt"):
        shutil.copy(PAGES / name, folder / name)
    return folder


def exported(index_dir: Path) -> list[dict]:
    """Every article of the index, as `export` writes it."""
    s = ArchiveSearcher(store.current(index_dir))
    try:
        return list(records(s))
    finally:
        s.close()


def test_corrections_are_applied_by_every_rebuild_with_the_same_ids(corpus, tmp_path):
    (corpus / "corrections.toml").write_text(
        fix(f'article = "{FEATURE}"\nsplit_before = "{SUBHEAD}"')
        + f'\n[[page.fix]]\narticle = "{SUBHEAD}"\ncities = ["六安"]\n', encoding="utf-8")
    index_dir = tmp_path / "index"
    first = rebuild(corpus, index_dir, procs=1)
    assert first.corrections_applied == 2 and first.stale_corrections == []
    rows = exported(index_dir)
    split = next(r for r in rows if r["title"] == SUBHEAD)
    assert split["cities"] == ["六安"]
    rebuild(corpus, index_dir, procs=1)
    again = exported(index_dir)
    assert [r["id"] for r in again] == [r["id"] for r in rows]
    assert next(r for r in again if r["title"] == SUBHEAD)["cities"] == ["六安"]


def test_update_reindexes_only_the_page_whose_corrections_changed(corpus, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(corpus, index_dir, procs=1)
    assert by_title_row(exported(index_dir), BRIEF)["cities"] == ["阜阳"]
    (corpus / "corrections.toml").write_text(fix(f'article = "{BRIEF}"\ncities = ["淮南"]'), encoding="utf-8")
    summary = update(corpus, index_dir)
    assert (summary.changed, summary.added, summary.corrections_applied) == (1, 0, 1)
    assert by_title_row(exported(index_dir), BRIEF)["cities"] == ["淮南"]
    assert update(corpus, index_dir).changed == 0  # nothing changed since
    (corpus / "corrections.toml").unlink()
    summary = update(corpus, index_dir)
    assert summary.changed == 1 and summary.corrections_applied == 0
    assert by_title_row(exported(index_dir), BRIEF)["cities"] == ["阜阳"]


def by_title_row(rows: list[dict], title: str) -> dict:
    return next(r for r in rows if r["title"] == title)


def test_cli_reports_stale_corrections_and_stats_counts_the_applied_ones(corpus, tmp_path):
    (corpus / "corrections.toml").write_text(
        fix(f'article = "{BRIEF}"\nlevels = ["省级"]')
        + '\n[[page.fix]]\narticle = "旧标题"\ncities = ["合肥"]\n'
        + fix('article = "某文"\ncolumn = "x"', page="2021/2021-11-12/09.txt"), encoding="utf-8")
    index_dir = tmp_path / "index"
    done = run_cli("rebuild", "--corpus", str(corpus), "--index", str(index_dir))
    assert done.returncode == 0, done.stderr
    assert "corrections applied 1" in done.stdout
    assert "2 correction(s) match nothing" in done.stderr
    assert f"corrections.toml [{PAGE}] article “旧标题”: no article with this headline" in done.stderr
    assert "corrections.toml [2021/2021-11-12/09.txt] article “某文”: no such page" in done.stderr
    stats = json.loads(run_cli("stats", "--json", "--index", str(index_dir)).stdout)
    assert stats["corrections"]["applied"] == 1 and len(stats["corrections"]["stale"]) == 2
    text = run_cli("stats", "--index", str(index_dir)).stdout
    assert "corrections applied 1, matching nothing 2" in text


def test_cli_refuses_a_broken_corrections_file_without_a_traceback(corpus, tmp_path):
    (corpus / "corrections.toml").write_text('[[page]]\npath = "x.txt\n', encoding="utf-8")
    done = run_cli("rebuild", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: corrections.toml is not valid TOML")
    assert "line 2" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_parallel_rebuild_applies_the_fixes_in_every_worker(tmp_path):
    corpus = tmp_path / "corpus"
    for day in range(1, 21):  # 40 pages: two workers, each with a page that has a fix
        folder = corpus / "2021" / f"2021-03-{day:02d}"
        folder.mkdir(parents=True)
        for number, name in ((1, PAGE), (2, "004_4c385a978e0e8f57.txt")):
            text = (PAGES / name).read_text(encoding="utf-8")
            (folder / f"{number:02d}.txt").write_text(f"{text}\n第{day}期\n", encoding="utf-8")
    (corpus / "corrections.toml").write_text(
        fix(f'article = "{BRIEF}"\ncities = ["淮南"]', page="2021/2021-03-01/01.txt")
        + fix('article = "六安“六工惠”职工普惠平台签约建设"\nlevels = ["全国"]', page="2021/2021-03-20/02.txt"),
        encoding="utf-8")
    assert workers.worker_count(40, 2) == 2
    summary = rebuild(corpus, tmp_path / "index", procs=2)
    assert summary.pages == 40 and summary.corrections_applied == 2 and not summary.stale_corrections
    rows = exported(tmp_path / "index")
    assert [r["source"] for r in rows if r["cities"] == ["淮南"]] == ["2021/2021-03-01/01.txt"]
    assert [r["source"] for r in rows if r["levels"] == ["全国"]] == ["2021/2021-03-20/02.txt"]


def test_explain_shows_the_page_as_corrected_and_names_the_fix(corpus):
    (corpus / "corrections.toml").write_text(
        fix(f'article = "{BRIEF}"\ncities = ["淮南"]') + '\n[[page.fix]]\narticle = "旧标题"\ncolumn = ""\n',
        encoding="utf-8")
    done = run_cli("explain", str(corpus / PAGE), "--corpus", str(corpus))
    assert done.returncode == 0, done.stderr
    assert f"city 淮南: correction — “corrections.toml [{PAGE}] article “{BRIEF}”" in done.stdout
    assert "corrections applied 1" in done.stdout
    assert f"warning: corrections.toml [{PAGE}] article “旧标题”: no article with this headline" in done.stderr
