"""Hostile input at every page and JSON twin: never a 5xx, a traceback, a slow answer or markup.

Hypothesis throws random Unicode (astral, control, NUL, right-to-left marks),
unbalanced quotes and parentheses, operators, field prefixes, 10,000-character
queries and junk paging, filter, sort and synonym values at the search page,
its JSON twin, the exports, the trend chart and article pages of the session
index (``built_index``), through the Flask test client. A user who types
anything gets a page or a message, quickly, with nothing of theirs run as markup.
"""

from __future__ import annotations

import builtins
import json
import logging
import re
import time
from html import escape
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indexer.storage.schema import CITIES, LEVELS
from searchapp import create_app

BOUND_SECONDS = 5.0  # a bound on a pathological request, not a benchmark
ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
PAGES = Path(__file__).resolve().parent / "data" / "pages"
EXCEPTION_NAMES = sorted({n for n in dir(builtins) if n.endswith(("Error", "Exception"))}
                         | {"Traceback", "QueryError", "IndexMissing", "PageError", "werkzeug.exceptions"})
SEARCH_ENDPOINTS = ["/", "/search", "/api/search", "/export.csv", "/export.jsonl", "/trend", "/api/trend",
                    "/kwic", "/api/kwic", "/kwic.csv", "/trend.csv", "/export.ris", "/export.bib",
                    "/cite", "/api/cite", "/counts", "/api/counts", "/counts.csv"]
HTML_ENDPOINTS = ["/", "/search", "/trend", "/kwic", "/counts"]

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# ---------------------------------------------------------------- what a hostile user types

WORDS = ["工会", "劳模", "职工", "合肥", "阜阳", "创新工作室", "县区级",
         "2021", "2021-11", "x", "工"]
FIELDS = ["标题:", "title:", "TITLE:", "城市:", "city:", "级别:", "level:", "层级:",
          "日期:", "date:", "from:", "to:", "起:", "至:", "标题：", "foo:"]
OPERATORS = ["OR", "NOT", "AND", "or", "-", "--", "- ", "|", "+", "*", "?", "~"]
PUNCTUATION = ['"', '"', "“", "”", "(", "(", ")", ")", " ", " ", ":", "\\", "'", "%", "&", "#",
               "/", ";", "<", ">", "&amp;", "%00", "%2e%2e"]
ODD = ["\x00", "\u202e", "\u202d", "\u200f", "\u200e", "\u200b", "\ufeff", "\U0001F600", "\U00020000",
       "\U0010FFFF", "\u0301", "\r\n", "\t", "\x7f", "\x1b[31m", "\ufffd", "\u3000", "\uff08", "\u2028"]
# Any character but lone surrogates, which cannot travel in a URL.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
piece = st.one_of(st.sampled_from(WORDS + FIELDS + OPERATORS + PUNCTUATION + ODD), any_text)
queries = st.one_of(
    st.lists(piece, max_size=40).map("".join),
    st.lists(piece, max_size=40).map(" ".join),
    st.tuples(piece, st.integers(1, 10_000)).map(lambda t: (t[0] * t[1])[:10_000] or "工"),
    st.integers(490, 10_000).map(lambda n: ("工会 " * n)[:n]),
)
numbers = st.one_of(
    st.integers(-10**40, 10**40).map(str),
    st.sampled_from(["", " ", "abc", "1.5", "1e9", "NaN", "inf", "-0", "0x10", "١٢", "３", "+3", "  7 ",
                     "1\x00", "9" * 5000, "2" * 4300, "-" + "9" * 4300]),
    any_text,
)
cities = st.one_of(
    st.sampled_from([*CITIES, "阜阳市", " 合肥 ", "北京", "", "阜阳,合肥"]), any_text)
levels = st.one_of(st.sampled_from(list(LEVELS) + ["县级", "全总", "乡镇", "省", ""]), any_text)
dates = st.one_of(st.sampled_from([
    "2021", "2021-11", "2021-11-12", "2021-02-30", "0000", "0001", "9999", "9999-12-31", "2021-13",
    "2021年11月", "2021.11.12", "-1", "１９９９", "2021-1-1日", "20211112", ""]), any_text)
sorts = st.one_of(
    st.sampled_from(["relevance", "newest", "oldest", "NEWEST", " oldest", "random", ""]), any_text)
