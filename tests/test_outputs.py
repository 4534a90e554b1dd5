"""Atomic and tidy outputs (issue 9): kills at several points of build, publish and import leave the old
or the new output and, after the next run, no leftovers; a second writer is stopped by the lock; a
full disk (a real tmpfs when this machine lets us mount one) gives a clear message and leaves the
previous output intact; outputs get ordinary permissions."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import DEMO, run_cli
from mandato.outputs import STAGING
from mandato.paths import DATA_DIR

DEMO_DATA = [str(DATA_DIR / "jurisdictions.ttl"), str(DEMO)]
IMPORT_TTL = "@prefix md: <https://w3id.org/mandato/ontology#> .\n<https://w3id.org/mandato/id/dataset/x> a md:ImportedDataset .\n"
SIGKILL = -signal.SIGKILL


def leftovers(parent: Path) -> list[str]:
    """Everything in the staging folder beside an output except its .gitignore and lock files."""
    root = parent / STAGING
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if p.name != ".gitignore" and not p.name.endswith(".lock"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def run(args: list[str], failpoint: str | None = None, **env: str):
    extra = {"MANDATO_FAILPOINT": failpoint} if failpoint else {}
    return run_cli(*args, env={**extra, **env})


# ------------------------------------------------------------------------------------- the swap itself
SWAP_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mandato import outputs
    out, version = Path(sys.argv[1]), sys.argv[2]
    def fill(staging):
        (staging / "version.txt").write_text(version)
        (staging / "big.txt").write_text(version * 1000)
    outputs.replace_folder(out, fill, keep=("imports",))
""")


def swap_run(out: Path, version: str, failpoint: str | None = None) -> int:
    env = {**os.environ, "MANDATO_FAILPOINT": failpoint or ""}
    return subprocess.run([sys.executable, "-c", SWAP_SCRIPT, str(out), version], env=env, timeout=60).returncode


POINTS = [
    ("build:staged", ""),  # everything written, nothing swapped
    ("swap:exchanged", ""),  # Linux: after the one atomic exchange, before the old copy is removed
    ("swap:ready", "exchange-unsupported:on"),  # two-rename fallback: staging renamed to OUT.ready
    ("swap:between-renames", "exchange-unsupported:on"),  # OUT moved aside, the new one not yet in place
    ("swap:before-cleanup", "exchange-unsupported:on"),
]


@pytest.mark.parametrize("point, mode", POINTS, ids=[p for p, _ in POINTS])
def test_killed_swap_leaves_old_or_new_and_the_next_run_recovers(tmp_path, point, mode):
    out = tmp_path / "out"
    assert swap_run(out, "v1") == 0
    (out / "imports").mkdir()
    (out / "imports" / "kept.ttl").write_text("kept")
    failpoint = ",".join(x for x in (f"{point}:kill", mode) if x)
    assert swap_run(out, "v2", failpoint) == SIGKILL
    if out.exists():
        assert (out / "version.txt").read_text() in ("v1", "v2")
        assert (out / "imports" / "kept.ttl").read_text() == "kept"
    else:  # only between the two renames of the fallback; the new output is complete and waiting
        assert point == "swap:between-renames"
        assert (tmp_path / STAGING / "out.ready" / "version.txt").read_text() == "v2"
    # the next run (here a third version) first finishes or undoes the interrupted swap
    assert swap_run(out, "v3") == 0
    assert (out / "version.txt").read_text() == "v3"
    assert (out / "imports" / "kept.ttl").read_text() == "kept"
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [STAGING, "out"]


def test_a_reader_never_sees_a_missing_output_with_the_exchange(tmp_path):
    """With renameat2 (Linux), OUT exists at every moment of a swap."""
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux-only")
    out = tmp_path / "out"
    assert swap_run(out, "v1") == 0
    stop = time.monotonic() + 3
    writer = subprocess.Popen([sys.executable, "-c", SWAP_SCRIPT.replace("outputs.replace_folder(out, fill, keep=(\"imports\",))",
                                                                           "[outputs.replace_folder(out, fill) for _ in range(40)]"), str(out), "v2"])
    misses = 0
    while writer.poll() is None and time.monotonic() < stop + 30:
        misses += not (out / "version.txt").exists()
    assert writer.wait() == 0
    assert misses == 0


# ------------------------------------------------------------------------------------- build
def build_args(out: Path) -> list[str]:
    return ["build", "--no-reason", "--out", str(out), "--data", *DEMO_DATA]


