"""Cut one page into articles.

Takes the text of one page; gives ``ArticleDraft`` records in reading order,
each with its headline (``title``), organisation line (``org``), subtitle,
column label, body paragraphs (OCR breaks joined by ``normalize``, bylines left
in the text as printed, continuation marks removed) and the names of its
authors and photographers (read by ``bylines``).

The page is read in three steps:

1. ``normalize_page`` gives logical lines; ``lines.classify_page`` names what
   each line is by the first rule of the ``lines.RULES`` table that accepts it
   (headline, organisation, subtitle, body, byline, credit, label, furniture …),
   splitting lines where the OCR ran two things together
   (``界首市总工会 法制宣传走进企业``; ``阜阳商厦:…放首位 ★报讯 …``).
2. ``_PageCutter`` walks the tokens. Headline material waits until a body
   paragraph arrives and then opens an article. Bylines, photo credits,
   ``(本文系…)`` notes and ``(下转第N版)`` close an article; a headline after a
   closed article is a new headline. A headline-shaped line inside an article
   that has not closed (briefs and reprints often have no byline) is decided by
   ``boundary.decide``: new article or subhead, from the evidence a reader uses.
   Photo credits close captions: a photo under a headline keeps a caption line
   printed right under it, a second caption and credit under a titled photo
   stay in that photo story, and text under a photo that ends with its own
   byline is the rest of the photo's article.
3. Tidying: labels with nothing after them label the articles before them
   (a label is known from ``data/columns.txt``, or by its place: a narrow
   heading with nothing after it, or printed above another headline);
   body text found after its article had closed and carrying no headline of
   its own (OCR debris from another column) goes to the article on the page
   whose headline it shares the most words with, else back to the article it
   follows; a photo without headline is titled by its caption's first clause.

Each token keeps the rule that labelled it and what the cutter decided at it
(``trace_page``), which ``explain`` prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from indexer.ingest.boundary import RunningStory, decide, new_to_story
from indexer.ingest.bylines import find_photo_credit, opening_byline
from indexer.ingest.lines import SUBHEAD_RULES, Kind, Token, classify_page
from indexer.ingest.model import ArticleDraft
from indexer.ingest.normalize import display_width, has_clause_mark, opens_lead

# Where a caption's first clause ends.
CLAUSE_END = re.compile(r"[，,。！？!?；;]")
# A single headline-shaped line above a credit wider than this is a caption.
CAPTION_MIN_WIDTH = 24.0
# A caption's opening clause that only dates it: 9月3日, 4月20日上午, 近日.
DATE_CLAUSE = re.compile(r"^(?:\d{1,2}月\d{1,2}日|近日|日前|当天|今年\d{1,2}月)[上中下午晚]{0,2}$")
# A headline this narrow, printed above another headline, is a column label
# (基层 短播, 工会干部 传真) rather than a kicker.
LABEL_MAX_WIDTH = 8.0
# A heading with nothing after it on the page is a trailing label up to this width.
TRAILING_LABEL_MAX_WIDTH = 10.0
# Stray body text moves to another article only if it shares at least this many
# consecutive characters with that article's headline (阜阳商厦, 安全生产).
AFFINITY_MIN_CHARS = 4
MAX_RIVALS = 16  # headlines compared with one orphan: the nearest ones (a real page has fewer)
# A photo item is short: its caption and credit, perhaps a line of debris.
PHOTO_MAX_PARAGRAPHS = 3

# Shapes of article, used to group neighbours under one column label.
FEATURE, BRIEF_SHAPE, PHOTO, DIGEST = "feature", "brief", "photo", "digest"


def tokenize(text: str) -> list[Token]:
    """Return the tokens of a page: its logical lines, each named by kind (see ``lines``)."""
    return classify_page(text)


# ---------------------------------------------------------------------------
# Step 2: walking the tokens.


@dataclass(eq=False)
class _Orphan:
    """Body text printed after its article had closed, with no headline of its own."""

    text: str
    home: _Article
    names: list[str] = field(default_factory=list)  # a byline it carries


@dataclass(eq=False)
class _Article:
    """An article being cut. ``parts`` keeps orphans in place until they are placed."""

    draft: ArticleDraft
    shape: str
    parts: list[str | _Orphan] = field(default_factory=list)
    closed: bool = False  # a byline, credit, note or continuation mark has ended it
    labelled: bool = False  # its column came from a label printed above it
    story: RunningStory = field(default_factory=RunningStory)  # for boundary decisions

    def has_body(self) -> bool:
        return bool(self.parts)


@dataclass
class _Pending:
    """Headline material printed above a body paragraph not yet reached."""

    headings: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    subtitle: str = ""
    author: list[str] = field(default_factory=list)
    column: str = ""
    subheads: list[str] = field(default_factory=list)  # ■/【】/一、 under the headline, before any text
    author_titles: str = ""  # of an author line: 马鞍山市总工会党组书记、常务副主席

    def announces_article(self) -> bool:
        return bool(self.headings or self.orgs or self.subtitle or self.author or self.column)


def _label_shaped(text: str, max_width: float = LABEL_MAX_WIDTH) -> bool:
    """Tell whether a heading is narrow and plain enough to be a column label."""
    return display_width(text) <= max_width and not has_clause_mark(text)


class _PageCutter:
    """Walk a page's tokens and cut them into articles."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.articles: list[_Article] = []
        self.current: _Article | None = None
        self.pending = _Pending()
        self.orphans: list[_Orphan] = []
        self.unclaimed: list[_Orphan] = []  # orphans since the last article closed
        self.trailing_labels: list[str] = []

    def cut(self) -> list[ArticleDraft]:
        """Return the page's articles in reading order."""
        for index, token in enumerate(self.tokens):
            self._take(index, token)
        self._finish_pending()
        self._place_orphans()
        _label_preceding_runs(self.articles, self.trailing_labels)
        _spread_labels(self.articles)
        drafts = [_finished(article) for article in self.articles]
        return [draft for draft in drafts if draft.title or draft.paragraphs]

    # -- dispatch -----------------------------------------------------------

    def _take(self, index: int, token: Token) -> None:
        self._dispatch(index, token)
        if not token.decision:
            token.decision = self._what_became_of(token)

    def _what_became_of(self, token: Token) -> str:
        """Say, for explain, what the cutter did with a token that no rule decision named."""
        kind = token.kind
        if kind in (Kind.SECTION, Kind.DEBRIS, Kind.RESUMED, Kind.FURNITURE):
            return "dropped: belongs to no article"
        if kind is Kind.CONTINUED:
            return "closes the running article (continued on another page)"
        if kind in (Kind.SUBTITLE, Kind.ORG, Kind.AUTHOR):
            return "headline material of the next article"
        article = self.current
        if article is not None and article.closed and kind is Kind.NOTE:
            return "closes the running article (a note that names no one)"
        if article is not None and article.closed and token.names:
            what = "photo credit" if token.credit else "byline"
            return f"closes the running article ({what}: {'、'.join(token.names)})"
        if kind in (Kind.BODY, Kind.BRIEF, Kind.BULLET):
            return "text of the running article"
        return ""

    def _dispatch(self, index: int, token: Token) -> None:
        kind = token.kind
        if kind in (Kind.SECTION, Kind.DEBRIS, Kind.RESUMED, Kind.FURNITURE):
            return  # furniture and OCR remains: nothing to keep
        if kind is Kind.CONTINUED:
            self._close_current()
        elif kind is Kind.LABEL:
            self._take_label(index, token)
        elif kind is Kind.SUBTITLE:
            self._take_subtitle(index, token)
        elif kind is Kind.ORG:
            self.pending.orgs.append(token.text)
        elif kind is Kind.AUTHOR:
            self.pending.author.extend(token.names)
            if token.rule == "author_line" and token.names:
                self.pending.author_titles = token.text.strip()[: -len(token.names[-1])].strip()
        elif kind is Kind.HEADING:
            self._take_heading(index, token)
        elif kind in (Kind.BODY, Kind.BRIEF):
            self._take_body(token)
        elif kind in (Kind.BYLINE, Kind.NOTE):
            self._take_signature(index, token)
        elif kind is Kind.CREDIT:
            self._take_credit(token)
        elif kind is Kind.BULLET:
            self._take_bullet(token)

    # -- headline material --------------------------------------------------

    def _take_label(self, index: int, token: Token) -> None:
        if self._body_ahead(index):
            self.pending.column = token.text
            token.decision = "column label of the articles under it"
        else:
            self.trailing_labels.append(token.text)
            token.decision = "column label of the articles above it (nothing under it)"

    def _take_subtitle(self, index: int, token: Token) -> None:
        if self.pending.announces_article() or self._body_next(index):
            self.pending.subtitle = token.text
            return
        # A subtitle with nothing under it: the page's main headline was printed
        # as a picture (page 003 ends with ——阜阳市五年工会工作回眸).
        target = self.current or (self.articles[-1] if self.articles else None)
        if target and not target.draft.subtitle:
            target.draft.subtitle = token.text

    def _take_heading(self, index: int, token: Token) -> None:
        article = self.current
        if token.rule in SUBHEAD_RULES and (self.pending.headings or self.pending.subtitle):
            # A subhead by its form (■…, 【…】, 一、…) right under a headline or subtitle
            # is the feature's first subhead, never its title (ANNOTATION.md: a subhead
            # is not an article).
            self.pending.subheads.append(token.text)
            token.decision = "first subhead of the article whose headline is above it (subhead form)"
            return
        if article is None:
            token.decision = "headline: no article above it on the page"
        elif article.closed:
            token.decision = "headline: the article above has closed (byline, credit, note or 下转)"
        elif not article.has_body():
            token.decision = "headline material: the article above has no text yet"
        elif self.pending.announces_article():
            token.decision = "headline material: under a label or other headline material"
        else:
            verdict = decide(token, _running_story(article), self._after(index))
            token.decision = verdict.describe()
            if not verdict.new:
                # Inside an article that has not closed: a subhead (or a photo caption of it).
                article.parts.append(token.text)
                article.story.subheads.append(token.text)
                return
        self.pending.headings.append(token.text)

    def _after(self, index: int) -> Iterator[Token]:
        """Yield the tokens after the one at index (without copying the rest of the page)."""
        return (self.tokens[i] for i in range(index + 1, len(self.tokens)))

    def _body_ahead(self, index: int) -> bool:
        """Tell whether any body text follows the token at index on this page."""
        return any(token.kind in (Kind.BODY, Kind.BRIEF, Kind.BULLET)
                   for token in self._after(index))

    def _body_next(self, index: int) -> bool:
        """Tell whether the next token that is not furniture is body text."""
        for token in self._after(index):
            if token.kind in (Kind.SECTION, Kind.DEBRIS, Kind.AUTHOR):
                continue
            return token.kind in (Kind.BODY, Kind.BRIEF)
        return False

    # -- body, signatures, credits ------------------------------------------

    def _take_body(self, token: Token) -> None:
        article = self.current
        if self.pending.announces_article():
            article = self._open(token)
            token.decision = "opens a new article under the headline material above"
        elif article is None or (token.kind is Kind.BRIEF and article.has_body()):
            article = self._open(token)  # no headline printed (or none the OCR kept)
            token.decision = "opens a new article with no headline of its own"
        elif not article.closed:
            article.parts.append(token.text)
        elif token.credit and self._second_caption(token):
            # A second caption, its credit printed on its line, under a titled photo
            # that names no one and nowhere new: the same photo story (ANNOTATION.md).
            article.parts.append(token.text)
            token.decision = "a second caption with its credit under the titled photo above: the same photo story"
        elif token.credit:
            article = self._open_photo("")  # a captioned photo without headline
            article.parts.append(token.text)
            token.decision = "a captioned photo with no headline: an article of its own"
        else:
            self._adopt_orphan(token)
            if token.names and not token.credit and self._titled_photo_above():
                # Text under a headline's photo, closed by its own byline: the photo
                # was printed at the head of the article, which goes on to here.
                self._claim_unclaimed(article)
                article.shape = FEATURE
                token.decision = "body: the article under the photo above goes on to this byline"
                self._sign(article, token)
            return
        self._sign(article, token)

    def _take_signature(self, index: int, token: Token) -> None:
        article = self.current
        if article is None:
            return
        if self.unclaimed:
            self._adopt_orphan(token)
            return
        article.parts.append(token.text)
        article.draft.byline.extend(token.names)
        article.closed = True
        if article.shape == DIGEST and self.pending.headings and not self._body_next(index):
            # The headline waiting above the digest had no other body: it was the digest's.
            article.draft.title = self.pending.headings.pop()

    def _take_credit(self, token: Token) -> None:
        if not token.title and self.pending.headings:
            # A headline (and a caption line with no full stop) straight above a credit.
            article = self._open_pending_photo()
            token.decision = "credit: closes the photo item of the headline above"
        elif not token.title and self._titled_photo_above():
            # A second caption and credit under the headline of a photo story: one article.
            article = self.current
            assert article is not None
            self._claim_unclaimed(article)
            token.decision = "credit: closes the second caption of the photo story above"
        elif token.title or self.unclaimed:
            article = self._open_photo(token.title)
        elif self.current is not None:
            article = self.current
        else:
            return  # a credit with no photo caption anywhere: nothing to keep
        article.parts.append(token.text)
        self._sign(article, token)

    def _open_pending_photo(self) -> _Article:
        """Open a photo item from waiting headline material: its headline and its caption line.

        With two or more headings the last is the caption printed under the headline;
        a single heading is the caption if it reads like one (a lead's opening, a
        comma, a long line), else the photo's headline.
        """
        pending, self.pending = self.pending, _Pending()
        headings = list(pending.headings)
        caption = ""
        if len(headings) >= 2 or _caption_like(headings[0]):
            caption = headings.pop()
        title = headings.pop() if headings else ""
        draft = ArticleDraft(title=title, paragraphs=[], subtitle=pending.subtitle,
                             org=pending.orgs[0] if pending.orgs else "", column=pending.column,
                             byline=list(pending.author))
        article = _Article(draft, PHOTO, labelled=bool(pending.column))
        article.parts.extend(headings)  # kickers printed above the headline
        if caption:
            article.parts.append(caption)
        self._start(article)
        return article

    def _claim_unclaimed(self, article: _Article) -> None:
        """Make the orphans waiting since the article closed plain text of that article."""
        for orphan in self.unclaimed:
            article.parts[article.parts.index(orphan)] = orphan.text
            article.draft.byline.extend(orphan.names)
            self.orphans.remove(orphan)
        self.unclaimed = []

    def _titled_photo_above(self) -> bool:
        """Tell whether the text waiting since the last close follows a photo with a headline."""
        article = self.current
        return (
            article is not None
            and bool(self.unclaimed)
            and article.shape == PHOTO
            and bool(article.draft.title)
            and bool(article.draft.photo_credit)
            and all(orphan.home is article for orphan in self.unclaimed)
        )

    def _second_caption(self, token: Token) -> bool:
        """Tell whether a caption with its credit goes on the titled photo just closed.

        It does when it opens neither like a lead (a date, 近日) nor on an
        organisation or place of its own, and names no city the photo has not
        named: 参赛选手在规定时间内完成叉车绕桩作业。 刘倩 摄 under 叉车比武显身手.
        """
        article = self.current
        if (article is None or self.unclaimed or article.shape != PHOTO or not article.closed
                or not article.draft.title or not article.draft.photo_credit):
            return False
        return not opens_lead(token.text) and not new_to_story(token.text, _running_story(article))

    def _take_bullet(self, token: Token) -> None:
        article = self.current
        if article is None or article.shape != DIGEST or article.closed:
            # A news digest is its own item; a headline waiting above it stays waiting.
            article = _Article(ArticleDraft(title="", paragraphs=[]), DIGEST)
            self._start(article)
        article.parts.append(token.text)

    # -- opening and closing ------------------------------------------------

    def _start(self, article: _Article) -> None:
        self.articles.append(article)
        self.current = article
        self.unclaimed = []

    def _open(self, token: Token) -> _Article:
        """Open an article with the waiting headline material and its first paragraph."""
        pending, self.pending = self.pending, _Pending()
        headings = list(pending.headings)
        column = pending.column
        if len(headings) >= 2 and not column and _label_shaped(headings[0]):
            column = headings.pop(0)
        title = headings.pop() if headings else ""
        draft = ArticleDraft(
            title=title,
            paragraphs=[],
            subtitle=pending.subtitle,
            org=pending.orgs[0] if pending.orgs else "",
            column=column,
            byline=list(pending.author),
            author_titles=pending.author_titles,
        )
        if token.kind is Kind.BRIEF:
            draft.byline.extend(opening_byline(token.text))  # 本报讯（记者 王某）
        shape = BRIEF_SHAPE if token.kind is Kind.BRIEF else FEATURE
        article = _Article(draft, shape, labelled=bool(column))
        article.parts.extend(headings)  # kickers printed above the headline
        article.parts.extend(pending.subheads)
        article.story.subheads.extend(pending.subheads)
        article.parts.append(token.text)
        self._start(article)
        return article

    def _open_photo(self, title: str) -> _Article:
        """Open a photo item; the stray text just before its credit is its caption."""
        claimed, self.unclaimed = self.unclaimed, []
        article = _Article(ArticleDraft(title=title, paragraphs=[]), PHOTO)
        for orphan in claimed:
            orphan.home.parts.remove(orphan)
            orphan.home = article
            article.parts.append(orphan)
        self.articles.append(article)
        self.current = article
        return article

    def _sign(self, article: _Article, token: Token) -> None:
        """Record the byline or credit a token carries; either closes the article."""
        if not token.names:
            return
        if token.credit:
            article.draft.photo_credit.extend(token.names)
            if len(article.parts) <= PHOTO_MAX_PARAGRAPHS:
                article.shape = PHOTO
        else:
            article.draft.byline.extend(token.names)
        article.closed = True

    def _close_current(self) -> None:
        if self.current is not None:
            self.current.closed = True

    def _adopt_orphan(self, token: Token) -> None:
        home = self.current
        assert home is not None
        token.decision = ("text after its article had closed, with no headline: kept with the "
                          "article whose headline it shares most words with")
        orphan = _Orphan(token.text, home, [] if token.credit else list(token.names))
        home.parts.append(orphan)
        self.orphans.append(orphan)
        self.unclaimed.append(orphan)

    # -- step 3: tidying ----------------------------------------------------

    def _finish_pending(self) -> None:
        """Deal with headline material that no body followed: labels, or captions."""
        for heading in self.pending.headings:
            if _label_shaped(heading, TRAILING_LABEL_MAX_WIDTH):
                self.trailing_labels.append(heading)
            elif self.articles:
                self.articles[-1].parts.append(heading)
        if self.pending.subtitle and self.articles and not self.articles[-1].draft.subtitle:
            self.articles[-1].draft.subtitle = self.pending.subtitle
        self.pending = _Pending()

    def _place_orphans(self) -> None:
        """Move each orphan to the article whose headline it shares most with, if any."""
        # Only a headline sharing an AFFINITY_MIN_CHARS-long run with the orphan can
        # win, so an index of the headlines' runs of that length finds the rivals
        # without comparing every orphan with every headline (quadratic on a huge page).
        by_run: dict[str, list[_Article]] = {}
        for article in self.articles:
            for run in _runs(article.draft.title):
                by_run.setdefault(run, []).append(article)
        order = {id(a): i for i, a in enumerate(self.articles)}
        for orphan in self.orphans:
            rivals = {id(a): a for run in _runs(orphan.text) for a in by_run.get(run, ())}
            if not rivals:
                orphan.home.draft.byline.extend(orphan.names)
                continue
            home = order[id(orphan.home)]
            nearest = sorted(rivals.values(), key=lambda a: abs(order[id(a)] - home))[:MAX_RIVALS]
            best = max(sorted(nearest, key=lambda a: order[id(a)]),
                       key=lambda article: _affinity(orphan.text, article))
            score = _affinity(orphan.text, best)
            if score >= AFFINITY_MIN_CHARS and score > _affinity(orphan.text, orphan.home):
                orphan.home.parts.remove(orphan)
                orphan.home = best
                best.parts.append(orphan)
            orphan.home.draft.byline.extend(orphan.names)


