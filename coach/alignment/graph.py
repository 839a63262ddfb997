"""The alignment graph of several OKR sets: sets, their objectives and KRs, and the links between them.

Nodes are items (:class:`ItemKey`: a set, an objective, optionally a KR). Edges are *supports* (a child
item moves a parent item) and *depends* (an item needs another team's item); *acknowledges* edges are the
other team's answer to a dependency. References are resolved once, here; the OKR4xx rules only read the
graph. Pure and linear in the number of links (a dict of set aliases, no search over all pairs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal, NamedTuple

from coach.model import KeyResult, Objective, OkrSet
from coach.parse.links import DraftLinks, ItemLinks, Ref, is_standalone_text


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class ItemKey(NamedTuple):
    """One node: set index, objective position, key-result position (None for the objective itself)."""

    set: int
    objective: int | None = None
    key_result: int | None = None

    @property
    def ref(self) -> str:
        if self.objective is None:
            return "set"
        return f"O{self.objective}" + (f".KR{self.key_result}" if self.key_result else "")

    @property
    def objective_key(self) -> ItemKey:
        return ItemKey(self.set, self.objective)


class Edge(NamedTuple):
    kind: Literal["supports", "depends", "acknowledges"]
    source: ItemKey
    target: ItemKey | None  # None: the reference names nothing in this run
    problem: str | None  # why the reference did not resolve
    ref: Ref


@dataclass
class SetNode:
    index: int
    okr_set: OkrSet
    links: DraftLinks
    id: str
    name: str
    aliases: frozenset[str]
    parent: int | None = None
    depth: int = 1  # 1 for a set with no parent in the run

    @property
    def label(self) -> str:
        return self.name


@dataclass
class AlignmentGraph:
    sets: list[SetNode]
    edges: list[Edge] = field(default_factory=list)

    # ---- look-ups

    def objective(self, key: ItemKey) -> Objective:
        return self.sets[key.set].okr_set.objectives[key.objective - 1]

    def key_result(self, key: ItemKey) -> KeyResult:
        return self.objective(key).key_results[key.key_result - 1]

    def text(self, key: ItemKey) -> str:
        if key.objective is None:
            return self.sets[key.set].name
        return self.key_result(key).text if key.key_result else self.objective(key).text

    def line(self, key: ItemKey) -> int | None:
        if key.objective is None:
            return None
        return self.key_result(key).line if key.key_result else self.objective(key).line

    def label(self, key: ItemKey) -> str:
        """``Company O2`` / ``growth-q3-2026 O1.KR2``: how a message names an item of another set."""
        return f"{self.sets[key.set].name} {key.ref}"

    def items(self):
        """Every objective and KR key, set by set, in draft order."""
        for node in self.sets:
            for objective in node.okr_set.objectives:
                yield ItemKey(node.index, objective.position)
                for kr in objective.key_results:
                    yield ItemKey(node.index, objective.position, kr.position)

    def edges_of(self, kind: str) -> list[Edge]:
        return [e for e in self.edges if e.kind == kind]

    def children(self, index: int) -> list[int]:
        return [n.index for n in self.sets if n.parent == index]

    def item_links(self, key: ItemKey) -> ItemLinks:
        links = self.sets[key.set].links
        if key.key_result:
            return links.key_results.get((key.objective, key.key_result)) or ItemLinks()
        return links.objectives.get(key.objective) or ItemLinks()


def build_graph(entries: list[tuple[OkrSet, DraftLinks]]) -> AlignmentGraph:
    """The graph of the sets checked together, with every reference resolved (or marked as broken)."""
    nodes = [_node(i, okr_set, links) for i, (okr_set, links) in enumerate(entries)]
    graph = AlignmentGraph(nodes)
    by_alias: dict[str, list[int]] = {}
    for node in nodes:
        for alias in node.aliases:
            by_alias.setdefault(alias, []).append(node.index)

    def find_set(name: str) -> tuple[int | None, str | None]:
        key = slug(name)
        hits = by_alias.get(key) or by_alias.get(key.removesuffix("-team")) or []
        if not hits:
            hits = sorted({i for alias, idx in by_alias.items() if alias.startswith(key + "-") for i in idx})
        if len(hits) == 1:
            return hits[0], None
        if hits:
            return None, f"'{name}' names {len(hits)} sets ({', '.join(nodes[i].id for i in hits)}); use a set id"
        return None, f"no set named '{name}' among the {len(nodes)} checked together"

    for node in nodes:  # parent sets first: a reference with no set name means the parent
        if node.links.parent_set:
            found, _ = find_set(node.links.parent_set)
            node.parent = found if found != node.index else None

    by_key: dict[str, list[ItemKey]] = {}  # tracker keys of every export checked together
    for node in nodes:
        for tracker_key, owner in node.links.keys.items():
            item = ItemKey(node.index, *owner) if isinstance(owner, tuple) else ItemKey(node.index, owner)
            by_key.setdefault(tracker_key, []).append(item)

    def resolve(ref: Ref, node: SetNode, kind: str) -> tuple[ItemKey | None, str | None]:
        if is_standalone(ref):
            return None, None
        keyed = by_key.get(ref.text.strip().upper()) if ref.objective is None else None
        if keyed:
            if len(keyed) == 1:
                return keyed[0], None
            return None, f"'{ref.text}' is the key of {len(keyed)} items in the exports checked together"
        if ref.set_name:
            index, problem = find_set(ref.set_name)
            if index is None:
                return None, problem
        elif kind == "supports":
            if node.parent is None:
                return None, f"'{ref.text}' names no set and {node.name} has no parent set; write 'Company {ref.item}'"
            index = node.parent
        else:
            index = node.index
        target = nodes[index].okr_set
        if ref.objective is None:
            return ItemKey(index), None
        if ref.objective > len(target.objectives):
            return None, f"{nodes[index].name} has no O{ref.objective} (it has {len(target.objectives)} objectives)"
        if ref.key_result and ref.key_result > len(target.objectives[ref.objective - 1].key_results):
            return None, f"{nodes[index].name} O{ref.objective} has no KR{ref.key_result}"
        return ItemKey(index, ref.objective, ref.key_result), None

    for node in nodes:
        links = node.links
        for objective in node.okr_set.objectives:
            own = links.objectives.get(objective.position) or ItemLinks()
            key = ItemKey(node.index, objective.position)
            supports = own.supports or links.set_level.supports  # a set-level 'Supports:' covers its objectives
            for kind, refs in (("supports", supports), ("depends", own.depends + links.set_level.depends),
                               ("acknowledges", own.acknowledges + links.set_level.acknowledges)):
                for ref in refs:
                    if not is_standalone(ref):
                        graph.edges.append(Edge(kind, key, *resolve(ref, node, kind), ref))
            for kr in objective.key_results:
                item = links.key_results.get((objective.position, kr.position))
                if not item:
                    continue
                kr_key = ItemKey(node.index, objective.position, kr.position)
                for kind in ("supports", "depends", "acknowledges"):
                    for ref in getattr(item, kind):
                        if is_standalone(ref):
                            continue
                        target, problem = resolve(ref, node, kind)
                        if kind == "supports" and target == kr_key.objective_key:
                            continue  # a tracker's parent column naming the KR's own objective: structure
                        graph.edges.append(Edge(kind, kr_key, target, problem, ref))
    for node in nodes:  # a set whose items support another set's items has that set as its parent
        if node.parent is None:
            targets = [e.target.set for e in graph.edges if e.kind == "supports" and e.source.set == node.index
                       and e.target is not None and e.target.set != node.index]
            if targets:
                node.parent = max(set(targets), key=targets.count)
    for node in nodes:
        node.depth = _depth(nodes, node.index)
    return graph


def is_standalone(ref: Ref) -> bool:
    """``Supports: none (why)``: stated on purpose, so no edge and no broken reference."""
    return ref.objective is None and is_standalone_text(ref.text)


def _depth(nodes: list[SetNode], index: int) -> int:
    seen, depth = {index}, 1
    while nodes[index].parent is not None and nodes[index].parent not in seen:
        index = nodes[index].parent
        seen.add(index)
        depth += 1
    return depth


def _node(index: int, okr_set: OkrSet, links: DraftLinks) -> SetNode:
    stem = PurePath(okr_set.source).stem if okr_set.source and not okr_set.source.startswith("<") else ""
    set_id = links.set_id or slug(stem) or (slug(okr_set.team) if okr_set.team else f"set-{index + 1}")
    aliases = {slug(a) for a in (set_id, stem, okr_set.team or "") if a and slug(a)}
    aliases |= {a.removesuffix("-team") for a in aliases}
    name = okr_set.team or set_id
    return SetNode(index, okr_set, links, set_id, name, frozenset(aliases))
