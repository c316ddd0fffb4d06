"""A page's shell session: one bash in the reader's machine, driven through a pseudo-terminal.

Snippets are typed in order, the way a reader follows the page: working directory, variables and
files carry over. An interactive snippet (``docker run -t -i IMAGE /bin/bash``) opens a shell that
later ``runs: lab`` snippets are typed into; its ``exit`` returns to the reader's shell.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass

import pexpect

MARKER_LINE_RE = re.compile(r"^.*__SNIPPET_DONE_[0-9a-f]+__ \d+[ \t]*$", re.MULTILINE)
ANSI_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]")
PROMPT_RE = re.compile(r"[#$] $")
# No prompts, no echo, no colours, no pager waiting for a key (git log would open less).
QUIET = "stty -echo; PS1=''; PS2=''; export TERM=dumb PAGER=cat GIT_PAGER=cat SYSTEMD_PAGER=cat DEBIAN_FRONTEND=noninteractive"


class SnippetTimeoutError(RuntimeError):
    """A snippet did not finish in time."""


@dataclass(frozen=True)
class Result:
    exit: int
    output: str
    seconds: float


def clean_output(raw: str) -> str:
    """Terminal output as a reader would read it: no colours, no progress-bar redraws."""
    text = MARKER_LINE_RE.sub("", ANSI_RE.sub("", raw).replace("\r\n", "\n"))
    lines = []
    for line in text.split("\n"):
        lines.append(line.rstrip("\r").split("\r")[-1])  # keep what the last carriage return left visible
    return "\n".join(lines).strip("\n")


class ShellSession:
    """``argv`` starts the reader's shell (e.g. ``docker exec -it -u reader CONTAINER bash``)."""

    def __init__(self, argv: list[str], start_timeout: int = 30) -> None:
        self.child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace",
                                   dimensions=(40, 200), timeout=start_timeout)
        self._sync(QUIET, start_timeout)

    def _marker(self) -> tuple[str, re.Pattern[str]]:
        token = secrets.token_hex(6)
        # Built from two halves so the command line itself never matches the marker.
        command = f"printf '\\n__SNIPPET_%s_{token}__ %d\\n' DONE \"$?\""
        return command, re.compile(rf"__SNIPPET_DONE_{token}__ (\d+)\r?\n")

    def _sync(self, command: str, timeout: int) -> None:
        marker, pattern = self._marker()
        self.child.sendline(f"{command}; {marker}")
        self.child.expect(pattern, timeout=timeout)

    def run(self, code: str, timeout: int, may_leave_shell: bool = False) -> Result:
        """Type ``code`` and wait for it to finish; its exit status is ``$?`` after its last line.

        With ``may_leave_shell`` (code typed into an interactive container shell, which an ``exit``
        ends), the marker is typed again every few seconds: a copy typed while that shell was
        closing is lost with it, and the next one reaches the reader's shell.
        """
        started = time.monotonic()
        marker, pattern = self._marker()
        # One compound command: bash reads all of it before running any of it, so nothing is left typed
        # ahead for a command to swallow (apt flushes the terminal's input) and the marker always runs.
        self.child.sendline("{\n" + code + "\n}; " + marker)
        deadline = started + timeout
        try:
            while True:
                wait = min(deadline - time.monotonic(), 3.0) if may_leave_shell else deadline - time.monotonic()
                try:
                    self.child.expect(pattern, timeout=max(wait, 0.1))
                    break
                except pexpect.TIMEOUT:
                    if not may_leave_shell or time.monotonic() >= deadline:
                        raise
                    self.child.sendline(marker)
        except pexpect.TIMEOUT:
            output = clean_output(self.child.before or "")
            self.interrupt()
            raise SnippetTimeoutError(output) from None
        except pexpect.EOF:
            return Result(255, clean_output(self.child.before or "") + "\n[the shell exited]", time.monotonic() - started)
        return Result(int(self.child.match.group(1)), clean_output(self.child.before), time.monotonic() - started)

    def interrupt(self, wait: int = 10) -> bool:
        """Stop what runs in the foreground (Ctrl-C, as a reader would), then wait for the shell to answer again;
        if it does not within ``wait`` seconds, close the session. True when the shell answered."""
        self.child.sendintr()
        try:
            self._sync("true", wait)
            return True
        except (pexpect.TIMEOUT, pexpect.EOF):
            self.close()
            return False

    def open_shell(self, code: str, timeout: int) -> Result:
        """Type a command that opens an interactive shell; wait for its prompt and quieten it."""
        started = time.monotonic()
        self.child.sendline(code)
        try:
            self.child.expect(PROMPT_RE, timeout=timeout)
        except pexpect.TIMEOUT:
            raise SnippetTimeoutError(clean_output(self.child.before or "")) from None
        except pexpect.EOF:
            return Result(255, clean_output(self.child.before or "") + "\n[the shell exited]", time.monotonic() - started)
        output = clean_output(self.child.before or "")
        self._sync(QUIET, timeout)
        return Result(0, output, time.monotonic() - started)

    def close(self) -> None:
        if self.child.isalive():
            self.child.close(force=True)
