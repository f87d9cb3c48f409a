"""Opt-in synonym expansion, from ``data/synonyms.txt``.

Takes a query tree; gives the tree with each term that belongs to a synonym
group replaced by an OR of the group, and the list of terms that were added so
the user can see what was searched.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from indexer.fold import fold
from indexer.query import And, Not, Or, Term


@lru_cache(maxsize=1)
def groups() -> dict[str, tuple[str, ...]]:
    """Return each folded synonym and its whole group."""
    table: dict[str, tuple[str, ...]] = {}
    with resources.files("indexer.data").joinpath("synonyms.txt").open(encoding="utf-8") as f:
        for line in f:
            words = tuple(fold(w) for w in line.split("#", 1)[0].split())
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
