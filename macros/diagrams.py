"""The figures of chapters 1 and 2, drawn as inline SVG in the page's language: ``{{ diagram("NAME") }}``.

- ``hypervisor-types`` (chapter 1, "Two types of hypervisor"): type 1 and type 2 side by side, bottom up.
- ``kvm-type`` (chapter 1, "Which type is KVM?"): the kernel is the hypervisor, as in type 1; the host stays a
  general-purpose Linux, as in type 2.
- ``kvm-layers`` (chapter 2, "KVM, QEMU and libvirt"): the layers of the page's table, with libvirt's clients.

Each figure is defined once: its geometry and the names that stay the same in every language (Xen, QEMU,
``virsh``, ...) in the templates, its words as ``{L:key}`` in :data:`LABELS`, one entry per language. Every label
repeats the page's own wording (tests/site_checks/test_diagrams.py checks the names against the page's text).
Drawing: macros/svg_diagram.py; colours: docs/assets/diagrams.css.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .svg_diagram import Arrow, Box, Line, Panel, Rule, figure, markup, svg

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        # chapter 1
        "hardware": "物理机的硬件",
        "hardware_parts": "CPU、内存、I/O",
        "guest": "客户机",
        "guest_os": "操作系统",
        "type1": "1 型虚拟化",
        "type2": "2 型虚拟化",
        "bare_metal": "裸金属 Hypervisor",
        "type1_examples": "Xen、VMware ESXi、Hyper-V",
        "host_os": "宿主操作系统",
        "host_os_examples": "Red Hat、Ubuntu、Windows",
        "other": "其他",
        "software": "软件",
        "types_caption": "1 型和 2 型虚拟化：Hypervisor 运行在哪一层",
        "type1_desc": "1 型虚拟化，从下往上：物理机的硬件（CPU、内存、I/O）；直接安装在硬件上的裸金属 Hypervisor，"
                      "例如 Xen、VMware ESXi、Hyper-V；最上面是两台客户机，各自运行自己的操作系统。",
        "type2_desc": "2 型虚拟化，从下往上：物理机的硬件；宿主操作系统，例如 Red Hat、Ubuntu、Windows；"
                      "在它上面，Hypervisor（例如 VirtualBox、VMware Workstation）作为一个程序运行，旁边是其他软件；"
                      "最上面是 Hypervisor 之上的两台客户机，各自运行自己的操作系统。",
        "process": "进程",
        "programs": "程序",
        "user_space": "用户态",
        "still_linux": "宿主机仍是通用的 Linux，",
        "as_type2": "和 2 型一样",
        "kernel_kvm": "Linux 内核 + KVM 模块",
        "kernel_is_hypervisor": "内核本身就是 Hypervisor，",
        "as_type1": "和 1 型一样",
        "kvm_type_title": "KVM：处在 1 型和 2 型的边界上",
        "kvm_type_desc": "KVM，从下往上：物理机的硬件；Linux 内核 + KVM 模块，内核本身就是 Hypervisor，和 1 型一样；"
                         "用户态里，每台客户机是一个 QEMU 进程，旁边是其他程序，宿主机仍是通用的 Linux，和 2 型一样。",
        "kvm_type_caption": "KVM 处在 1 型和 2 型的边界上",
        # chapter 2
        "clients": "libvirt 的客户端",
        "nova": "Nova（OpenStack）",
        "compute_service": "计算服务",
        "libvirt_driver": "libvirt 驱动",
        "daemon_api": "守护进程和管理 API",
        "xml_domains": "用 XML 描述虚拟机（domain）",
        "starts_stops": "启动、停止",
        "qemu_process": "QEMU 进程",
        "one_per_vm": "每台虚拟机一个",
        "guest_own_os": "运行自己的操作系统",
        "devices": "模拟的设备",
        "devices_1": "固件、磁盘、网卡、",
        "devices_2": "显卡、串口",
        "vcpu_threads": "虚拟 CPU 的线程",
        "vcpu_detail": "每个虚拟 CPU 一个，由 Linux 调度",
        "kernel_space": "内核态",
        "kernel": "Linux 内核",
        "kvm_modules": "KVM 模块",
        "or": "或",
        "kvm_role": "虚拟化 CPU 和内存",
        "hardware_short": "硬件",
        "cpu_extensions": "CPU 带 Intel VT-x 或 AMD-V 扩展",
        "cpu_flags": "CPU 标志 `vmx`（Intel）或 `svm`（AMD）",
        "layers_title": "KVM、QEMU 和 libvirt 的分层",
        "layers_desc": "从上往下：libvirt 的客户端 virsh、virt-install、virt-manager 和 Nova（OpenStack 的计算服务）的 "
                       "libvirt 驱动，调用守护进程 libvirtd；libvirtd 用 XML 描述虚拟机（domain），启动、停止 QEMU 进程，"
                       "每台虚拟机一个 qemu-system-x86_64 进程；进程里是客户机（运行自己的操作系统）、模拟的设备"
                       "（固件、磁盘、网卡、显卡、串口）和虚拟 CPU 的线程，每个虚拟 CPU 一个，由 Linux 调度。"
                       "用户态和内核态的分界线以下：这些线程经设备文件 /dev/kvm 使用 Linux 内核里的 KVM 模块"
                       "（kvm，加上 kvm_intel 或 kvm_amd），它虚拟化 CPU 和内存；最下面是硬件：CPU 带 Intel VT-x 或 "
                       "AMD-V 扩展，CPU 标志 vmx（Intel）或 svm（AMD）。",
        "layers_caption": "KVM、QEMU 和 libvirt：从客户端到硬件",
    },
    "en": {
        "hardware": "Physical hardware",
        "hardware_parts": "CPU, memory, I/O",
        "guest": "Guest",
        "guest_os": "own OS",
        "type1": "Type 1",
        "type2": "Type 2",
        "bare_metal": "Bare-metal hypervisor",
        "type1_examples": "Xen, VMware ESXi, Hyper-V",
        "host_os": "Host operating system",
        "host_os_examples": "Red Hat, Ubuntu, Windows",
        "other": "Other",
        "software": "software",
        "types_caption": "Type 1 and type 2: where the hypervisor runs",
        "type1_desc": "Type 1, from the bottom up: the physical hardware (CPU, memory, I/O); a bare-metal hypervisor "
                      "installed directly on the hardware, for example Xen, VMware ESXi or Hyper-V; on top, two guests, "
                      "each running its own operating system (OS).",
        "type2_desc": "Type 2, from the bottom up: the physical hardware; a host operating system such as Red Hat, "
                      "Ubuntu or Windows; on it, the hypervisor (for example VirtualBox or VMware Workstation) runs as a "
                      "program, beside other software; on top, two guests on the hypervisor, each running its own "
                      "operating system (OS).",
        "process": "process",
        "programs": "programs",
        "user_space": "User space",
        "still_linux": "still a general-purpose Linux,",
        "as_type2": "as in type 2",
        "kernel_kvm": "Linux kernel + KVM module",
        "kernel_is_hypervisor": "the kernel is the hypervisor,",
        "as_type1": "as in type 1",
        "kvm_type_title": "KVM: on the border between type 1 and type 2",
        "kvm_type_desc": "KVM, from the bottom up: the physical hardware; the Linux kernel + KVM module: the kernel is "
                         "the hypervisor, as in type 1; in user space, each guest is a QEMU process, beside other "
                         "programs: the host is still a general-purpose Linux, as in type 2.",
        "kvm_type_caption": "KVM sits on the border between type 1 and type 2",
        "clients": "libvirt's clients",
        "nova": "Nova (OpenStack)",
        "compute_service": "compute service",
        "libvirt_driver": "libvirt driver",
        "daemon_api": "daemon and management API",
        "xml_domains": "virtual machines in XML (domains)",
        "starts_stops": "starts, stops",
        "qemu_process": "QEMU process",
        "one_per_vm": "one per virtual machine",
        "guest_own_os": "with its own operating system",
        "devices": "Emulated devices",
        "devices_1": "firmware, disks, network cards,",
        "devices_2": "graphics, serial ports",
        "vcpu_threads": "Virtual CPU threads",
        "vcpu_detail": "one each, scheduled by Linux",
        "kernel_space": "Kernel space",
        "kernel": "Linux kernel",
        "kvm_modules": "KVM modules",
        "or": "or",
        "kvm_role": "virtualises CPU and memory",
        "hardware_short": "Hardware",
        "cpu_extensions": "CPU with Intel VT-x or AMD-V",
        "cpu_flags": "CPU flag `vmx` (Intel) or `svm` (AMD)",
        "layers_title": "The layers of KVM, QEMU and libvirt",
        "layers_desc": "From the top down: libvirt's clients virsh, virt-install, virt-manager and the libvirt driver of "
                       "Nova (OpenStack's compute service) call the libvirtd daemon; libvirtd describes virtual machines "
                       "in XML (domains) and starts and stops QEMU processes, one qemu-system-x86_64 process per virtual "
                       "machine; in the process are the guest (with its own operating system), the emulated devices "
                       "(firmware, disks, network cards, graphics, serial ports) and the virtual CPU threads, one each, "
                       "scheduled by Linux. Below the line between user space and kernel space: those threads use the "
                       "KVM modules of the Linux kernel (kvm, plus kvm_intel or kvm_amd) through the device file "
                       "/dev/kvm; KVM virtualises CPU and memory. At the bottom, the hardware: a CPU with Intel VT-x or "
                       "AMD-V, CPU flag vmx (Intel) or svm (AMD).",
        "layers_caption": "KVM, QEMU and libvirt: from the clients down to the hardware",
    },
}


@dataclass(frozen=True)
class Diagram:
    """A figure: its panels (side by side when the column is wide enough) and its caption's label key."""

    name: str
    caption: str
    panels: tuple[Panel, ...]


