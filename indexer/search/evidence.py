"""Why an article has its cities, counties and levels: the 标注依据 of the article page.

Takes an article's stored fields (``evidence`` is the JSON of ``Article.evidence``:
``[{"label": "city"|"county"|"level", "value": "合肥", "rule": "…", "text": "the
sentence"}]``); gives one entry per label the article carries, in the order the
article lists them, each with the rules and sentences that gave it:

    [{"label": "city", "kind": "城市", "value": "合肥", "corrected": False,
      "reasons": [{"rule": "lead", "rule_name": "导语中点名", "text": "…"}]}, …]

A label set by hand in ``corpus/corrections.toml`` has the rule ``correction``
and ``corrected: True``. A label with no recorded evidence (an index built
before evidence was kept) has no reasons; evidence for a value the article no
longer carries is left out.
"""

from __future__ import annotations

import json

KINDS = (("city", "cities", "城市"), ("county", "counties", "区县"), ("level", "levels", "工会级别"))
CORRECTION = "correction"
# What each rule of ingest (metadata, levels, corrections) means, for a reader.
# A rule not listed here is shown by its own name.
RULE_NAMES = {
    "headline": "标题、单位行或副题中点名",
    "lead": "导语中点名",
    "repeated": "正文两句以上提到",
    "one mention": "正文一处点明事件或主体所在地",
    "grantor": "主办、授予或命名者",
    "host": "主办、承办者",
    "acting union": "当地工会在文中行动",
    "guidance": "指导者",
    "directive": "部署、要求者",
    "subject": "句子的主语",
    "named": "正文点名的工会",
    "enterprise story": "企业的报道",
    "bare form of the headline's unit": "标题中单位的工会",
    CORRECTION: "人工更正",
}


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


def _reason(item: dict) -> dict:
    rule = str(item.get("rule") or "")
    return {"rule": rule, "rule_name": RULE_NAMES.get(rule, rule), "text": str(item.get("text") or "")}


def label_evidence(f: dict) -> list[dict]:
    """Return, for each city, county and level of an article, the rules and sentences behind it."""
    evidence = stored_evidence(f)
    out = []
    for label, field, kind in KINDS:
        for value in _values(f, field):
            reasons = [_reason(item) for item in evidence
                       if item.get("label") == label and item.get("value") == value]
            out.append({"label": label, "kind": kind, "value": value, "reasons": reasons,
                        "corrected": any(r["rule"] == CORRECTION for r in reasons)})
    return out
