"""Chapter 4's network diagram: inline SVG drawn from the build's values, with a text description.

Every value is an element of its own, ``<tspan data-lab-var="NAME">`` in the SVG and ``<span data-lab-var="NAME">``
in the description, whose text is exactly the value: the browser panel rewrites them when a reader types other values.
Boxes, arrows, the SVG and the figure: macros/svg_diagram.py, shared with the other diagrams.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .svg_diagram import Arrow, Box, Line, Panel, figure, markup, svg

# The values the diagram shows, as named in macros/variables.py.
NAMES = ("host_ip", "lan", "client_ip", "subnet", "gateway", "container_ip", "container_name")
ID_PREFIX, TEXT_ID = "lab-network", "lab-network-text"

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


# Top to bottom: the other machine, the LAN, the Docker host (docker0 and the container inside the container subnet).
PANEL = Panel(
    name="lab-network", width=480, height=552, title="{L:title}", desc="{L:desc}",
    font_size={"title": 16, "text": 15, "code": 15},
    boxes=(
        Box("plain", 16, 8, 448, 132, (Line(34, "title", "{L:client}"), Line(57, "text", "{client_ip}"),
                                       Line(82, "text", "{L:route}"), Line(104, "code", "ip route add {subnet}"),
                                       Line(126, "code", "via {host_ip}"))),
        Box("tinted", 2, 172, 476, 40, (Line(198, "title", "{L:lan} {lan}"),)),
        Box("plain", 16, 244, 448, 298, (Line(270, "title", "{L:host}"), Line(292, "text", "{host_ip}"))),
        Box("dashed", 40, 312, 400, 214, (Line(514, "text", "{L:subnet} {subnet}"),)),
        Box("plain", 64, 328, 352, 56, (Line(350, "title", "{L:bridge}"), Line(373, "text", "{L:gateway} {gateway}"))),
        Box("strong", 64, 408, 352, 80, (Line(430, "title", "{L:container}"), Line(453, "text", "{container_name}"),
                                         Line(476, "text", "{container_ip}"))),
    ),
    # Along the packets' way to the container.
    arrows=(Arrow(240, 140, 240, 172), Arrow(240, 212, 240, 244), Arrow(240, 300, 240, 328), Arrow(240, 384, 240, 408)),
)
BOXES = PANEL.boxes


def _description(values: Mapping[str, str], lang: str) -> str:
    items = [markup(sentence, {}, values, svg=False) for sentence in DESCRIPTION[lang]]
    return "\n".join(["<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"])


def render(values: Mapping[str, str], lang: str) -> str:
    """The figure (SVG and its description) in ``lang`` for ``values`` (names as in macros/variables.py)."""
    if lang not in LABELS:
        raise ValueError(f"lab_diagram: no labels for language {lang!r}; known: {', '.join(LABELS)}")
    missing = [name for name in NAMES if name not in values]
    if missing:
        raise ValueError(f"lab_diagram: values missing: {', '.join(missing)}")
    drawing = svg(PANEL, LABELS[lang], ID_PREFIX, values, described_by=TEXT_ID)
    return figure(PANEL.name, [drawing], _description(values, lang), caption_id=TEXT_ID)


def register(env: Any) -> None:
    """Define the macro ``lab_diagram()`` on a mkdocs-macros ``env``."""

    @env.macro
    def lab_diagram() -> str:
        """Chapter 4's network diagram with this build's values, in the page's language."""
        values = {name: str(env.variables[name]) for name in NAMES}
        return render(values, env.conf["theme"]["language"])  # read at render time, as macros/__init__.py does