@pytest.fixture(scope="module")
def template_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("template") / "build"
    code, _, err = run(build_args(out))
    assert code == 0, err
    return out


@pytest.fixture
def built(tmp_path, template_build) -> Path:
    """A finished build (with an import in it) of the fixture graph, in this test's own folder."""
    out = tmp_path / "build"
    shutil.copytree(template_build, out)
    (out / "imports").mkdir()
    (out / "imports" / "x.ttl").write_text(IMPORT_TTL, encoding="utf-8")
    return out


@pytest.mark.parametrize("point", ["build:write", "build:staged", "swap:exchanged", "swap:between-renames:kill,exchange-unsupported:on"])
def test_killed_build_keeps_old_or_new_build_and_its_imports(built, point):
    code, _, _ = run(build_args(built), point if ":kill" in point else f"{point}:kill")
    assert code == SIGKILL
    if built.exists():  # a whole build, old or new: its TriG is the one its manifest describes
        manifest = json.loads((built / "manifest.json").read_text())
        assert hashlib.sha256((built / "mandato.trig").read_bytes()).hexdigest() == manifest["digest"]
        assert (built / "imports" / "x.ttl").read_text(encoding="utf-8") == IMPORT_TTL
    else:
        assert point.startswith("swap:between-renames")
    code, out, err = run(build_args(built))
    assert code == 0, err
    assert (built / "imports" / "x.ttl").read_text(encoding="utf-8") == IMPORT_TTL  # the imports survive recovery
    assert leftovers(built.parent) == []


def test_leftovers_of_earlier_versions_are_removed(built):
    for name in (".build-abcd1234", ".old-x1y2z3w4", ".publish-abcdefgh"):
        (built.parent / name).mkdir()
    code, _, err = run(build_args(built))
    assert code == 0, err
    assert sorted(p.name for p in built.parent.iterdir()) == [STAGING, "build"]


LOCK_HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from mandato.outputs import OutputLock
    with OutputLock(Path(sys.argv[1]), sys.argv[2]):
        print("locked", flush=True)
        time.sleep(60)
