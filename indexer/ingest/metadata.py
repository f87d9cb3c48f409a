"""Article metadata: the places an article reports on and its union levels.

Takes an ``ArticleDraft`` (from ``segment``); gives
``{"cities": [...], "counties": [...], "levels": [...]}`` for ``Article``:

* ``cities``: short names of the prefecture-level cities of Anhui the article
  reports on, in the official order (合肥 芜湖 蚌埠 … 宣城);
* ``counties``: today's full names of the county-level divisions it reports on
  (界首市, 黟县, 湾沚区 for 芜湖县), in the order of the divisions table;
  development zones (新站高新区) give their city but are not listed here;
* ``levels``: see ``levels.union_levels``.

"Reports on" (the same for a city and a county): the place is named in the
headline, org line or subtitle or in the lead paragraph, or it is named in at
least two sentences of the body. A name printed once deep in a long feature
(出生在五河县, 合肥市创新"码上入会"项目 as one example among three) does
not make the article about that place. A county the article reports on brings
its city, since every mention of a county also counts as one of its city.

Place names inside institution names count like any other: 合肥学院 is in
合肥, 阜阳商厦 in 阜阳, 淮北矿业 in 淮北. Names that hold no Anhui city
(安徽省总工会, 中国建设银行安徽省分行) simply give none.
"""

from __future__ import annotations

from collections import defaultdict

from indexer.ingest.levels import union_levels
from indexer.ingest.model import ArticleDraft
from indexer.ingest.places import Passage, article_passages, city_sort_key, county_sort_key

# A place not in the headline or lead counts once named in this many body sentences.
REPEATED_SENTENCES = 2


def describe(draft: ArticleDraft) -> dict[str, list[str]]:
    """Return the cities, counties and union levels of one article."""
    passages = article_passages(draft)
    cities, counties = reported_places(passages)
    return {"cities": cities, "counties": counties, "levels": union_levels(draft, passages)}


def reported_places(passages: list[Passage]) -> tuple[list[str], list[str]]:
    """Return the (cities, counties) the passages of one article report on."""
    in_headline_or_lead: set[tuple[str, str]] = set()
    body_sentences: dict[tuple[str, str], set[int]] = defaultdict(set)
    for passage in passages:
        for mention in passage.places:
            keys = [("city", mention.city)]
            if mention.county is not None and mention.type != "zone":
                keys.append(("county", mention.county))
            for key in keys:
                if passage.where == "body":
                    body_sentences[key].add(passage.index)
                else:
                    in_headline_or_lead.add(key)
    reported = in_headline_or_lead | {
        key for key, seen in body_sentences.items() if len(seen) >= REPEATED_SENTENCES
    }
    cities = sorted((name for kind, name in reported if kind == "city"), key=city_sort_key)
    counties = sorted((name for kind, name in reported if kind == "county"), key=county_sort_key)
    return cities, counties
