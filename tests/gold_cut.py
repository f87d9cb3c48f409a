"""Cut the gold articles of ``../shared/pages-dev`` out of their pages, by the gold file.

Takes ``gold.json`` and the page files beside it (``DEV``: ../shared/pages-dev; the
blind audit pages of tests/data/pages-audit have the same layout); gives one ``GoldArticle`` per gold
article: an ``ArticleDraft`` holding exactly the gold article's text (its headline, an
organisation line printed above it, a ``——`` subtitle, the body from ``first`` to
``last`` and the closing byline line), and the gold labels. So labels can be measured
on whole articles whatever ``segment`` does with the page.

Run as a script to print each article whose labels disagree with gold:

    .venv/bin/python tests/gold_cut.py [--all] [--audit]
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.ingest.model import ArticleDraft  # noqa: E402

DEV = ROOT.parent / "shared" / "pages-dev"
if not DEV.exists():
    DEV = Path("/work/shared/pages-dev")
ORG_MAX_CHARS = 16


@dataclass
class GoldArticle:
    """One gold article cut from its page, with its gold labels."""

    file: str
    title: str
    draft: ArticleDraft
    gold: dict


def _norm_map(text: str) -> tuple[str, list[int]]:
    """Return the page's letters and digits (NFKC) and each one's position in the text."""
    chars, where = [], []
    for i, c in enumerate(text):
        for n in unicodedata.normalize("NFKC", c):
            if unicodedata.category(n)[0] in "LN":
                chars.append(n)
                where.append(i)
    return "".join(chars), where


def _norm(s: str) -> str:
    return _norm_map(s or "")[0]


AUDIT = ROOT / "tests" / "data" / "pages-audit"


def gold_articles(dev: Path = DEV) -> list[GoldArticle]:
    """Return every gold article of a gold set (pages-dev by default) cut from its page."""
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    out: list[GoldArticle] = []
    for page in gold["pages"]:
        text = (dev / "corpus" / page["file"]).read_text(encoding="utf-8")
        flat, where = _norm_map(text)
        cursor = 0  # in `flat`
        prev_end = 0  # in `text`
        for g in page["articles"]:
            first = flat.find(_norm(g["first"]), cursor)
            last_at = flat.find(_norm(g["last"]), first)
            title_at = flat.rfind(_norm(g["title"]), cursor, first + 1)
            if first < 0 or last_at < 0:
                raise ValueError(f"{page['file']}: cannot find {g['title']}")
            start = where[title_at] if title_at >= 0 else where[first]
            start = text.rfind("\n", 0, start) + 1  # the headline's line (an opening quote)
            body_start = where[first]
            end = text.find("\n", where[last_at + len(_norm(g["last"])) - 1])
            end = len(text) if end < 0 else end
            if g.get("byline") and _norm(g["byline"]) not in _norm(text[start:end]):
                byline_at = flat.find(_norm(g["byline"]), last_at)
                if byline_at >= 0:
                    end = text.find("\n", where[byline_at])
                    end = len(text) if end < 0 else end
            cursor = last_at + len(_norm(g["last"]))
            draft = _draft(text, prev_end, start, body_start, end, g)
            out.append(GoldArticle(page["file"], g["title"], draft, g))
            prev_end = end
    return out


def _draft(
    text: str, prev_end: int, start: int, body_start: int, end: int, g: dict
) -> ArticleDraft:
    """Build the draft: org line above the headline, subtitle and body below it."""
    above = [line.strip() for line in text[prev_end:start].splitlines() if line.strip()]
    is_org = above and above[-1].endswith("工会") and len(above[-1]) <= ORG_MAX_CHARS
    org = above[-1] if is_org else ""
    head_end = text.find("\n", start)
    head_end = body_start if head_end < 0 or head_end > body_start else head_end
    between = [line.strip() for line in text[head_end:body_start].splitlines() if line.strip()]
    dashed = [line for line in between if line.startswith(("——", "--"))]
    subtitle = " ".join(line.lstrip("—-").strip() for line in dashed)
    paragraphs = [line for line in between if not line.startswith(("——", "--"))]
    body = text[body_start:end]
    if paragraphs and not text[body_start - 1].isspace():
        body = paragraphs.pop() + body  # the body opens on the line of its 本报讯 / caption
    paragraphs += [line.strip() for line in body.splitlines() if line.strip()]
    return ArticleDraft(title=g["title"], paragraphs=paragraphs, subtitle=subtitle, org=org)


def label_rows(describe, dev: Path = DEV) -> list[dict]:
    """Label each gold article with ``describe`` and say whether cities / levels agree."""
    rows = []
    for art in gold_articles(dev):
        labels = describe(art.draft)
        g = art.gold
        found_c, found_l = set(labels["cities"]), set(labels["levels"])
        need_c, need_l = set(g["cities"]), set(g["levels"])
        rows.append(dict(
            file=art.file, title=art.title, labels=labels,
            cities=need_c <= found_c <= need_c | set(g["cities_ok"]),
            levels=need_l <= found_l <= need_l | set(g["levels_ok"]),
        ))
    return rows


def main() -> None:
    from indexer.ingest.metadata import describe

    dev = AUDIT if "--audit" in sys.argv else DEV
    rows = label_rows(describe, dev)
    golds = {(a.file, a.title): a for a in gold_articles(dev)}
    for row in rows:
        if "--all" in sys.argv or not (row["cities"] and row["levels"]):
            g = golds[(row["file"], row["title"])].gold
            flags = ("C" if row["cities"] else "-") + ("L" if row["levels"] else "-")
            print(f"{flags} {row['file']} {row['title'][:30]}")
            if not row["cities"]:
                got = row["labels"]["cities"]
                print(f"     cities {got} want {g['cities']} ok {g['cities_ok']}")
            if not row["levels"]:
                got = row["labels"]["levels"]
                print(f"     levels {got} want {g['levels']} ok {g['levels_ok']}")
    for part in ("2023/", "2024/", "2025/", ""):
        sel = [r for r in rows if r["file"].startswith(part)]
        cities, levels = sum(r["cities"] for r in sel), sum(r["levels"] for r in sel)
        both = sum(r["cities"] and r["levels"] for r in sel)
        print(f"{part or 'all'}: {len(sel)} articles, cities {cities}, levels {levels}, both {both}")


if __name__ == "__main__":
    main()