def _stack_box(style: str, x: int, y: int, width: int, first: str, second: str, kind: str = "title") -> Box:
    """A box 56 units high with two centred lines: ``first`` (a title) and ``second``."""
    return Box(style, x, y, width, 56, (Line(y + 23, kind, first), Line(y + 44, "text", second)))


def _guest(x: int, y: int, width: int) -> Box:
    return _stack_box("dashed", x, y, width, "{L:guest}", "{L:guest_os}")


def _hardware(y: int, width: int) -> Box:
    return _stack_box("shaded", 16, y, width, "{L:hardware}", "{L:hardware_parts}")


# Chapter 1. The stacks stand on a common ground: each panel's hardware ends 40 units above its bottom, where its
# heading is, so that side by side the hardware lines up.
TYPE_1 = Panel(
    name="type-1", width=340, height=232, title="{L:type1}", desc="{L:type1_desc}",
    boxes=(
        _guest(16, 8, 150),
        _guest(174, 8, 150),
        _stack_box("tinted", 16, 72, 308, "{L:bare_metal}", "{L:type1_examples}"),
        _hardware(136, 308),
    ),
    labels=(Line(220, "heading", "{L:type1}", x=170),),
)
TYPE_2 = Panel(
    name="type-2", width=340, height=316, title="{L:type2}", desc="{L:type2_desc}",
    boxes=(
        _guest(16, 8, 92),
        _guest(116, 8, 92),
        Box("tinted", 16, 72, 192, 76, (Line(95, "title", "Hypervisor"), Line(116, "text", "VirtualBox"),
                                        Line(137, "text", "VMware Workstation"))),
        Box("plain", 216, 72, 108, 76, (Line(106, "title", "{L:other}"), Line(127, "title", "{L:software}"))),
        _stack_box("plain", 16, 156, 308, "{L:host_os}", "{L:host_os_examples}"),
        _hardware(220, 308),
    ),
    labels=(Line(304, "heading", "{L:type2}", x=170),),
)
KVM_TYPE = Panel(
    name="kvm", width=380, height=414, title="{L:kvm_type_title}", desc="{L:kvm_type_desc}",
    boxes=(
        Box("plain", 16, 8, 348, 218, (Line(172, "title", "{L:user_space}"), Line(193, "text", "{L:still_linux}"),
                                       Line(214, "text", "{L:as_type2}"))),
        _guest(28, 20, 100),
        _guest(136, 20, 100),
        _stack_box("plain", 28, 84, 100, "QEMU", "{L:process}"),
        _stack_box("plain", 136, 84, 100, "QEMU", "{L:process}"),
        Box("plain", 244, 20, 108, 120, (Line(76, "title", "{L:other}"), Line(97, "title", "{L:programs}"))),
        Box("tinted", 16, 234, 348, 76, (Line(257, "title", "{L:kernel_kvm}"), Line(278, "text", "{L:kernel_is_hypervisor}"),
                                         Line(299, "text", "{L:as_type1}"))),
        _hardware(318, 348),
    ),
    labels=(Line(402, "heading", "KVM", x=190),),
)

