"""Debian's apache2, started by a test on 127.0.0.1 with a configuration written to a temporary folder.

The server-wide part reproduces a stock Debian install (the modules Debian enables by default, with
their configuration files from /etc/apache2/mods-available, and the <Directory /> and .ht* rules of
Debian's apache2.conf); the site's part is the recipe of docs/hosting.md itself: the modules its
`a2enmod` line names and its <VirtualHost> block, with the site's path and a free port put in.
Nothing of the system's configuration is changed. As root, Apache's workers run as www-data (as on
Debian), so the site must be readable by others.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

HOSTING_DOC = Path(__file__).resolve().parents[1] / "docs" / "hosting.md"
MODULES_DIR = Path("/usr/lib/apache2/modules")
MODS_AVAILABLE = Path("/etc/apache2/mods-available")
#: The modules a fresh Debian apache2 enables (/etc/apache2/mods-enabled after `apt-get install apache2`).
DEBIAN_DEFAULT_MODULES = (
    "mpm_event", "authz_core", "authz_host", "authz_user", "authn_core", "authn_file", "auth_basic", "access_compat",
    "alias", "autoindex", "deflate", "dir", "env", "filter", "mime", "negotiation", "reqtimeout", "setenvif", "status",
)  # fmt: skip
DOC_ROOT_PLACEHOLDER = "/srv/mandato/site"


def apache_binary() -> str:
    exe = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None)
    if not exe:
        pytest.fail("Debian's apache2 is missing: scripts/setup.sh installs it (apt-get install apache2)")
    return exe


def hosting_recipe(doc: Path = HOSTING_DOC) -> tuple[list[str], str]:
    """(modules named by the a2enmod line, the <VirtualHost> block) of docs/hosting.md."""
    text = doc.read_text(encoding="utf-8")
    mods = re.search(r"a2enmod ([a-z_ ]+)", text)
    block = re.search(r"```apache\n(.*?)```", text, re.DOTALL)
    if not mods or not block:
        raise AssertionError("docs/hosting.md has no `a2enmod ...` line or no ```apache block")
    vhost = "\n".join(line[2:] if line.startswith("  ") else line for line in block.group(1).splitlines())
    return mods.group(1).split(), vhost


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Apache:
    """apache2 -f CONF -DFOREGROUND with its own PidFile, ErrorLog and Listen lines."""

    def __init__(self, vhosts: list[tuple[int, str]], modules: list[str]) -> None:
        self.exe = apache_binary()
        self.vhosts = vhosts
        self.modules = list(dict.fromkeys([*DEBIAN_DEFAULT_MODULES, *modules]))
        self.dir = Path(tempfile.mkdtemp(prefix="mandato-apache-"))
        self.proc: subprocess.Popen | None = None

    def config(self) -> str:
        lines = [
            f"ServerRoot {self.dir}",
            f"DefaultRuntimeDir {self.dir}",
            f"PidFile {self.dir}/apache2.pid",
            f"ErrorLog {self.dir}/error.log",
            "LogLevel warn",
            "ServerName 127.0.0.1",
            "Timeout 30",
        ]
        if os.geteuid() == 0:
            lines += ["User www-data", "Group www-data"]
        for name in self.modules:
            so = MODULES_DIR / f"mod_{name}.so"
            if not so.exists():
                pytest.fail(f"apache2 module {so} is missing")
            lines.append(f"LoadModule {name}_module {so}")
            if (MODS_AVAILABLE / f"{name}.conf").exists():
                lines.append(f"Include {MODS_AVAILABLE / f'{name}.conf'}")
        lines += [
            "<Directory />",
            "    Options FollowSymLinks",
            "    AllowOverride None",
            "    Require all denied",
            "</Directory>",
            "AccessFileName .htaccess",
            '<FilesMatch "^\\.ht">',
            "    Require all denied",
            "</FilesMatch>",
        ]
        for port, vhost in self.vhosts:
            lines += [f"Listen 127.0.0.1:{port}", vhost]
        return "\n".join(lines) + "\n"

    def error_log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> "Apache":
        conf = self.dir / "apache2.conf"
        conf.write_text(self.config(), encoding="utf-8")
        os.chmod(self.dir, 0o755)
        check = subprocess.run([self.exe, "-t", "-f", str(conf)], capture_output=True, text=True)
        if check.returncode != 0:
            raise AssertionError(f"apache2 -t rejects the configuration:\n{check.stderr}\n{self.config()}")
        self.proc = subprocess.Popen([self.exe, "-f", str(conf), "-DFOREGROUND"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        for port, _ in self.vhosts:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if self.proc.poll() is not None or time.monotonic() > deadline:
                        self.__exit__(None, None, None)
                        raise AssertionError(f"apache2 did not start: {self.error_log()[-3000:]}")
                    time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def site_vhost(site: Path, port: int) -> tuple[list[str], str]:
    """docs/hosting.md's virtual host for a site folder on 127.0.0.1:port, and the modules it needs."""
    modules, vhost = hosting_recipe()
    vhost = vhost.replace(DOC_ROOT_PLACEHOLDER, str(site))
    vhost = re.sub(r"<VirtualHost \*:80>", f"<VirtualHost 127.0.0.1:{port}>", vhost)
    if str(site) not in vhost or f"127.0.0.1:{port}" not in vhost:
        raise AssertionError("docs/hosting.md's virtual host no longer uses /srv/mandato/site and *:80")
    return modules, vhost


def w3id_vhost(folder: Path, port: int) -> str:
    """A virtual host that plays w3id.org: its folders' .htaccess files may override everything."""
    return "\n".join(
        [
            f"<VirtualHost 127.0.0.1:{port}>",
            "    ServerName w3id.test",
            f"    DocumentRoot {folder}",
            f"    <Directory {folder}>",
            "        Options FollowSymLinks",
            "        AllowOverride All",
            "        Require all granted",
            "    </Directory>",
            "</VirtualHost>",
        ]
    )
