"""What a user sees when something goes wrong: a message, never a traceback.

Takes the app; registers handlers that answer HTML pages with the error page
and ``/api/`` paths with ``{"error": message}``. A missing index is a 503 that
says how to build one, an index written in another format a 503 that says to
rebuild it; a bad query in an export link is a 400.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.search.query import QueryError
from indexer.storage.store import IndexMissing, IndexOutdated

MESSAGES = {
    400: "请求有误。",
    404: "页面不存在。",
    405: "不支持这种请求方式。",
    500: "服务器内部错误，请稍后再试。",
    503: "索引还没有建立，暂时无法搜索。",
}

OUTDATED = "索引由旧版本建立，需要重建后才能搜索。"


def _answer(status: int, message: str, detail: str = ""):
    if request.path.startswith("/api/"):
        return jsonify({"error": message + (" " + detail if detail else "")}), status
    return render_template("error.html", status=status, message=message, detail=detail), status


def register(app: Flask) -> None:
    """Register the error handlers on the app."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        default = MESSAGES.get(error.code or 500, error.name)
        described = error.description if error.description and not \
            error.description.startswith(("The ", "Method ", "The requested")) else ""
        return _answer(error.code or 500, described or default)

    @app.errorhandler(QueryError)
    def query_error(error: QueryError):
        return _answer(400, str(error))

    @app.errorhandler(IndexMissing)
    def index_missing(error: IndexMissing):
        return _answer(503, MESSAGES[503], str(error))

    @app.errorhandler(IndexOutdated)
    def index_outdated(error: IndexOutdated):
        return _answer(503, OUTDATED, str(error))

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return _answer(500, MESSAGES[500])
