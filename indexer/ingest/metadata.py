"""Article metadata: the places an article reports on, its union levels, and why.

Takes an ``ArticleDraft`` (from ``segment``); gives
``{"cities": [...], "counties": [...], "levels": [...], "evidence": [...]}``
for ``Article``:

* ``cities``: short names of the prefecture-level cities of Anhui the article
  reports on, in the official order (合肥 芜湖 蚌埠 … 宣城);
* ``counties``: today's full names of the county-level divisions it reports on
  (界首市, 黟县, 湾沚区 for 芜湖县), in the order of the divisions table;
  development zones (新站高新区) give their city but are not listed here;
* ``levels``: see ``levels.union_levels``;
* ``evidence``: one dict per label, ``{"label": "city"|"county"|"level",
  "value": "合肥", "rule": "…", "text": "the sentence that gave it"}``.

"Reports on" (``../shared/ANNOTATION.md``: where what the article reports
happens, or whose organisations or people act in it), the same for a city and a
county, by these rules (the ``rule`` of the evidence):

* ``headline``: the place is named in the headline, org line or subtitle;
* ``lead``: it is named in the lead (first paragraph, or two when the first is
  a short quotation);
* ``repeated``: it is named in two or more sentences of the body;
* ``author line``: it is named in the job titles of an author line under the
  headline (``马鞍山市总工会党组书记、常务副主席 祁永胜``): the author acts for it;
* ``acting union``: it owns a union that acts in the article (see ``levels``):
  ``包河区总工会开展…`` deep in a long feature;
* ``one mention``: it is named once in the body, in a sentence that places the
  event or an actor. In a brief (body up to ``LONG_ARTICLE_CHARS``) any such
  sentence does; in a long feature or speech only a sentence that says where
  something happens (``在``/``到``/``赴``/``走进``/``慰问``… the place), since its other
  one-off names are examples (``芜湖市创新…``, one of three practices cited).
  Never a *passing* mention: a birthplace or past post (``出生在五河县``,
  ``曾任``), where people come from (``来自…``), an example (``如``,
  ``学习…经验``), an honour's origin (``六安市劳动模范``).

A county the article reports on brings its city, since every mention of a
county also counts as one of its city. Place names inside institution names
count like any other: 合肥学院 is in 合肥, 阜阳商厦 in 阜阳; enterprises and
landmarks of one city come from ``data/anhui_owners.csv`` (马钢 → 马鞍山) and
abbreviations in their fixed phrases (来滁 → 滁州) from ``places``. Names that
hold no Anhui city (安徽省总工会, 江苏省总工会) give none.
"""

from __future__ import annotations

import re

from indexer.ingest.levels import acting_unions
from indexer.ingest.model import ArticleDraft
from indexer.ingest.places import (
    Passage,
    PlaceMention,
    article_passages,
    city_sort_key,
    county_sort_key,
    excerpt,
    find_places,
)

# A place not in the headline or lead counts once named in this many body sentences.
REPEATED_SENTENCES = 2
# A body longer than this is a feature or a speech, not a brief.
LONG_ARTICLE_CHARS = 1500
CLAUSE_MARKS = "，。；！？,;!?：:"
WINDOW = 120  # context read around a mention at most (linear time on unended sentences)
# In a long article, a one-off place counts when the clause says something happens there.
LOCATIVE_BEFORE = re.compile(
    r"(?:在|到|赴|来|于|至|走进|深入|前往|奔赴|来到|落户|位于|慰问|看望|走访|调研|考察|参观)[^，。；]{0,3}$"
)
# Passing mentions (ANNOTATION.md: "named only in passing"), read in the clause.
PASSING_BEFORE = re.compile(
    r"出生|籍贯|老家|祖籍|来自|曾任|曾在|原任|历任|毕业于|例如|比如|诸如|借鉴|学习|以[^，。]{0,4}为例"
    r"|(?:^|[，,、])(?:如|像)"
)
PASSING_AFTER = re.compile(
    r"^[^，。；]{0,3}(?:等地|等市|籍|经验)"
    # an honour's origin: 六安市劳动模范, 合肥市五一劳动奖章 (not 合肥市劳模创新工作室, a venue)
    r"|^[市县区]?级?(?:劳动模范|劳模(?!创新|工匠创新|工作室|驿站)|五一劳动奖|先进工作者|三八红旗手"
    r"|最美|十佳|道德模范|优秀(?!企业|公司)|工匠(?!学院|创新|工作室))"
)

