"""Why an article has its cities, counties and levels: the 标注依据 of the article page.

Takes an article's stored fields (``evidence`` is the JSON of ``Article.evidence``:
``[{"label": "city"|"county"|"level", "value": "合肥", "rule": "…", "text": "the
sentence"}]``); gives one entry per label the article carries, in the order the
article lists them, each with the rules and sentences that gave it:

    [{"label": "city", "kind": "城市", "value": "合肥", "corrected": False,
      "reasons": [{"rule": "…", "text": "…"}]}, …]

A label set by hand in ``corpus/corrections.toml`` has the rule ``correction``
and ``corrected: True``. A label with no recorded evidence (an index built
before evidence was kept) has no reasons; evidence for a value the article no
longer carries is left out.
"""

from __future__ import annotations

import json

KINDS = (("city", "cities", "城市"), ("county", "counties", "区县"), ("level", "levels", "工会级别"))
CORRECTION = "correction"


def stored_evidence(f: dict) -> list[dict]:
    """Return the evidence list of stored fields ([] when missing or unreadable)."""
    raw = f.get("evidence")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    if not isinstance(raw, list):
        return []
    return [item for item in raw if isinstance(item, dict)]


def _values(f: dict, field: str) -> list[str]:
    value = f.get(field)
    if isinstance(value, str):
        return [v for v in value.split(",") if v]
    return list(value or [])


def label_evidence(f: dict) -> list[dict]:
    """Return, for each city, county and level of an article, the rules and sentences behind it."""
    evidence = stored_evidence(f)
    out = []
    for label, field, kind in KINDS:
        for value in _values(f, field):
            reasons = [{"rule": str(item.get("rule") or ""), "text": str(item.get("text") or "")}
                       for item in evidence if item.get("label") == label and item.get("value") == value]
            out.append({"label": label, "kind": kind, "value": value, "reasons": reasons,
                        "corrected": any(r["rule"] == CORRECTION for r in reasons)})
    return out
