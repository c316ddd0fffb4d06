"""What every diagram of the site shares: boxes, lines of text, arrows, an accessible inline SVG, the figure.

A diagram is defined once, its geometry in SVG units, its words as label keys (``{L:key}``) that each language
fills in; ``{name}`` is a value of the build (an element with ``data-lab-var="name"``, which the "your lab" panel
rewrites) and text between backticks is code. The SVG's text is real text, selectable and read by screen readers;
its colours come from docs/assets/diagrams.css (Material's colour variables, so both palettes work). The HTML starts
with a block-level ``<figure>`` and has no blank and no indented lines: Markdown passes it through as one raw block,
untouched. (An ``<svg>`` outside such a block would be wrapped in a paragraph, and the glossary's ``<abbr>`` marks
would land inside its ``<text>``.)
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
_LABEL_RE = re.compile(r"\{L:(\w+)\}")
_VALUE_RE = re.compile(r"\{(\w+)\}")
# Font size of each kind of line, in SVG units; a panel may set its own.
FONT_SIZE = {"heading": 16, "title": 15, "text": 14, "code": 14}
# Styles of a box (docs/assets/diagrams.css): what each looks like, not what it means.
STYLES = ("plain", "shaded", "tinted", "strong", "dashed")
# The unit of a panel's largest width in CSS: one SVG unit is one CSS pixel at Material's root font size (20 px).
ROOT_FONT_PX = 20


@dataclass(frozen=True)
class Line:
    """A line of text: its baseline ``y``, its ``kind`` (a key of the font sizes) and its template, centred on the
    box it belongs to, or at ``x`` with ``anchor`` (``start``, ``middle``, ``end``) when it stands alone."""

    y: int
    kind: str
    template: str
    x: int | None = None
    anchor: str = "middle"


@dataclass(frozen=True)
class Box:
    """A rectangle and the lines written in it; ``style`` is one of :data:`STYLES`."""

    style: str
    x: int
    y: int
    width: int
    height: int
    lines: tuple[Line, ...] = ()

    @property
    def centre(self) -> int:
        return self.x + self.width // 2


@dataclass(frozen=True)
class Arrow:
    """A straight arrow from (x1, y1) to its tip at (x2, y2)."""

    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Rule:
    """A dashed horizontal line across a panel (a boundary, e.g. user space above the kernel)."""

    y: int
    x1: int
    x2: int


@dataclass(frozen=True)
class Panel:
    """One SVG of a figure: its size, what it draws (in order: boxes, then rules, arrows and free labels) and the
    label keys of its accessible name (``<title>``) and description (``<desc>``)."""

    name: str
    width: int
    height: int
    title: str
    desc: str
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...] = ()
    rules: tuple[Rule, ...] = ()
    labels: tuple[Line, ...] = ()
    font_size: Mapping[str, int] = field(default_factory=lambda: FONT_SIZE)


def markup(template: str, labels: Mapping[str, str], values: Mapping[str, str] | None = None, *, svg: bool = True) -> str:
    """``template`` as escaped markup: ``{L:key}`` the label, `code` in the code font, ``{name}`` a value element
    (``<tspan>`` in SVG, ``<span>`` in HTML)."""

    def label(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in labels:
            raise ValueError(f"diagram: no label {key!r}; known: {', '.join(sorted(labels))}")
        return labels[key]

    text = _LABEL_RE.sub(label, template)
    pieces = text.split("`")
    if len(pieces) % 2 == 0:
        raise ValueError(f"diagram: unpaired backtick in {text!r}")
    out = []
    for i, piece in enumerate(pieces):
        inner = _with_values(piece, values or {}, svg)
        if i % 2 == 0:
            out.append(inner)
        else:
            out.append(f'<tspan class="diagram__code">{inner}</tspan>' if svg else f"<code>{inner}</code>")
    return "".join(out)


def _with_values(text: str, values: Mapping[str, str], svg: bool) -> str:
    parts = _VALUE_RE.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(html.escape(part))
        elif part not in values:
            raise ValueError(f"diagram: no value {part!r} given")
        elif svg:
            out.append(f'<tspan class="diagram__value" data-lab-var="{part}">{html.escape(str(values[part]))}</tspan>')
        else:
            out.append(f'<span data-lab-var="{part}">{html.escape(str(values[part]))}</span>')
    return "".join(out)


def _text(line: Line, x: int, size: int, content: str) -> str:
    anchor = "" if line.anchor == "middle" else f' text-anchor="{line.anchor}"'
    return f'<text x="{x}" y="{line.y}" font-size="{size}"{anchor} class="diagram__{line.kind}">{content}</text>'


def _box(box: Box, panel: Panel, labels: Mapping[str, str], values: Mapping[str, str] | None) -> str:
    if box.style not in STYLES:
        raise ValueError(f"diagram {panel.name}: unknown box style {box.style!r}; known: {', '.join(STYLES)}")
    rows = [f'<g class="diagram__box diagram__box--{box.style}">',
            f'<rect x="{box.x}" y="{box.y}" width="{box.width}" height="{box.height}" rx="8" fill="none" stroke="currentColor"/>']
    rows += [_text(line, box.centre if line.x is None else line.x, panel.font_size[line.kind],
                   markup(line.template, labels, values)) for line in box.lines]
    return "\n".join([*rows, "</g>"])


def _arrow(arrow: Arrow, head: float = 10, half_width: float = 6) -> str:
    """A line ending 8 units before the tip, and a triangular head."""
    dx, dy = arrow.x2 - arrow.x1, arrow.y2 - arrow.y1
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    end_x, end_y = arrow.x2 - 8 * ux, arrow.y2 - 8 * uy
    base_x, base_y = arrow.x2 - head * ux, arrow.y2 - head * uy
    corners = [(base_x - half_width * uy, base_y + half_width * ux), (base_x + half_width * uy, base_y - half_width * ux),
               (arrow.x2, arrow.y2)]
    points = " ".join(f"{_num(x)},{_num(y)}" for x, y in corners)
    return (f'<line x1="{arrow.x1}" y1="{arrow.y1}" x2="{_num(end_x)}" y2="{_num(end_y)}" stroke="currentColor" stroke-width="2"/>\n'
            f'<polygon points="{points}"/>')


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def svg(panel: Panel, labels: Mapping[str, str], id_prefix: str, values: Mapping[str, str] | None = None,
        described_by: str | None = None) -> str:
    """The panel as an inline SVG with ``role="img"``: named by its ``<title>``, described by its ``<desc>`` (or by
    the element ``described_by``, e.g. a caption listing values). Search leaves it out (Material's
    ``data-search-exclude``): its words are the page's own, and a result's preview should read as prose, not as a
    drawing's labels; the figure's caption stays searchable."""
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    max_width = f"{panel.width / ROOT_FONT_PX:g}rem"
    rows = [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {panel.width} {panel.height}" width="{panel.width}" height="{panel.height}" '
        f'role="img" aria-labelledby="{title_id}" aria-describedby="{described_by or desc_id}" class="diagram__panel" '
        f'style="--diagram-width: {max_width}" fill="currentColor" text-anchor="middle" data-search-exclude="">',
        f'<title id="{title_id}">{html.escape(plain(panel.title, labels))}</title>',
        f'<desc id="{desc_id}">{html.escape(plain(panel.desc, labels))}</desc>',
        *(_box(box, panel, labels, values) for box in panel.boxes),
    ]
    if panel.rules:
        rows += ['<g class="diagram__rules">',
                 *(f'<line x1="{r.x1}" y1="{r.y}" x2="{r.x2}" y2="{r.y}" stroke="currentColor" stroke-width="1.5" '
                   f'stroke-dasharray="6 4"/>' for r in panel.rules), "</g>"]
    if panel.arrows:
        rows += ['<g class="diagram__arrows">', *(_arrow(a) for a in panel.arrows), "</g>"]
    rows += [_text(line, line.x or 0, panel.font_size[line.kind], markup(line.template, labels, values)) for line in panel.labels]
    return "\n".join([*rows, "</svg>"])


def plain(template: str, labels: Mapping[str, str]) -> str:
    """``template`` as plain text, labels filled in and backticks dropped (``<title>``, ``<desc>``, tests)."""
    return _LABEL_RE.sub(lambda m: labels[m.group(1)], template).replace("`", "")


def figure(name: str, panels: list[str], caption: str, caption_id: str | None = None) -> str:
    """The figure: its panels side by side while the column is wide enough, one above the other on a phone, then
    ``caption`` (the HTML inside its ``<figcaption>``)."""
    opening = f'<figcaption id="{caption_id}">' if caption_id else "<figcaption>"
    return "\n".join([f'<figure class="diagram diagram--{name}">', '<div class="diagram__panels">', *panels, "</div>",
                      opening, caption, "</figcaption>", "</figure>"])