# Chapter 2, top down: libvirt's clients, libvirtd, a QEMU process per virtual machine (two more behind it), the
# line between user space and the kernel, the kernel with /dev/kvm and the KVM modules, the hardware.
_QEMU_HEIGHT = 292
KVM_LAYERS = Panel(
    name="layers", width=400, height=930, title="{L:layers_title}", desc="{L:layers_desc}",
    boxes=(
        Box("plain", 16, 8, 368, 126, (Line(31, "title", "{L:clients}"),)),
        Box("plain", 28, 42, 124, 80, (Line(64, "code", "virsh"), Line(86, "code", "virt-install"),
                                       Line(108, "code", "virt-manager"))),
        Box("plain", 160, 42, 212, 80, (Line(64, "title", "{L:nova}"), Line(86, "text", "{L:compute_service}"),
                                        Line(108, "text", "{L:libvirt_driver}"))),
        Box("plain", 16, 162, 368, 78, (Line(185, "title", "`libvirtd`"), Line(206, "text", "{L:daemon_api}"),
                                        Line(227, "text", "{L:xml_domains}"))),
        Box("plain", 32, 282, 352, _QEMU_HEIGHT),
        Box("plain", 24, 290, 352, _QEMU_HEIGHT),
        Box("plain", 16, 298, 352, _QEMU_HEIGHT, (Line(321, "title", "{L:qemu_process}"), Line(342, "text", "{L:one_per_vm}"),
                                                  Line(363, "code", "qemu-system-x86_64"))),
        _stack_box("dashed", 28, 374, 328, "{L:guest}", "{L:guest_own_os}"),
        Box("plain", 28, 438, 328, 76, (Line(461, "title", "{L:devices}"), Line(482, "text", "{L:devices_1}"),
                                        Line(503, "text", "{L:devices_2}"))),
        _stack_box("plain", 28, 522, 328, "{L:vcpu_threads}", "{L:vcpu_detail}"),
        Box("plain", 16, 646, 368, 170, (Line(669, "title", "{L:kernel}", x=28, anchor="start"),)),
        Box("plain", 130, 680, 140, 40, (Line(705, "code", "/dev/kvm"),)),
        Box("tinted", 28, 728, 344, 76, (Line(751, "title", "{L:kvm_modules}"),
                                         Line(772, "text", "`kvm` + `kvm_intel` {L:or} `kvm_amd`"),
                                         Line(793, "text", "{L:kvm_role}"))),
        Box("shaded", 16, 846, 368, 76, (Line(869, "title", "{L:hardware_short}"), Line(890, "text", "{L:cpu_extensions}"),
                                         Line(911, "text", "{L:cpu_flags}"))),
    ),
    arrows=(Arrow(90, 122, 90, 162), Arrow(266, 122, 266, 162), Arrow(200, 240, 200, 282), Arrow(200, 578, 200, 680),
            Arrow(200, 804, 200, 846)),
    rules=(Rule(616, 16, 384),),
    labels=(Line(266, "text", "{L:starts_stops}", x=210, anchor="start"),
            Line(610, "text", "{L:user_space}", x=384, anchor="end"),
            Line(634, "text", "{L:kernel_space}", x=384, anchor="end")),
)

