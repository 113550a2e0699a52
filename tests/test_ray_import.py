"""`frontline index import` with FRONTLINE_RAY_ADDRESS: the passages embedded on a local Ray cluster.

The cluster is a `ray start --head --node-ip-address=127.0.0.1` of this test's own (its temp
folder in the test's tree), stopped in teardown by its process group. Ray 2.60 still lets its
GCS and raylet listen on every interface and its client server on the host's address (seen
with `ss -ltnp`) while the test runs; RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 binds them all to
127.0.0.1, but the test's Ray Data job then never finished, so it is not set.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from .conftest import DATED

ray = pytest.importorskip("ray")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def ray_head(tmp_path_factory):
    temp = tmp_path_factory.mktemp("ray")  # short: Ray's socket paths must fit 107 characters
    port = _free_port()
    command = [
        str(Path(sys.executable).parent / "ray"), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
        f"--temp-dir={temp}", "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats", "--block",
    ]  # fmt: skip
    log = open(temp / "head.log", "w")  # noqa: SIM115 - closed in teardown
    head = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    address = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while "Ray runtime started" not in (temp / "head.log").read_text():
            assert head.poll() is None and time.monotonic() < deadline, (temp / "head.log").read_text()[-2000:]
            time.sleep(0.5)
        yield address
    finally:
        if ray.is_initialized():
            ray.shutdown()
        head.terminate()  # `ray start --block` stops what it started (a signal to its whole group hangs it)
        try:
            head.wait(timeout=10)
        except subprocess.TimeoutExpired:
            head.kill()
            head.wait()
        for pid in _session_members(head.pid):  # workers it left: our session's own processes, by id
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.close()


def _session_members(session: int) -> list[int]:
    """Processes whose session is `session` (the one the head's Popen started)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # after "pid (comm)": state, ppid, pgrp, session
            found.append(int(stat.parent.name))
    return found


def _vectors(index: Path) -> tuple[list[str], np.ndarray]:
    store = sorted(index.glob("gen-*/index.sqlite"))[-1]
    conn = sqlite3.connect(store)
    rows = conn.execute("SELECT text, embedding FROM chunks ORDER BY id").fetchall()
    sentences = conn.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0]
    conn.close()
    return [r[0] for r in rows] + [sentences], np.stack([np.frombuffer(r[1], np.float32) for r in rows])


def test_import_embeds_on_the_ray_cluster_the_same_vectors(run, ray_head, tmp_path, monkeypatch):
    from index.embed import distributed

    calls = []
    real = distributed.embed_on_ray
    monkeypatch.setattr(
        distributed, "embed_on_ray", lambda texts, *a, **k: calls.append(len(texts)) or real(texts, *a, **k)
    )
    local = run("index", "import", DATED, "--index", tmp_path / "local")
    assert local.exit_code == 0 and not calls
    monkeypatch.setenv("FRONTLINE_RAY_ADDRESS", ray_head)
    result = run("index", "import", DATED, "--index", tmp_path / "ray")
    assert result.exit_code == 0, result.output
    assert "added 13" in result.output
    texts, vectors = _vectors(tmp_path / "ray")
    # Every passage, in one job; answer sentences are embedded at the first question citing them (lazy).
    assert calls == [len(texts) - 1] and texts[-1] == 0
    expected_texts, expected = _vectors(tmp_path / "local")
    assert texts == expected_texts
    assert np.allclose(vectors, expected, atol=1e-4)
    answer = run("ask", "Zaporizhzhia nuclear plant", "--index", tmp_path / "ray", "--json").output
    assert answer == run("ask", "Zaporizhzhia nuclear plant", "--index", tmp_path / "local", "--json").output


def test_an_unreachable_ray_cluster_is_one_line(run, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_RAY_ADDRESS", f"127.0.0.1:{_free_port()}")
    result = run("index", "import", DATED, "--index", tmp_path / "ray")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: embedding on the Ray cluster at 127.0.0.1:")
    assert "Traceback" not in result.output
