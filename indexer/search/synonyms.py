"""Opt-in synonym expansion, from ``data/synonyms.txt``.

Takes a query tree; gives the tree with each term that belongs to a synonym
group replaced by an OR of the group, and the list of terms that were added so
the user can see what was searched.
"""

from __future__ import annotations

from functools import lru_cache

from indexer.wordlists import entries
from indexer.fold import fold
from indexer.search.query import And, Not, Or, Term


@lru_cache(maxsize=1)
def groups() -> dict[str, tuple[str, ...]]:
    """Return each folded synonym and its whole group."""
    table: dict[str, tuple[str, ...]] = {}
    for line in entries("synonyms.txt"):
        words = tuple(fold(w) for w in line.split())
        for word in words:
            table[word] = tuple(dict.fromkeys(table.get(word, ()) + words))
    return table


def expand(node, added: list[str]):
    """Return node with synonym groups ORed in; append the added terms to added."""
    if isinstance(node, Term):
        group = groups().get(node.text)
        if not group:
            return node
        extra = [w for w in group if w != node.text]
        added.extend(w for w in extra if w not in added)
        return Or((node,) + tuple(Term(w, node.title_only, w) for w in extra))
    if isinstance(node, And):
        return And(tuple(expand(i, added) for i in node.items))
    if isinstance(node, Or):
        return Or(tuple(expand(i, added) for i in node.items))
    if isinstance(node, Not):
        return Not(expand(node.item, added))
    return node
