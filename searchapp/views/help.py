"""The help page: the query language, facets and inferred dates, with examples.

Takes nothing; gives a page whose examples are links that run the search.
"""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("help", __name__)


@bp.get("/help")
def help_page():
    """Show how to search."""
    return render_template("help.html")