flags = st.one_of(st.sampled_from(["1", "0", "true", "on", "yes", "YES", ""]), any_text)
search_params = st.fixed_dictionaries({}, optional={
    "q": queries, "page": numbers, "per_page": numbers, "city": st.lists(cities, max_size=4),
    "level": st.lists(levels, max_size=4), "from": dates, "to": dates, "sort": sorts,
    "synonyms": flags, "by": st.one_of(st.sampled_from(["month", "year", "week", "city", "year,city",
                                                       "county,level", ""]), any_text),
    "width": numbers, "id": st.lists(st.one_of(st.sampled_from(["0" * 16, "abc", ""]), any_text), max_size=3),
})
markers = st.builds(lambda tag, n: f"<{tag} data-h{n}=1>", st.sampled_from(
    ["script", "img src=x onerror=alert(1)", "svg onload=alert(1)", "iframe", "b", "mark"]),
    st.integers(0, 10**6))


# ---------------------------------------------------------------- the app under attack


class _Errors(logging.Handler):
    """Keep the tracebacks the app logs, so a failing example can show one."""

    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def emit(self, record):
        self.seen.append(self.format(record))


@pytest.fixture(scope="module")
def app(built_index):
    """The app as served: not TESTING, so errors go through the app's own handlers."""
    app = create_app({"INDEX_DIR": str(built_index)})
    app.logged_errors = _Errors()
    app.logger.addHandler(app.logged_errors)
    yield app
    app.logger.removeHandler(app.logged_errors)


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def article_id(client) -> str:
    return client.get("/api/search", query_string={"q": "工会"}).get_json()["hits"][0]["id"]


def _sent_text(path: str, params) -> str:
    values = []
    for value in (params or {}).values():
        values.extend(value if isinstance(value, list) else [value])
    return path + " " + " ".join(values)


def fetch(app, client, path: str, params: dict | None = None):
    """Get a URL, read the whole (maybe streamed) body; assert what holds for any answer."""
    logged = len(app.logged_errors.seen)
    started = time.perf_counter()
    try:
        response = client.get(path, query_string=params)
        body = response.get_data(as_text=True)
    except Exception as error:  # a streamed export that breaks mid-way, say
        pytest.fail(f"GET {path} {params!r} raised {error!r}")
    seconds = time.perf_counter() - started
    trace = "\n".join(app.logged_errors.seen[logged:])
    where = f"GET {path} {params!r}"
    assert response.status_code < 500, f"{where} -> {response.status_code}\n{trace}"
    assert seconds < BOUND_SECONDS, f"{where} took {seconds:.1f} s"
    sent = _sent_text(path, params)
    leaked = [name for name in EXCEPTION_NAMES if name in body and name not in sent]
    assert not leaked, f"{where} shows {leaked}"
    if response.mimetype == "text/html":
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], where
    if path.startswith("/api/") and not 300 <= response.status_code < 400:
        assert isinstance(response.get_json(silent=True), dict), f"{where} is not a JSON object"
    if path == "/export.jsonl" and response.status_code == 200:
        for line in body.splitlines():
            json.loads(line)
    if path == "/export.csv" and response.status_code == 200:
        assert body.startswith("\ufeff"), where
    return response, body


def followed(app, client, path: str):
    """Fetch a path, following the redirects Werkzeug makes when it merges "//" (they must stay here)."""
    response, body = fetch(app, client, path)
    for _ in range(3):
        if response.status_code not in (301, 308):
            break
        location = response.headers["Location"]
        assert location.startswith(("/", "http://localhost/")) and not location.startswith("//"), location
        response, body = fetch(app, client, location.removeprefix("http://localhost"))
    return response, body


def only_marks(html: str) -> bool:
    """Tell whether a highlighted string holds no markup but <mark>…</mark>, balanced."""
    rest = html.replace("<mark>", "").replace("</mark>", "")
    return "<" not in rest and ">" not in rest and html.count("<mark>") == html.count("</mark>")


# ---------------------------------------------------------------- the tests


@SETTINGS
@given(endpoint=st.sampled_from(SEARCH_ENDPOINTS), params=search_params)
@example(endpoint="/search", params={"q": "-" * 499 + "工"})
@example(endpoint="/api/search", params={"q": "标题:-" * 100 + "工", "synonyms": "1"})
@example(endpoint="/search",
         params={"q": " OR ".join("工会职劳模创新合肥" * 4)[:499], "per_page": "100"})
