"""Debian's Virtuoso Open Source 7, started by a test on 127.0.0.1 with its own database folder and a
copy of Debian's virtuoso.ini in which only the file paths and the two ports are changed. The
database is new, so the administrator account is Virtuoso's default (dba/dba)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
DEBIAN_DB = "/var/lib/virtuoso-opensource-7"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VirtuosoServer:
    user = "dba"
    password = "dba"

    def __init__(self, parameters: dict[str, str] | None = None, sparql: dict[str, str] | None = None) -> None:
        self.parameters = parameters or {}  # [Parameters] settings over Debian's (the benchmark's larger loads)
        self.sparql_settings = sparql or {}  # [SPARQL] settings over Debian's
        self.exe = shutil.which("virtuoso-t")
        if not self.exe or not DEBIAN_INI.is_file():
            pytest.fail("Debian's virtuoso-opensource is missing: scripts/setup.sh installs it (apt-get install virtuoso-opensource)")
        self.sql_port, self.http_port = free_port(), free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="mandato-virtuoso-"))
        self.proc: subprocess.Popen | None = None

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def ini(self) -> str:
        text = DEBIAN_INI.read_text(encoding="utf-8")
        text = text.replace(f"{DEBIAN_DB}/db", str(self.dir)).replace(f"{DEBIAN_DB}/vsp", str(self.dir / "vsp"))
        sections = re.split(r"(?m)^(?=\[)", text)
        out = []
        for section in sections:
            if section.startswith("[Parameters]"):
                section = re.sub(r"(?m)^ServerPort\s*=.*$", f"ServerPort = 127.0.0.1:{self.sql_port}", section)
                for name, value in self.parameters.items():
                    section = re.sub(rf"(?m)^{name}\s*=.*\n", "", section).rstrip("\n") + f"\n{name} = {value}\n\n"
            elif section.startswith("[SPARQL]"):
                for name, value in self.sparql_settings.items():
                    section = re.sub(rf"(?m)^{name}\s*=.*$", f"{name} = {value}", section)
            elif section.startswith("[HTTPServer]"):
                section = re.sub(r"(?m)^ServerPort\s*=.*$", f"ServerPort = 127.0.0.1:{self.http_port}", section)
            out.append(section)
        return "".join(out)

    def log(self) -> str:
        path = self.dir / "virtuoso.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def __enter__(self) -> "VirtuosoServer":
        (self.dir / "vsp").mkdir()
        ini = self.dir / "virtuoso.ini"
        ini.write_text(self.ini(), encoding="utf-8")
        self.proc = subprocess.Popen([self.exe, "+configfile", str(ini), "+foreground"], cwd=self.dir,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.sparql}?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.25)
        self.__exit__(None, None, None)
        pytest.fail(f"virtuoso did not start:\n{self.log()}")

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)