""")


@pytest.fixture
def lock_holder():
    started = []

    def hold(out: Path, what: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(out), what], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "locked"
        started.append(proc)
        return proc

    yield hold
    for proc in started:
        proc.kill()
        proc.wait()


def test_a_second_build_or_an_import_is_refused_while_a_build_runs(built, lock_holder, tmp_path):
    before = snapshot(built)
    holder = lock_holder(built, "build")
    code, _, err = run(build_args(built))
    assert code == 2 and "Traceback" not in err
    assert f"another build is running on {built}/ (process {holder.pid})" in err
    csv = tmp_path / "unegov.csv"
    shutil.copy(Path(__file__).parent / "fixtures" / "reference" / "unegov.csv", csv)
    code, _, err = run(["import", "unegov", str(csv), "--out", str(built / "imports")])
    assert code == 2 and "another build is running" in err
    assert snapshot(built) == before
    holder.kill()
    holder.wait()
    code, _, err = run(["import", "unegov", str(csv), "--out", str(built / "imports")])
    assert code == 0, err
    assert (built / "imports" / "unegov.ttl").is_file()


# ------------------------------------------------------------------------------------- import
@pytest.mark.parametrize("point", ["write:file", "import:locked"])
def test_killed_import_keeps_the_previous_import(tmp_path, point):
    csv = Path(__file__).parent / "fixtures" / "reference" / "unegov.csv"
    out = tmp_path / "build" / "imports"
    code, _, err = run(["import", "unegov", str(csv), "--out", str(out), "--date", "2026-01-01"])
    assert code == 0, err
    before = (out / "unegov.ttl").read_bytes()
    code, _, _ = run(["import", "unegov", str(csv), "--out", str(out), "--date", "2026-02-02"], f"{point}:kill")
    assert code == SIGKILL
    assert (out / "unegov.ttl").read_bytes() == before
    code, _, err = run(["import", "unegov", str(csv), "--out", str(out), "--date", "2026-03-03"])
    assert code == 0, err
    assert "2026-03-03" in (out / "unegov.ttl").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["unegov.ttl"]
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------------------------- publish
@pytest.fixture(scope="module")
def publish_build(template_build) -> Path:
    return template_build


def publish_args(build: Path, site: Path) -> list[str]:
    return ["publish", "--build", str(build), "--out", str(site), "--issued", "2026-12-01"]


@pytest.fixture(scope="module")
def published(publish_build, tmp_path_factory) -> Path:
    """The fixture graph published once (each test copies it where it needs a previous site)."""
    site = tmp_path_factory.mktemp("published") / "site"
    code, _, err = run(publish_args(publish_build, site))
    assert code == 0, err
    return site


def test_killed_publish_keeps_the_old_site_and_the_next_run_recovers(publish_build, published, tmp_path):
    from mandato.outputs import locked

    site = tmp_path / "site"
    shutil.copytree(published, site)
    before = snapshot(site)
    code, _, _ = run(publish_args(publish_build, site), "swap:between-renames:kill,exchange-unsupported:on")
    assert code == SIGKILL
    assert not site.exists() and (tmp_path / STAGING / "site.ready" / "index.html").is_file()
    with locked(site, "publish") as notes:  # what the next run of any command on the site does first
        assert notes and "completed an interrupted swap" in notes[0]
    assert sorted(snapshot(site)) == sorted(before)  # the whole new site (same build: the same files) is in place
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [STAGING, "site"]


def test_a_killed_publish_before_the_swap_changes_nothing(publish_build, published, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(published, site)
    before = snapshot(site)
    code, _, _ = run(publish_args(publish_build, site), "publish:writing:kill")
    assert code == SIGKILL
    assert snapshot(site) == before


def test_outputs_have_ordinary_permissions(publish_build, published, tmp_path):
    site = published
    csv = Path(__file__).parent / "fixtures" / "reference" / "gtmi.csv"
    code, _, err = run(["import", "gtmi", str(csv), "--out", str(tmp_path / "imports")])
    assert code == 0, err
    umask = os.umask(0)
    os.umask(umask)
    for root in (publish_build, site, tmp_path / "imports"):
        for path in [root, *root.rglob("*")]:
            mode = path.stat().st_mode & 0o777
            assert mode == (0o777 if path.is_dir() else 0o666) & ~umask, (path, oct(mode))


# ------------------------------------------------------------------------------------- disk full
def test_full_disk_during_build_import_and_publish_injected(built, publish_build, tmp_path):
    """ENOSPC raised at the write calls (works without root): clear message, previous output intact."""
    before = snapshot(built)
    code, _, err = run(build_args(built), "build:write:enospc")
    assert code == 2 and "Traceback" not in err
    assert "no space left on the device" in err and "previous output is intact" in err
    assert snapshot(built) == before and leftovers(built.parent) == []
    csv = Path(__file__).parent / "fixtures" / "reference" / "unegov.csv"
    code, _, err = run(["import", "unegov", str(csv), "--out", str(built / "imports")], "write:file:enospc")
    assert code == 2 and "no space left on the device" in err
    assert snapshot(built) == before
    site = tmp_path / "site"
    code, _, err = run(publish_args(publish_build, site), "publish:writing:enospc")
    assert code == 2 and "no space left on the device" in err
    assert not site.exists() and leftovers(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 40 MB tmpfs, room for the fixture site (18 MB: every resource in each of its formats) and a build
    (needs root and mount); skipped where it cannot be mounted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}); the injected test covers the message")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int, name: str = "filler") -> None:
    """Fill the disk until about `leave` bytes are free."""
    free = shutil.disk_usage(disk).free
    with open(disk / name, "wb") as stream:
        stream.write(b"\0" * max(0, free - leave))


def test_full_disk_on_a_real_tmpfs(tiny_disk, template_build, publish_build, published):
    out, site = tiny_disk / "build", tiny_disk / "site"
    shutil.copytree(template_build, out)
    shutil.copytree(published, site)
    build_before, site_before = snapshot(out), snapshot(site)
    fill(tiny_disk, 64 * 1024)
    code, _, err = run(build_args(out))
    assert code == 2 and "Traceback" not in err and "no space left on the device" in err, err
    assert snapshot(out) == build_before
    code, _, err = run(publish_args(publish_build, site))
    assert code == 2 and "no space left on the device" in err, err
    assert snapshot(site) == site_before
    fill(tiny_disk, 0, "filler-2")
    csv = Path(__file__).parent / "fixtures" / "reference" / "govtech.csv"
    code, _, err = run(["import", "govtech", str(csv), "--out", str(out / "imports")])
    assert code == 2 and "no space left on the device" in err, err
    assert snapshot(out) == build_before
    assert leftovers(tiny_disk) == []
