"""What is typed as printed is found, in any script, and so are its folded forms.

Two indexes built by the real rebuild: the sample pages, and a page written for this test
(Roman numerals, circled numbers, units, accented names, full width) beside a generated
page of many scripts. Hypothesis draws pieces of every article's printed text, searches
them as typed, and compares the hits with a brute-force scan of the exported articles.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from indexer.fold import fold
from indexer.search.engine import matching_ids, parse_params, search
from indexer.search.export import records
from indexer.storage import store
from indexer.storage.reader import ArchiveSearcher
from indexer.storage.writer import rebuild

PRINTED_PAGE = """

第Ⅱ期职工技能大赛在合肥举行

本报讯 11月10日，第Ⅱ期职工技能大赛在合肥开幕，来自全省的Ⅲ级技师参加比赛。法国专家Élise Martin现场点评，ＡＢＣ公司派出代表队。比赛场地面积约1200㎡，①号赛区为焊接项目，②号赛区为数控项目。

大赛由省总工会主办，旨在弘扬劳模精神和工匠精神。


Ⅳ号车间获评“工人先锋号”

本报讯 芜湖市某企业Ⅳ号车间在ＱＣ小组活动中取得佳绩，获评“工人先锋号”。車間主任說，今后将继续开展技术革新活动，争取在第Ⅲ期评比中再创佳绩。
"""

# Runs of characters of many scripts, each with the forms folding must handle.
SCRIPTS = {
    "拉丁": "ÀÉÎÕÜÇàéîõüçñßøåæœĳŁł",
    "希腊": "ΑΒΓΔΕαβγδεάέήίόύώΣσς",
    "西里尔": "АБВГДЁЖЗИЙабвгдёжзий",
    "阿拉伯": "العربيةمرحبا",
    "希伯来": "שלוםעברית",
    "天城": "हिन्दीनमस्ते",
    "泰": "ภาษาไทยสวัสดี",
    "韩": "한국어노동조합",
    "日": "にほんごカタカナｶﾀｶﾅ",
    "全角": "ＡＢＣＤｘｙｚ０１２３！？（）",
    "序号": "①②③⑩⑳㈠㈡⒈⒉ⅠⅡⅢⅣⅫⅰⅱ",
    "单位": "㎡㎏㎞℃℉№™㏄",
    "繁体": "臺灣勞動總會職業團體萬與應",
    "扩展": "𠮷𡈽𤭢𩸽",
    "兼容": "⼯⼈豈更車",
}


def generated_page(seed: int) -> str:
    rng = random.Random(seed)
    parts = ["", ""]
    for n, (name, chars) in enumerate(SCRIPTS.items(), 1):
        words = ["".join(rng.choice(chars) for _ in range(rng.randint(2, 6))) for _ in range(6)]
        parts += [f"{name}资料汇编第{n}篇介绍", "",
                  f"本报讯 职工书屋收到{name}资料{words[0]}与{words[1]}，工会干部{words[2]}整理。"
                  f"其中{words[3]}一册，{words[4]}两册，另有{words[5]}若干。", ""]
    return "\n".join(parts) + "\n"


def _build(root, pages: dict[str, str]) -> ArchiveSearcher:
    corpus = root / "corpus"
    for name, text in pages.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    rebuild(corpus, root / "index", procs=1)
    return ArchiveSearcher(store.current(root / "index"))


@pytest.fixture(scope="module")
def scripts_archive(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("scripts"), {
        "2021/2021-11-12/02.txt": PRINTED_PAGE, "2021/2021-11-13/03.txt": generated_page(7)})


@pytest.fixture(scope="module")
def scripts_records(scripts_archive):
    return list(records(scripts_archive))


def hit_ids(archive, q: str) -> set[str]:
    return set(matching_ids(archive, parse_params(q)))


def brute(all_records, typed: str) -> set[str]:
    needle = fold(typed).strip(" ")
    return {r["id"] for r in all_records if needle in fold(r["title"] + "\n" + r["text"])}


@pytest.mark.parametrize("printed, folded_forms", [
    ("第Ⅱ期", ["第II期", "第ii期"]),
    ("Ⅲ级", ["III级", "iii级"]),
    ("Élise", ["élise", "Elise", "elise", "ELISE"]),
    ("ＡＢＣ公司", ["ABC公司", "abc公司", "ａｂｃ公司"]),
    ("①号", ["1号"]),
    ("1200㎡", ["1200m2", "1200M2"]),
    ("車間主任說", ["车间主任说"]),
    ("ＱＣ小组", ["QC小组", "qc小组"]),
])
def test_a_string_is_found_as_printed_and_in_its_folded_forms(scripts_archive, scripts_records,
                                                              printed, folded_forms):
    expected = brute(scripts_records, printed)
    assert expected, f"{printed} is not in any article of the test page"
    assert hit_ids(scripts_archive, printed) == expected
    for form in folded_forms:
        assert hit_ids(scripts_archive, form) == expected, form


def test_the_printed_characters_are_marked_in_title_and_snippet(scripts_archive):
    result = search(scripts_archive, parse_params("第ii期"))
    titles = [h["title_html"] for h in result["hits"]]
    assert "<mark>第Ⅱ期</mark>职工技能大赛在合肥举行" in titles
    result = search(scripts_archive, parse_params("1200m2"))
    assert "<mark>1200㎡</mark>" in result["hits"][0]["snippet"]
    result = search(scripts_archive, parse_params("elise"))
    assert "<mark>Élise</mark> Martin" in result["hits"][0]["snippet"]


def test_every_script_of_the_generated_page_reached_an_article(scripts_records):
    text = "".join(r["title"] + r["text"] for r in scripts_records)
    assert [name for name in SCRIPTS if f"{name}资料" not in text] == []


def _pieces(all_records):
    """Strategy: a piece of one article's printed title or text, typed as a phrase."""
    @st.composite
    def piece(draw):
        r = draw(st.sampled_from(all_records))
        source = draw(st.sampled_from([r["title"], r["text"], r["text"]]))
        line = draw(st.sampled_from(source.split("\n")))
        start = draw(st.integers(0, max(0, len(line) - 1)))
        end = draw(st.integers(start + 1, min(len(line), start + 8) or 1))
        return r["id"], line[start:end]
    return piece()


def _check(archive, all_records, source_id: str, typed: str) -> None:
    if not fold(typed).strip(" ") or '"' in fold(typed):
        return  # nothing to search, or a quote mark: the query language's own character
    found = hit_ids(archive, f'"{typed}"')
    assert source_id in found, f"{typed!r} typed as printed does not find its article"
    assert found == brute(all_records, typed), typed


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(data=st.data())
def test_pieces_of_the_many_scripts_page_are_found_as_typed(scripts_archive, scripts_records, data):
    _check(scripts_archive, scripts_records, *data.draw(_pieces(scripts_records)))


@SETTINGS
@given(data=st.data())
def test_pieces_of_real_pages_are_found_as_typed(archive, all_records, data):
    _check(archive, all_records, *data.draw(_pieces(all_records)))


@SETTINGS
@given(data=st.data(), case=st.sampled_from(["upper", "lower", "fold"]))
def test_folded_forms_of_pieces_find_the_same_articles(scripts_archive, scripts_records, data, case):
    source_id, typed = data.draw(_pieces(scripts_records))
    form = {"upper": typed.upper(), "lower": typed.lower(), "fold": fold(typed)}[case]
    if fold(form) != fold(typed):
        return  # upper-casing changed more than case (e.g. ß → SS folds to ss: same; ſ …)
    _check(scripts_archive, scripts_records, source_id, form)
