"""docs/INGESTION.md stays true to the line rule table."""

from pathlib import Path

from indexer.ingest.lines import RULES

DOC = Path(__file__).resolve().parent.parent / "docs" / "INGESTION.md"


def test_the_rule_table_of_the_doc_lists_every_rule_in_order():
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "` | " in line]
    names = [row.split("`")[1] for row in rows if row.split("|")[1].strip().isdigit()]
    assert names == [rule.name for rule in RULES]
