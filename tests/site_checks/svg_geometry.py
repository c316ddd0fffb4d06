"""Reading the diagrams' SVG (macros/svg_diagram.py) in site checks: its parts, and whether every line of text fits
where it is drawn, estimated from its characters with generous widths, so that it fits in any reader's fonts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
CJK_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Upper bounds of a character's advance, in em: CJK and full-width, code font, bold and regular text.
EM = {"cjk": 1.0, "code": 0.62, "bold": 0.75, "text": 0.68}
PADDING = 8  # between a line of text and its box's sides
BOLD = ("diagram__title", "diagram__heading")


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def svgs_of(figure: ET.Element) -> list[ET.Element]:
    return [el for el in figure.iter() if local(el.tag) == "svg"]


def _pieces(element: ET.Element, code: bool) -> list[tuple[str, bool]]:
    """(text, drawn in the code font) of ``element`` and its tspans, in order."""
    pieces = [(element.text or "", code)]
    for child in element:
        inner = code or child.get("class") in ("diagram__code", "diagram__value") or bool(child.get("data-lab-var"))
        pieces += [*_pieces(child, inner), (child.tail or "", code)]
    return pieces


def text_width(text: ET.Element) -> float:
    """A generous estimate of how wide ``text`` is drawn at its font size (no font is measured)."""
    size = float(text.get("font-size", "0"))
    bold = text.get("class") in BOLD
    kinds = ["cjk" if CJK_RE.match(char) else "code" if code else "bold" if bold else "text"
             for piece, code in _pieces(text, text.get("class") == "diagram__code") for char in piece]
    return sum(EM[kind] for kind in kinds) * size


def _extent(text: ET.Element, width: float) -> tuple[float, float]:
    x = float(text.get("x", "0"))
    anchor = text.get("text-anchor", "middle")
    return {"start": (x, x + width), "end": (x - width, x)}.get(anchor, (x - width / 2, x + width / 2))


def layout_problems(svg: ET.Element) -> list[str]:
    """Boxes outside the viewBox; lines of text wider than their box allows, outside it vertically, or (centred
    ones) off its centre; free lines outside the viewBox."""
    _, _, width, height = (float(v) for v in svg.get("viewBox", "").split())
    problems = []
    in_boxes = set()
    for g in svg.iter(f"{SVG_NS}g"):
        if "diagram__box" not in (g.get("class") or "").split():
            continue
        rect = g.find(f"{SVG_NS}rect")
        assert rect is not None, "a box without its rectangle"
        x, y, w, h = (float(rect.get(a, "0")) for a in ("x", "y", "width", "height"))
        if not (0 <= x <= x + w <= width and 0 <= y <= y + h <= height):
            problems.append(f"box at ({x:g}, {y:g}) {w:g}x{h:g} is outside the viewBox {width:g}x{height:g}")
        for text in g.iter(f"{SVG_NS}text"):
            in_boxes.add(id(text))
            label, size, drawn = "".join(text.itertext()), float(text.get("font-size", "0")), text_width(text)
            left, right = _extent(text, drawn)
            if text.get("text-anchor") is None and float(text.get("x", "0")) != x + w / 2:
                problems.append(f"{label!r} is not centred in its box")
            if left < x + PADDING or right > x + w - PADDING:
                problems.append(f"{label!r} may need {drawn:.0f} units from {left:.0f} to {right:.0f}; its box allows "
                                f"{x + PADDING:g} to {x + w - PADDING:g}")
            if not y + size <= float(text.get("y", "0")) <= y + h - size / 4:
                problems.append(f"{label!r} is not inside its box vertically")
    for text in svg.iter(f"{SVG_NS}text"):
        if id(text) not in in_boxes:
            label, size = "".join(text.itertext()), float(text.get("font-size", "0"))
            left, right = _extent(text, text_width(text))
            if left < 0 or right > width or not size <= float(text.get("y", "0")) <= height:
                problems.append(f"{label!r} may be drawn from {left:.0f} to {right:.0f}, outside the viewBox")
    return problems