Evidence = dict[str, str]


def describe(draft: ArticleDraft) -> dict:
    """Return the cities, counties and union levels of one article, with their evidence."""
    passages = article_passages(draft)
    levels, level_proof, union_places = acting_unions(draft, passages)
    cities, counties, evidence = reported_places(passages, union_places, _author_passage(draft))
    return {
        "cities": cities,
        "counties": counties,
        "levels": levels,
        "evidence": evidence + level_proof,
    }


def _author_passage(draft: ArticleDraft) -> Passage | None:
    """The author line's job titles as a passage, or None when the article has none."""
    if not draft.author_titles:
        return None
    return Passage(draft.author_titles, "head", -1, tuple(find_places(draft.author_titles)))


def reported_places(
    passages: list[Passage],
    union_places: list[tuple[PlaceMention, Passage]] = (),
    author: Passage | None = None,
) -> tuple[list[str], list[str], list[Evidence]]:
    """Return the cities and counties the passages of one article report on, and why.

    ``union_places`` are the owners of the unions that act in the article (from
    ``levels``): 包河区总工会开展… in the body of a long feature places it in 合肥.
    ``author`` holds the job titles of an author line under the headline: the
    author acts in the article for the organisation named there (``author line``).
    """
    long_article = sum(len(p.text) for p in passages if p.where != "head") > LONG_ARTICLE_CHARS
    proof: dict[tuple[str, str], Evidence] = {}
    body_sentences: dict[tuple[str, str], list[Passage]] = {}
    for passage in passages:
        for mention in passage.places:
            for key in _keys(mention):
                if key in proof:
                    continue
                if passage.where != "body":
                    rule = "headline" if passage.where == "head" else "lead"
                    proof[key] = _evidence(key, rule, passage, mention)
                    continue
                seen = body_sentences.setdefault(key, [])
                if not seen or seen[-1].index != passage.index:
                    seen.append(passage)
                if len(seen) >= REPEATED_SENTENCES:
                    proof[key] = _evidence(key, "repeated", passage, mention)
                elif _places_the_event(passage.text, mention, long_article):
                    proof[key] = _evidence(key, "one mention", passage, mention)
    for mention, passage in union_places:
        for key in _keys(mention):
            proof.setdefault(key, _evidence(key, "acting union", passage, mention))
    for mention in author.places if author is not None else ():
        for key in _keys(mention):
            proof.setdefault(key, _evidence(key, "author line", author, mention))
    cities = sorted((value for kind, value in proof if kind == "city"), key=city_sort_key)
    counties = sorted((value for kind, value in proof if kind == "county"), key=county_sort_key)
    evidence = [proof[("city", c)] for c in cities] + [proof[("county", c)] for c in counties]
    return cities, counties, evidence


def _keys(mention: PlaceMention) -> list[tuple[str, str]]:
    """Return the labels a mention supports: its city, and its county unless a zone."""
    keys = [("city", mention.city)]
    if mention.county is not None and mention.type != "zone":
        keys.append(("county", mention.county))
    return keys


def _evidence(
    key: tuple[str, str], rule: str, passage: Passage, mention: PlaceMention
) -> Evidence:
    """Return the evidence of one label: the rule and the sentence (or its excerpt)."""
    text = excerpt(passage.text, mention.start, mention.end)
    return {"label": key[0], "value": key[1], "rule": rule, "text": text}


def _places_the_event(text: str, mention: PlaceMention, long_article: bool) -> bool:
    """Tell whether a one-off body mention places the event or an actor (not in passing)."""
    low, high = max(0, mention.start - WINDOW), min(len(text), mention.end + WINDOW)
    clause_start = max(max(text.rfind(mark, low, mention.start) for mark in CLAUSE_MARKS) + 1, low)
    ends = [i for i in (text.find(mark, mention.end, high) for mark in "，。；！？,;!?") if i != -1]
    before = text[clause_start : mention.start]
    after = text[mention.end : min(ends, default=high)]
    sentence_before = text[low : mention.start]
    if PASSING_BEFORE.search(before) or PASSING_AFTER.search(after):
        return False
    if "来自" in sentence_before[-30:]:
        return False  # 来自合肥、芜湖、蚌埠的…: a list of where people come from
    return not long_article or LOCATIVE_BEFORE.search(before) is not None
