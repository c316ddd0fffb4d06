"""Chapter 4's network diagram: inline SVG drawn from the build's values, with a text description.

Every value is an element of its own, ``<tspan data-lab-var="NAME">`` in the SVG and ``<span data-lab-var="NAME">``
in the description, whose text is exactly the value: the browser panel rewrites them when a reader types other values.
The HTML has no blank and no indented lines, so Markdown passes it through as one raw block.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The values the diagram shows, as named in macros/variables.py.
NAMES = ("host_ip", "lan", "client_ip", "subnet", "gateway", "container_ip", "container_name")
WIDTH, HEIGHT = 480, 552
TEXT_ID, TITLE_ID = "lab-diagram-text", "lab-diagram-title"
_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Network diagram: reaching the container from another machine",
        "desc": "The other machine and the Docker host on the LAN; on the Docker host, the bridge docker0 and the container "
                "subnet with the container; the route added on the other machine. The text after the diagram gives the values.",
        "client": "Other machine",
        "route": "Route added here:",
        "lan": "LAN",
        "host": "Docker host",
        "bridge": "docker0 bridge",
        "gateway": "gateway",
        "subnet": "Container subnet",
        "container": "Container",
    },
    "zh": {
        "title": "网络示意图：从另一台机器访问容器",
        "desc": "局域网中的另一台机器和 Docker 主机；Docker 主机上的 docker0 网桥和容器子网，子网里的容器；"
                "在另一台机器上添加的路由。图下的文字给出了各个值。",
        "client": "另一台机器",
        "route": "在这台机器上添加的路由：",
        "lan": "局域网",
        "host": "Docker 主机",
        "bridge": "docker0 网桥",
        "gateway": "网关",
        "subnet": "容器子网",
        "container": "容器",
    },
}

# The description: `...` is code; {name} is a value.
DESCRIPTION: dict[str, tuple[str, ...]] = {
    "en": (
        "The LAN {lan} links the other machine ({client_ip}) and the Docker host ({host_ip}).",
        "On the Docker host, the bridge docker0 has the address {gateway}: the gateway of the container subnet {subnet}.",
        "The container {container_name} has the address {container_ip} in that subnet.",
        "On the other machine you add the route `ip route add {subnet} via {host_ip}`: it sends packets for the container "
        "subnet to the Docker host, which forwards them through docker0 to the container.",
    ),
    "zh": (
        "局域网 {lan} 连接另一台机器（{client_ip}）和 Docker 主机（{host_ip}）。",
        "Docker 主机上的网桥 docker0 的地址是 {gateway}，它是容器子网 {subnet} 的网关。",
        "容器 {container_name} 在这个子网中，地址是 {container_ip}。",
        "在另一台机器上添加路由 `ip route add {subnet} via {host_ip}`：发往容器子网的包交给 Docker 主机，"
        "由它经 docker0 转发给容器。",
    ),
}


@dataclass(frozen=True)
class Line:
    """A centred line of a box: its baseline, its kind (``title``, ``text`` or ``code``) and a template."""

    y: int
    kind: str
    template: str


@dataclass(frozen=True)
class Box:
    """A rectangle of the diagram and the lines written in it; ``kind`` picks its style in extra.css."""

    kind: str
    x: int
    y: int
    width: int
    height: int
    lines: tuple[Line, ...]


# Top to bottom: the other machine, the LAN, the Docker host (docker0 and the container inside the container subnet).
BOXES = (
    Box("client", 16, 8, 448, 132, (Line(34, "title", "{L:client}"), Line(57, "text", "{client_ip}"),
                                     Line(82, "text", "{L:route}"), Line(104, "code", "ip route add {subnet}"),
                                     Line(126, "code", "via {host_ip}"))),
    Box("lan", 2, 172, 476, 40, (Line(198, "title", "{L:lan} {lan}"),)),
    Box("host", 16, 244, 448, 298, (Line(270, "title", "{L:host}"), Line(292, "text", "{host_ip}"))),
    Box("subnet", 40, 312, 400, 214, (Line(514, "text", "{L:subnet} {subnet}"),)),
    Box("bridge", 64, 328, 352, 56, (Line(350, "title", "{L:bridge}"), Line(373, "text", "{L:gateway} {gateway}"))),
    Box("container", 64, 408, 352, 80, (Line(430, "title", "{L:container}"), Line(453, "text", "{container_name}"),
                                        Line(476, "text", "{container_ip}"))),
)
# Arrows along the packets' way to the container: (x, from y, to y).
LINKS = ((240, 140, 172), (240, 212, 244), (240, 300, 328), (240, 384, 408))
FONT_SIZE = {"title": 16, "text": 15, "code": 15}


def _value(name: str, values: Mapping[str, str], tag: str) -> str:
    extra = ' class="lab-diagram__value"' if tag == "tspan" else ""
    return f'<{tag}{extra} data-lab-var="{name}">{html.escape(str(values[name]))}</{tag}>'


def _fill(template: str, values: Mapping[str, str], labels: Mapping[str, str], tag: str) -> str:
    """``template`` as markup: ``{L:key}`` a label, ``{name}`` a value element, the rest escaped text."""
    template = re.sub(r"\{L:(\w+)\}", lambda m: labels[m.group(1)], template)
    parts = _PLACEHOLDER_RE.split(template)
    return "".join(_value(part, values, tag) if i % 2 else html.escape(part) for i, part in enumerate(parts))


def _box(box: Box, values: Mapping[str, str], labels: Mapping[str, str]) -> str:
    centre = box.x + box.width // 2
    rows = [f'<g class="lab-diagram__box lab-diagram__{box.kind}">',
            f'<rect x="{box.x}" y="{box.y}" width="{box.width}" height="{box.height}" rx="8" fill="none" stroke="currentColor"/>']
    rows += [f'<text x="{centre}" y="{line.y}" font-size="{FONT_SIZE[line.kind]}" class="lab-diagram__{line.kind}">'
             f'{_fill(line.template, values, labels, "tspan")}</text>' for line in box.lines]
    return "\n".join([*rows, "</g>"])


def _links() -> str:
    rows = ['<g class="lab-diagram__links">']
    for x, top, bottom in LINKS:
        rows.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom - 8}" stroke="currentColor" stroke-width="2"/>')
        rows.append(f'<polygon points="{x - 6},{bottom - 10} {x + 6},{bottom - 10} {x},{bottom}"/>')
    return "\n".join([*rows, "</g>"])


def _description(values: Mapping[str, str], lang: str) -> str:
    items = []
    for sentence in DESCRIPTION[lang]:
        pieces = sentence.split("`")
        items.append("".join(f"<code>{_fill(p, values, {}, 'span')}</code>" if i % 2 else _fill(p, values, {}, "span")
                             for i, p in enumerate(pieces)))
    return "\n".join([f'<figcaption id="{TEXT_ID}">', "<ul>", *(f"<li>{item}</li>" for item in items), "</ul>", "</figcaption>"])


def render(values: Mapping[str, str], lang: str) -> str:
    """The figure (SVG and its description) in ``lang`` for ``values`` (names as in macros/variables.py)."""
    if lang not in LABELS:
        raise ValueError(f"lab_diagram: no labels for language {lang!r}; known: {', '.join(LABELS)}")
    missing = [name for name in NAMES if name not in values]
    if missing:
        raise ValueError(f"lab_diagram: values missing: {', '.join(missing)}")
    labels = LABELS[lang]
    svg = "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{TITLE_ID}" aria-describedby="{TEXT_ID}" fill="currentColor" text-anchor="middle">',
        f'<title id="{TITLE_ID}">{html.escape(labels["title"])}</title>',
        f"<desc>{html.escape(labels['desc'])}</desc>",
        *(_box(box, values, labels) for box in BOXES),
        _links(),
        "</svg>",
    ])
    return "\n".join(['<figure class="lab-diagram">', svg, _description(values, lang), "</figure>"])


def register(env: Any) -> None:
    """Define the macro ``lab_diagram()`` on a mkdocs-macros ``env``."""

    @env.macro
    def lab_diagram() -> str:
        """Chapter 4's network diagram with this build's values, in the page's language."""
        values = {name: str(env.variables[name]) for name in NAMES}
        return render(values, env.conf["theme"]["language"])  # read at render time, as macros/__init__.py does