DIAGRAMS = {d.name: d for d in (
    Diagram("hypervisor-types", "{L:types_caption}", (TYPE_1, TYPE_2)),
    Diagram("kvm-type", "{L:kvm_type_caption}", (KVM_TYPE,)),
    Diagram("kvm-layers", "{L:layers_caption}", (KVM_LAYERS,)),
)}


def render(name: str, lang: str) -> str:
    """The figure ``name`` in ``lang``: its panels, each an accessible SVG, and its caption."""
    if name not in DIAGRAMS:
        raise ValueError(f"diagram({name!r}): no such diagram; known: {', '.join(DIAGRAMS)} (macros/diagrams.py)")
    if lang not in LABELS:
        raise ValueError(f"diagram({name!r}): no labels for language {lang!r}; known: {', '.join(LABELS)}")
    diagram, labels = DIAGRAMS[name], LABELS[lang]
    panels = [svg(panel, labels, f"{name}-{panel.name}") for panel in diagram.panels]
    return figure(name, panels, markup(diagram.caption, labels, svg=False))


def register(env: Any) -> None:
    """Define the macro ``diagram(name)`` on a mkdocs-macros ``env``."""

    @env.macro
    def diagram(name: str) -> str:
        """The figure ``name`` of macros/diagrams.py in the page's language."""
        return render(name, env.conf["theme"]["language"])  # read at render time, as macros/__init__.py does
