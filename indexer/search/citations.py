"""Citations of newspaper articles: GB/T 7714, RIS and BibTeX.

Takes article records (``engine.article_record``: title, byline, date,
date_inferred, page, id), the paper's name and the base URL of the web app;
gives text that reference managers import:

* ``gbt7714``: one line, 作者. 题名[N]. 报名, 日期(版次). (GB/T 7714-2015, 4.4 / 8.1)
* ``ris``: one ``TY  - NEWS`` record per article (EndNote, Zotero, NoteExpress,
  CNKI's own export format), one ``AU`` line per author;
* ``bibtex``: one ``@article`` with ``entrysubtype = {newspaper}`` (biblatex's
  newspaper article; Zotero, JabRef and BibTeX read it as an article in a
  periodical), authors joined by ``and``.

Every record carries the permalink of the article page and, when the date was
inferred from the text (the page's path carries none), a note saying so. An
inferred date is a lower bound known only as precisely as the text supports
(``date_precision``): each format gives only those parts (GB/T 7714 ``2021-11``,
RIS ``2021/11//``, BibTeX ``date = {2021-11}``), never a made-up day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

NEWSPAPER = "安徽工人日报"  # the paper's name as cited (README, pages-dev/README.md)
MAX_AUTHORS = 3  # GB/T 7714: list three, then "等"
INFERRED_NOTE = "日期据正文推断（版面文件未标日期），可能早于实际刊出日期"
NO_TITLE = "（无题）"


def permalink(base_url: str, article_id: str) -> str:
    """Return the article page's URL under base_url (a path alone if base_url is empty)."""
    return f"{base_url.rstrip('/')}/article/{article_id}"


def note(record: dict) -> str:
    """Return the note a citation carries: why the date may be off, or nothing."""
    return INFERRED_NOTE if record.get("date") and record.get("date_inferred") else ""


def gbt7714(record: dict, newspaper: str = NEWSPAPER) -> str:
    """Return a GB/T 7714 reference to a newspaper article: 作者. 题名[N]. 报名, 日期(版次)."""
    authors = record.get("byline") or []
    lead = ""
    if authors:
        lead = ", ".join(authors[:MAX_AUTHORS]) + (", 等" if len(authors) > MAX_AUTHORS else "") + ". "
    title = record.get("title") or NO_TITLE
    text = f"{lead}{title}[N]. {newspaper}"
    if record.get("date"):
        # An inferred date only as precise as the text supports (2021-11), never a made-up day.
        text += ", " + "-".join(part for part in _known_parts(record) if part)
        if record.get("page"):
            text += f"({record['page']})"
    return text + "."


def _known_parts(record: dict) -> tuple[str, str, str]:
    """Return (year, month, day) of the date, blank where an inferred date is not that precise."""
    year, month, day = record["date"].split("-")
    precision = record.get("date_precision") if record.get("date_inferred") else "day"
    if precision == "year":
        return year, "", ""
    if precision == "month":
        return year, month, ""
    return year, month, day


def _one_line(value) -> str:
    return " ".join(str(value).split())


def ris(record: dict, newspaper: str = NEWSPAPER, base_url: str = "") -> str:
    """Return one RIS record (CRLF line ends, as EndNote writes them)."""
    lines = [("TY", "NEWS"), ("TI", record.get("title") or NO_TITLE)]
    lines += [("AU", author) for author in record.get("byline") or []]
    if record.get("date"):
        year, month, day = _known_parts(record)
        date = f"{year}/{month}/{day}" if day else f"{year}/{month}//"  # RIS: unknown parts empty
        lines += [("PY", year), ("DA", date)]
    lines.append(("T2", newspaper))
    if record.get("page"):
        lines.append(("SP", str(record["page"])))
    lines += [("LA", "zh-CN"), ("UR", permalink(base_url, record["id"])), ("ID", record["id"])]
    if note(record):
        lines.append(("N1", note(record)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}".rstrip() + "\r\n" for tag, value in lines) + "\r\n"


BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bib(value) -> str:
    """Escape a value for a braced BibTeX field."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES.get(m.group(1), "\\" + m.group(1)),
                              _one_line(value))


def bibtex_key(record: dict) -> str:
    """Return the entry key: gonghui, the date's digits and the id (unique per article)."""
    date = (record.get("date") or "").replace("-", "")
    return f"gonghui{date}-{record['id']}"


def bibtex(record: dict, newspaper: str = NEWSPAPER, base_url: str = "") -> str:
    """Return one BibTeX entry of a newspaper article."""
    fields = [("title", record.get("title") or NO_TITLE)]
    authors = record.get("byline") or []
    if authors:
        fields.append(("author", " and ".join("{" + _bib(a) + "}" for a in authors)))
    fields += [("journal", newspaper), ("entrysubtype", "newspaper")]
    if record.get("date"):
        year, month, day = _known_parts(record)
        fields += [("date", "-".join(p for p in (year, month, day) if p)), ("year", year)]
        fields += [(name, str(int(value))) for name, value in (("month", month), ("day", day)) if value]
    if record.get("page"):
        fields.append(("pages", str(record["page"])))
    fields += [("url", permalink(base_url, record["id"])), ("langid", "chinese")]
    if note(record):
        fields.append(("note", note(record)))
    body = ",\n".join(f"  {name} = {{{value if name in ('author', 'url') else _bib(value)}}}"
                      for name, value in fields)
    return f"@article{{{bibtex_key(record)},\n{body}\n}}\n\n"


FORMATS = {"gbt7714": "GB/T 7714", "ris": "RIS", "bibtex": "BibTeX"}


def cite(record: dict, fmt: str, newspaper: str = NEWSPAPER, base_url: str = "") -> str:
    """Return one article's citation in a format of FORMATS."""
    if fmt == "gbt7714":
        return gbt7714(record, newspaper) + "\n"
    if fmt == "ris":
        return ris(record, newspaper, base_url)
    if fmt == "bibtex":
        return bibtex(record, newspaper, base_url)
    raise ValueError(f"unknown citation format {fmt!r}")


def lines(records: Iterable[dict], fmt: str, newspaper: str = NEWSPAPER,
          base_url: str = "") -> Iterator[str]:
    """Yield the citation of each record in turn (for a streamed download)."""
    for record in records:
        yield cite(record, fmt, newspaper, base_url)


def with_citation(records: Iterable[dict], newspaper: str = NEWSPAPER,
                  base_url: str = "") -> Iterator[dict]:
    """Yield each record with its permalink ``url`` and GB/T 7714 ``citation`` added."""
    for record in records:
        yield {**record, "url": permalink(base_url, record["id"]),
               "citation": gbt7714(record, newspaper)}
