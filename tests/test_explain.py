"""`python -m indexer explain PAGE`: each line with the rule and decision, each article with its labels.

The page below is written by the rules of ANNOTATION.md (invented names): a
page header, a 本报讯 brief with its byline at the opening and none at the end,
a long headline with 、 over a brief opening with 近日, and a feature with a
subtitle, a 【】 subhead and a closing byline.
"""

import json
from pathlib import Path

import pytest

from conftest import run_cli

PAGE = """安徽工人日报　2024年5月7日　星期二　综合新闻　02

芜湖：职工技能大赛开幕

本报讯（记者 王明远）5月6日，芜湖市总工会举办全市职工技能大赛，300余名选手参赛。

大赛设焊工、电工等6个工种，获奖选手将获评技术能手。

马鞍山市总工会、市人社局联合开展“送技能进工地”活动

近日，马鞍山市总工会联合市人社局走进城市轨道交通工地，为200多名建筑工人开展技能培训。

活动现场，培训老师手把手教学，工人们纷纷表示收获很大。

在岗位上绽放光彩

——记淮北矿业劳模张立强

张立强在井下一干就是二十年，带出徒弟30多名。

【扎根一线二十年】

他说，井下的活儿再苦再累，也要有人干好。（李文华）

本版编辑：程诚
"""


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("explain") / "corpus"
    path = corpus / "2024" / "2024-05-07" / "02.txt"
    path.parent.mkdir(parents=True)
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def explained(page_file) -> dict:
    done = run_cli("explain", str(page_file), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def line(explained: dict, start: str) -> dict:
    (found,) = [item for item in explained["lines"] if item["text"].startswith(start)]
    return found


def test_explain_names_the_page_and_its_date_from_the_path(explained):
    assert explained["source"] == "2024/2024-05-07/02.txt"
    assert explained["date"] == "2024-05-07" and explained["date_inferred"] is False


def test_every_line_carries_its_kind_and_the_rule_that_labelled_it(explained):
    assert all(item["kind"] and item["rule"] for item in explained["lines"])
    assert line(explained, "安徽工人日报")["rule"] == "page_header"
    assert line(explained, "本版编辑")["rule"] == "editor_line"
    assert line(explained, "【扎根一线二十年】")["rule"] == "bracket_subhead"
    assert line(explained, "本报讯")["kind"] == "brief"


def test_the_decision_at_a_headline_gives_its_evidence(explained):
    headline = line(explained, "马鞍山市总工会、市人社局")
    assert headline["decision"].startswith("new article")
    assert "opens like a lead" in headline["decision"]
    assert line(explained, "【扎根一线二十年】")["decision"].startswith("subhead")
    assert line(explained, "在岗位上绽放光彩")["decision"] == "new article (subtitle line under it)"


def test_lines_point_to_the_article_that_holds_them(explained):
    assert line(explained, "马鞍山市总工会、市人社局")["article"] == 2
    assert line(explained, "【扎根一线二十年】")["article"] == 3
    assert line(explained, "本版编辑")["article"] is None


def test_articles_with_their_labels(explained):
    titles = [article["title"] for article in explained["articles"]]
    assert titles == ["芜湖：职工技能大赛开幕", "马鞍山市总工会、市人社局联合开展“送技能进工地”活动",
                      "在岗位上绽放光彩"]
    first, second, feature = explained["articles"]
    assert first["byline"] == ["王明远"]  # the byline printed at the opening
    assert "芜湖" in first["cities"] and "马鞍山" in second["cities"]
    assert feature["subtitle"] == "记淮北矿业劳模张立强" and feature["byline"] == ["李文华"]


def test_evidence_sentences_come_from_the_article(explained, page_file):
    text = page_file.read_text(encoding="utf-8")
    for article in explained["articles"]:
        for item in article["evidence"]:
            assert item["label"] in ("city", "county", "level")
            assert item["text"] and item["text"] in text


def test_text_output_lists_lines_then_articles_with_a_line_per_label(page_file, explained):
    done = run_cli("explain", str(page_file))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.index("LINES") < out.index("ARTICLES")
    assert "[page_header]" in out and "[bracket_subhead]" in out
    for article in explained["articles"]:
        assert article["title"] in out
        for city in article["cities"]:
            assert f"    city {city}: " in out
        for level in article["levels"]:
            assert f"    level {level}: " in out


@pytest.mark.parametrize("make, message", [
    (lambda root: root / "missing.txt", "no such page file"),
    (lambda root: (root / "bin.txt").write_bytes(b"\x00\x01\x02") and root / "bin.txt", "binary"),
])
def test_a_bad_page_gives_a_one_line_error(tmp_path, make, message):
    done = run_cli("explain", str(make(tmp_path)))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