@example(endpoint="/export.jsonl", params={"q": "工", "page": "-1", "per_page": "9" * 5000})
@example(endpoint="/trend", params={"q": "日期:0001", "from": "0001", "to": "9999-12-31", "by": "year"})
@example(endpoint="/search", params={"q": "x" * 10_000})
def test_no_hostile_search_gets_a_server_error_a_traceback_or_a_slow_answer(app, client, endpoint, params):
    """Any query and parameters at any search endpoint: a page or a message, in bounded time."""
    response, body = fetch(app, client, endpoint, params)
    if endpoint == "/api/search" and response.status_code == 200:
        data = response.get_json()
        assert 1 <= data["per_page"] <= 100 and 1 <= data["page"] <= data["pages"]
        assert len(data["hits"]) <= data["per_page"]
    if endpoint.startswith("/api/") and response.status_code == 400:
        assert response.get_json()["error"]


@SETTINGS
@given(endpoint=st.sampled_from(HTML_ENDPOINTS + ["/article/"]), params=search_params,
       name=st.sampled_from(["q", "q", "q", "city", "level", "from", "to", "sort", "page", "per_page",
                             "synonyms", "by"]),
       marker=markers, where=st.integers(0, 40))
def test_markup_typed_into_any_parameter_comes_back_escaped(app, client, article_id, endpoint, params, name,
                                                            marker, where):
    """A tag typed into the query or a filter is shown as text on every HTML page, never run."""
    params = dict(params)
    value = params.get(name, "")
    value = value[0] if isinstance(value, list) and value else value if isinstance(value, str) else ""
    params[name] = value[:where] + marker + value[where:]
    path = endpoint + article_id if endpoint == "/article/" else endpoint
    response, body = fetch(app, client, path, params)
    assert marker not in body, f"GET {path} {params!r} shows the tag unescaped"
    if path == "/search" and name == "q":
        assert escape(params["q"].strip(), quote=False) in body.replace("&#34;", '"').replace("&#39;", "'")


# Markup inside the archive's own text (OCR of a web page might hold some): shown as text too.
MARKUP = {"劳模": "<i data-ocr=1>劳模</i>", "系统联动": "<script data-ocr=1>alert(1)</script>系统联动",
          "工会": "工会<img data-ocr=1 src=x onerror=alert(1)>"}
RAW_TAGS = ["<i data-ocr", "<script data-ocr", "<img data-ocr"]


