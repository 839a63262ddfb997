"""The alignment map: objectives as boxes coloured by their findings, supports as arrows, dependencies dashed.

One layout (:func:`layout`), two painters: :func:`render_svg` writes SVG text (every piece of draft text
escaped, no scripts, no external references) and :func:`render_png` draws the same picture with Pillow for
the web app. Sets are laid out in rows by their depth in the cascade (the company on top), each set a
column of its objectives. Edges from key results are drawn between their objectives.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from coach.model import Severity

NODE_W, NODE_H, GAP_X, GAP_Y, HEADER, PAD, ROW_GAP = 230, 58, 34, 12, 30, 10, 70
#: Fill and stroke per worst finding: error, warning, info, none.
COLOURS = {Severity.ERROR: ("#f8d7da", "#b02a37"), Severity.WARNING: ("#fff3cd", "#b8860b"),
           Severity.INFO: ("#dbeafe", "#1d4ed8"), None: ("#d1e7dd", "#146c43")}
_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}
MAX_SETS_DRAWN = 200


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    title: str
    lines: tuple[str, ...]
    severity: Severity | None = None
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    """A cubic curve from (x1, y1) to (x2, y2) with control points (cx1, cy1), (cx2, cy2)."""

    x1: float
    y1: float
    cx1: float
    cy1: float
    cx2: float
    cy2: float
    x2: float
    y2: float
    dashed: bool

    def points(self, steps: int = 32) -> list[tuple[float, float]]:
        out = []
        for i in range(steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
            out.append((a * self.x1 + b * self.cx1 + c * self.cx2 + d * self.x2,
                        a * self.y1 + b * self.cy1 + c * self.cy2 + d * self.y2))
        return out


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    sets: tuple[Box, ...]
    nodes: dict
    edges: tuple[Line, ...]


def _worst(findings) -> Severity | None:
    best = None
    for f in findings:
        if best is None or _RANK[f.severity] > _RANK[best]:
            best = f.severity
    return best


def layout(run) -> Layout:
    graph = run.graph
    nodes_by_depth: dict[int, list[int]] = {}
    for node in graph.sets[:MAX_SETS_DRAWN]:
        nodes_by_depth.setdefault(node.depth, []).append(node.index)
    sets, nodes, y = [], {}, PAD
    width = PAD
    for depth in sorted(nodes_by_depth):
        x, row_h = PAD, 0
        for index in nodes_by_depth[depth]:
            node, report = graph.sets[index], run.reports[index]
            n = max(1, len(node.okr_set.objectives))
            h = HEADER + n * (NODE_H + GAP_Y) + PAD
            set_findings = [f for f in report.findings if f.location.objective is None]
            sets.append(Box(x, y, NODE_W + 2 * PAD, h, f"{node.name} ({node.id})" if node.name != node.id
                            else node.id, (), _worst(set_findings), tuple(f.code for f in set_findings)))
            for i, objective in enumerate(node.okr_set.objectives):
                found = [f for f in report.findings if f.location.objective == objective.position]
                wrapped = textwrap.wrap(objective.text, 34)[:3] or [""]
                if len(textwrap.wrap(objective.text, 34)) > 3:
                    wrapped[-1] = wrapped[-1][:31] + "…"
                nodes[(index, objective.position)] = Box(
                    x + PAD, y + HEADER + i * (NODE_H + GAP_Y), NODE_W, NODE_H, f"O{objective.position}",
                    tuple(wrapped), _worst(found), tuple(sorted({f.code for f in found})))
            x += NODE_W + 2 * PAD + GAP_X
            row_h = max(row_h, h)
        width = max(width, x + 50)  # room for the curves right of the last column
        y += row_h + ROW_GAP
    edges = []
    for edge in graph.edges:
        if edge.kind == "acknowledges":
            continue
        src = nodes.get((edge.source.set, edge.source.objective))
        if src is None:
            continue
        target = nodes.get((edge.target.set, edge.target.objective)) if edge.target and edge.target.objective else None
        if target is None:
            continue  # broken references show as findings, not as lines to nowhere
        dashed = edge.kind == "depends"
        if abs(src.x - target.x) < NODE_W:  # same column: round the right-hand side, outside the boxes
            bend = src.x + src.w + PAD + 12 + min(60.0, abs(target.y - src.y) / 10) + 3 * (len(edges) % 3)
            edges.append(Line(src.x + src.w, src.y + src.h / 2, bend, src.y + src.h / 2, bend,
                              target.y + target.h / 2, target.x + target.w, target.y + target.h / 2, dashed))
        elif target.y < src.y:  # up to a parent in another column: child's top to parent's bottom
            x1, y1, x2, y2 = src.x + src.w / 2, src.y, target.x + target.w / 2, target.y + target.h
            mid = (y1 + y2) / 2
            edges.append(Line(x1, y1, x1, mid, x2, mid, x2, y2, dashed))
        else:  # same row or below: side to side
            left = src.x < target.x
            x1, y1 = src.x + (src.w if left else 0), src.y + src.h / 2
            x2, y2 = target.x + (0 if left else target.w), target.y + target.h / 2
            mid = (x1 + x2) / 2
            edges.append(Line(x1, y1, mid, y1, mid, y2, x2, y2, dashed))
    return Layout(max(width, 600), max(y - ROW_GAP + PAD, 120) + 28, tuple(sets), nodes, tuple(edges))


def render_svg(run) -> str:
    """The map as a standalone SVG document."""
    lay = layout(run)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{lay.width:.0f}" height="{lay.height:.0f}" '
           f'viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" font-family="system-ui, sans-serif" font-size="11" '
           'role="img" aria-label="OKR alignment map">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
           f'<rect width="{lay.width:.0f}" height="{lay.height:.0f}" fill="#ffffff"/>']
    for box in lay.sets:
        stroke = COLOURS[box.severity][1] if box.severity else "#888"
        out.append(f'<g class="set"><rect x="{box.x:.0f}" y="{box.y:.0f}" width="{box.w:.0f}" height="{box.h:.0f}" '
                   f'rx="8" fill="#f6f7f9" stroke="{stroke}"/><text x="{box.x + 10:.0f}" y="{box.y + 19:.0f}" '
                   f'font-weight="600" font-size="12">{escape(box.title[:40])}'
                   f'{escape(" " + " ".join(box.codes)) if box.codes else ""}</text></g>')
    for key, box in lay.nodes.items():
        fill, stroke = COLOURS[box.severity]
        tip = escape(" ".join(box.lines) + (f" — {', '.join(box.codes)}" if box.codes else ""))
        out.append(f'<g class="objective" data-set="{key[0]}" data-objective="{key[1]}">'
                   f'<title>{tip}</title><rect x="{box.x:.0f}" y="{box.y:.0f}" width="{box.w:.0f}" '
                   f'height="{box.h:.0f}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
                   f'<text x="{box.x + 8:.0f}" y="{box.y + 15:.0f}" font-weight="600">{escape(box.title)}'
                   f'<tspan font-weight="400" fill="{stroke}"> {escape(" ".join(box.codes))}</tspan></text>')
        for i, line in enumerate(box.lines):
            out.append(f'<text x="{box.x + 8:.0f}" y="{box.y + 29 + i * 12:.0f}">{escape(line)}</text>')
        out.append("</g>")
    for e in lay.edges:
        dash = ' stroke-dasharray="6 4"' if e.dashed else ""
        out.append(f'<path class="{"depends" if e.dashed else "supports"}" d="M{e.x1:.0f},{e.y1:.0f} '
                   f'C{e.cx1:.0f},{e.cy1:.0f} {e.cx2:.0f},{e.cy2:.0f} {e.x2:.0f},{e.y2:.0f}" fill="none" '
                   f'stroke="#444" stroke-width="1.3"{dash} marker-end="url(#arrow)"/>')
    legend_y = lay.height - 10
    out.append(f'<text x="{PAD}" y="{legend_y:.0f}" fill="#444">solid arrow: supports · dashed: depends on · '
               'red: error · amber: warning · blue: info · green: no finding</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render_png(run, scale: float = 1.0) -> bytes:
    """The same map as PNG bytes (Pillow, already a dependency of the web app's stack)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    lay = layout(run)
    w, h = int(lay.width * scale), int(lay.height * scale)
    w, h = min(w, 12_000), min(h, 12_000)  # bounded memory for very large runs
    image = Image.new("RGB", (w, h), "#ffffff")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=int(11 * scale))
        bold = ImageFont.load_default(size=int(12 * scale))
    except TypeError:  # Pillow < 10.1
        font = bold = ImageFont.load_default()

    def s(v: float) -> float:
        return v * scale

    for box in lay.sets:
        stroke = COLOURS[box.severity][1] if box.severity else "#888888"
        draw.rounded_rectangle([s(box.x), s(box.y), s(box.x + box.w), s(box.y + box.h)], radius=s(8),
                               fill="#f6f7f9", outline=stroke)
        draw.text((s(box.x + 10), s(box.y + 7)), box.title[:40] + (" " + " ".join(box.codes) if box.codes else ""),
                  fill="#111111", font=bold)
    for box in lay.nodes.values():
        fill, stroke = COLOURS[box.severity]
        draw.rounded_rectangle([s(box.x), s(box.y), s(box.x + box.w), s(box.y + box.h)], radius=s(6),
                               fill=fill, outline=stroke, width=max(1, int(1.5 * scale)))
        draw.text((s(box.x + 8), s(box.y + 4)), f"{box.title} {' '.join(box.codes)}", fill=stroke, font=bold)
        for i, line in enumerate(box.lines):
            draw.text((s(box.x + 8), s(box.y + 19 + i * 12)), line, fill="#111111", font=font)
    for e in lay.edges:
        _curve(draw, [(s(x), s(y)) for x, y in e.points()], e.dashed, scale)
    draw.text((s(PAD), s(lay.height - 20)), "solid arrow: supports · dashed: depends on · red: error · "
              "amber: warning · blue: info · green: no finding", fill="#444444", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _curve(draw, points, dashed, scale) -> None:
    import math

    width = max(1, int(1.3 * scale))
    for i, (a, b) in enumerate(zip(points, points[1:])):
        if not dashed or i % 2 == 0:
            draw.line([a, b], fill="#444444", width=width)
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    size = 7 * scale  # arrow head
    draw.polygon([(x2, y2), (x2 - ux * size - uy * size / 2, y2 - uy * size + ux * size / 2),
                  (x2 - ux * size + uy * size / 2, y2 - uy * size - ux * size / 2)], fill="#444444")
