"""Turn a page into labelled articles.

Takes a ``Page``; gives ``Article`` records: cut by ``segment``, labelled by
``metadata``, and given an id that stays the same across rebuilds as long as
the page's path and the article's headline and opening stay the same. A
``PageCorrector`` (from ``corrections``), if given, applies the researcher's
fixes of the page: to the drafts before labelling, then to the labels.
"""

from __future__ import annotations

import hashlib

from indexer.ingest.corrections import PageCorrector
from indexer.ingest.metadata import describe
from indexer.ingest.model import Article, ArticleDraft, Page
from indexer.ingest.segment import split_page


def article_text(draft: ArticleDraft) -> str:
    """Return the article's full text as printed below the headline: subtitle, then body."""
    parts = ([draft.subtitle] if draft.subtitle else []) + draft.paragraphs
    return "\n".join(p for p in parts if p)


def article_id(source: str, title: str, text: str) -> str:
    """Return a stable 16-hex-digit id from the page path, headline and opening text."""
    key = "\x1f".join((source, title, text[:80]))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def page_articles(page: Page, corrector: PageCorrector | None = None) -> list[Article]:
    """Cut a page into articles and label each one, applying the page's corrections if any."""
    articles: list[Article] = []
    seen: set[str] = set()
    last_suffix: dict[str, int] = {}  # first id of a repeated article → the suffix it reached
    drafts = split_page(page.text)
    for draft in drafts:
        if not draft.title and draft.subtitle:
            # The headline was not captured (e.g. printed as a picture): the
            # subtitle is the only heading the article has, so it serves as title.
            draft.title, draft.subtitle = draft.subtitle, ""
    if corrector is not None:
        drafts = corrector.fix_drafts(drafts)
    for draft in drafts:
        text = article_text(draft)
        if not (draft.title or text):
            continue
        ident = first = article_id(page.source, draft.title, text)
        suffix = last_suffix.get(first, 1)
        # The same headline and opening again on one page: the n-th copy is title#n.
        # Counting on from the last copy's suffix keeps a page of repeats linear.
        while ident in seen:
            suffix += 1
            ident = article_id(page.source, f"{draft.title}#{suffix}", text)
        last_suffix[first] = suffix
        seen.add(ident)
        labels = describe(draft)
        if corrector is not None:
            labels = corrector.fix_labels(draft, labels)
        articles.append(Article(
            id=ident,
            title=draft.title,
            subtitle=draft.subtitle,
            byline=list(dict.fromkeys(draft.byline + draft.photo_credit)),  # photographers too
            column=draft.column,
            source=page.source,
            page=page.page,
            date=page.date,
            date_inferred=page.date_inferred,
            cities=labels["cities"],
            counties=labels["counties"],
            levels=labels["levels"],
            text=text,
            org=draft.org,
            seq=len(articles) + 1,
            evidence=labels.get("evidence", []),
            date_precision=page.date_precision,
        ))
    return articles