@pytest.fixture(scope="module")
def markup_app(tmp_path_factory):
    """The app on an index of the sample pages with markup put into their headlines and text."""
    from indexer.storage.writer import rebuild

    corpus = tmp_path_factory.mktemp("markup_corpus")
    for page in sorted(PAGES.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        for plain, marked in MARKUP.items():
            text = text.replace(plain, marked)
        (corpus / page.name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("markup_index")
    rebuild(corpus, index_dir, procs=1)
    app = create_app({"INDEX_DIR": str(index_dir)})
    app.logged_errors = _Errors()
    app.logger.addHandler(app.logged_errors)
    records = [json.loads(line) for line in app.test_client().get("/export.jsonl").get_data(as_text=True)
               .splitlines()]
    assert any("<script data-ocr" in r["title"] + r["text"] for r in records), "the markup was not indexed"
    assert any("<i data-ocr" in r["title"] for r in records), "no headline holds markup"
    yield app
    app.logger.removeHandler(app.logged_errors)


@pytest.mark.slow
@SETTINGS
@given(word=st.sampled_from(["劳模", "工会", "系统联动", "创新", "alert", "data-ocr", "src=x", "<", "="]),
       junk=st.text(st.sampled_from('<>&"\'/=工会职劳模 b script mark data-ocr \x00'), max_size=12),
       title_only=st.booleans(), synonyms=st.booleans())
@example(word="劳模", junk="<mark>", title_only=False, synonyms=False)
@example(word="劳模", junk="</mark><script>", title_only=True, synonyms=True)
@example(word="<", junk="", title_only=False, synonyms=False)
def test_json_highlights_hold_no_tag_but_mark(markup_app, word, junk, title_only, synonyms):
    """Snippets and titles in the JSON twins escape all markup, the archive's own too, but <mark>."""
    client = markup_app.test_client()
    junk = junk.replace('"', "")
    q = f'{"标题:" if title_only else ""}{word}' + (f' OR "{junk}"' if junk.strip() else "")
    params = {"q": q, "per_page": "100", "synonyms": "1" if synonyms else ""}
    _, body = fetch(markup_app, client, "/api/search", params)
    hits = json.loads(body).get("hits", [])
    for hit in hits:
        assert only_marks(hit["snippet"]), (q, hit["snippet"])
        assert only_marks(hit["title_html"]), (q, hit["title_html"])
    for hit in hits[:3]:
        _, body = fetch(markup_app, client, hit["api_url"], {"q": q})
        data = json.loads(body)
        for html in [data["title_html"], *data["paragraphs_html"]]:
            assert only_marks(html), (q, html)


@pytest.mark.parametrize("q", ["劳模", "系统联动", "工会 劳模", "alert", "data-ocr", ""])
def test_markup_in_the_archive_text_is_shown_as_text_on_every_page(markup_app, q):
    """The results page and article pages show the archive's own tags as text."""
    client = markup_app.test_client()
    hits = client.get("/api/search", query_string={"q": q, "per_page": 100}).get_json()["hits"]
    assert hits
    urls = [("/search", {"q": q, "per_page": "100"})]
    urls += [(h["url"].split("?")[0], {"q": q}) for h in hits if "data-ocr" in h["title"]][:5]
    for path, params in urls:
        _, body = fetch(markup_app, client, path, params)
        assert not [tag for tag in RAW_TAGS if tag in body], (path, params)
        assert "&lt;" in body, (path, params)


TRAVERSALS = ["/article/..", "/article/%2e%2e", "/article/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
              "/article/../../../../etc/passwd", "/article/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
              "/article//etc/passwd", "/article/%2Fetc%2Fpasswd", "/article/%00", "/article/..%00",
              "/article/0123456789abcdef%00", "/article/%000123456789abcdef",
              "/article/0123456789abcdef%2F..", "/article/0123456789abcdef/..%2F..%2Fpyproject.toml",
              "/article/~root", "/article/%252e%252e",
              "/article/file:%2F%2F%2Fetc%2Fpasswd", "/api/article/%2e%2e", "/api/article/%00",
              "/api/article/..%2F..%2Fetc%2Fpasswd", "/static/../../pyproject.toml",
              "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2F..%2Fpyproject.toml",
              "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static//etc/passwd"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_article_and_static_paths_that_climb_out_are_a_404_never_a_file(app, client, path):
    """Dot-dot, encoded dot-dot, NUL and absolute paths find no article and no file."""
    response, body = followed(app, client, path)
    assert response.status_code == 404, (path, response.status_code)
    assert "root:" not in body and "[project]" not in body and "Content-Disposition" not in response.headers


@SETTINGS
@given(junk=st.one_of(any_text, st.text(st.sampled_from("0123456789abcdefABCDEF./%\x00"), max_size=20)))
def test_any_article_id_that_is_not_an_article_is_a_404(app, client, junk):
    """Whatever follows /article/, it is an article page or a 404 page, never an error."""
    for prefix in ("/article/", "/api/article/"):
        path = prefix + quote(junk, safe="")
        response, body = followed(app, client, path)
        if ARTICLE_ID.fullmatch(junk) and response.status_code == 200:
            continue  # junk happened to be a real article id
        assert response.status_code == 404, (path, response.status_code)


def test_the_app_is_never_in_debug_mode_and_a_bug_is_a_plain_500(built_index, monkeypatch):
    """Asking for debug mode is ignored, so an unexpected error shows a message, not the debugger."""
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INDEX_DIR": str(built_index), "DEBUG": True})
    assert app.debug is False

    def broken():
        raise ZeroDivisionError("a bug")

    app.add_url_rule("/broken", view_func=broken)
    app.add_url_rule("/api/broken", view_func=broken, endpoint="api_broken")
    monkeypatch.setattr(app.logger, "disabled", True)  # the traceback goes to the log; keep output clean
    client = app.test_client()
    page = client.get("/broken")
    assert page.status_code == 500 and "服务器内部错误" in page.get_data(as_text=True)
    assert page.headers["Content-Security-Policy"]
    answer = client.get("/api/broken")
    assert answer.status_code == 500
    assert answer.get_json() == {"error": "服务器内部错误，请稍后再试。"}
    for response in (page, answer):
        text = response.get_data(as_text=True)
        assert "Traceback" not in text and "ZeroDivisionError" not in text and "a bug" not in text