def _running_story(article: _Article) -> RunningStory:
    """Return what the article has said so far, adding the paragraphs cut since last asked."""
    story = article.story
    if story.paragraphs == 0:
        story.add(article.draft.title)
        draft = article.draft
        story.headed = bool(draft.subtitle or draft.byline) and article.shape == FEATURE
    for part in article.parts[story.paragraphs - 1:]:
        story.add(part.text if isinstance(part, _Orphan) else part)
    return story


def _runs(text: str) -> set[str]:
    """Return every run of AFFINITY_MIN_CHARS characters in text."""
    return {text[i:i + AFFINITY_MIN_CHARS] for i in range(len(text) - AFFINITY_MIN_CHARS + 1)}


def _affinity(text: str, article: _Article) -> int:
    """Return how many consecutive characters text shares with the article's headline."""
    title = article.draft.title
    if not title:
        return 0
    match = SequenceMatcher(None, text, title, autojunk=False).find_longest_match(
        0, len(text), 0, len(title)
    )
    return match.size


def _label_preceding_runs(articles: list[_Article], labels: list[str]) -> None:
    """Give labels printed after the last article to the articles above them.

    The label nearest the end of the page goes to the last run of articles of
    one shape (the briefs under 基层 短播), the next label up to the run before
    it (the profile under 工会干部 传真).
    """
    index = len(articles) - 1
    for label in reversed(labels):
        while index >= 0 and articles[index].draft.column:
            index -= 1
        if index < 0:
            return
        shape = articles[index].shape
        while index >= 0 and articles[index].shape == shape and not articles[index].draft.column:
            articles[index].draft.column = label
            index -= 1


def _spread_labels(articles: list[_Article]) -> None:
    """Give a label printed above an article to the following articles of the same shape."""
    column, shape = "", ""
    for article in articles:
        if article.labelled:
            column, shape = article.draft.column, article.shape
        elif column and not article.draft.column and article.shape == shape:
            article.draft.column = column
        else:
            column = ""


def _caption_like(line: str) -> bool:
    """Tell whether a headline-shaped line above a credit is a caption (a lead, a comma, long)."""
    return opens_lead(line) or has_clause_mark(line) or display_width(line) > CAPTION_MIN_WIDTH


# A bracketed credit naming the picture closes a photo item: （图文/沈阳）, （文/王某 图/李某）.
PICTURE_CREDIT_END = re.compile(r"[(（][^()（）]*图[^()（）]*[)）]\s*$")


def caption_title(caption: str) -> str:
    """Return the title of a photo printed without a headline: its caption's first clause."""
    credit = find_photo_credit(caption)
    if credit is not None and not credit.after:
        caption = credit.before
    caption = PICTURE_CREDIT_END.sub("", caption.strip())
    clauses = [clause.strip() for clause in CLAUSE_END.split(caption.strip()) if clause.strip()]
    if len(clauses) > 1 and DATE_CLAUSE.match(clauses[0]):
        clauses.pop(0)  # 9月3日，蚌埠市总工会…: the date is not what the photo shows
    return clauses[0] if clauses else ""


def _finished(article: _Article) -> ArticleDraft:
    """Return the article's draft with its paragraphs and names in final form."""
    draft = article.draft
    draft.paragraphs = [part.text if isinstance(part, _Orphan) else part for part in article.parts]
    if not draft.title and draft.paragraphs and (
        article.shape == PHOTO or PICTURE_CREDIT_END.search(draft.paragraphs[-1])
    ):
        # A photo item without a headline (also one closed by a bracketed 图文 credit).
        draft.title = caption_title(draft.paragraphs[0])
    draft.byline = list(dict.fromkeys(draft.byline))
    draft.photo_credit = list(dict.fromkeys(draft.photo_credit))
    return draft


def split_page(text: str) -> list[ArticleDraft]:
    """Cut one page into articles, in reading order."""
    return _PageCutter(tokenize(text)).cut()


def trace_page(text: str) -> tuple[list[Token], list[ArticleDraft]]:
    """Cut one page and return its tokens too, each with its rule and what the cutter decided."""
    tokens = tokenize(text)
    return tokens, _PageCutter(tokens).cut()
