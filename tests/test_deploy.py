"""The deployment steps of the README, run here as an operator would, as an unprivileged user.

No Docker daemon or systemd runs in tests: the Dockerfile's build and start commands and the
systemd unit's user, folder and settings (through deploy/frontline-admin) are replayed in a
scratch folder, the service user being `nobody`.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import ROOT

DEPLOY = ROOT / "deploy"
NOBODY = "nobody"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv to switch users"
)


@pytest.fixture
def scratch():
    # pytest's tmp_path is private to root (0700): the service user must be able to reach this one.
    folder = Path(tempfile.mkdtemp(prefix="frontline-deploy-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _chown(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for current, folders, files in os.walk(path):
        for name in [current, *(os.path.join(current, f) for f in folders + files)]:
            os.chown(name, entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def _seed_models(target: Path, model_dir: Path, *, int8: bool) -> None:
    """Hard-linked copies of the models built for the tests, readable by every user."""
    target.mkdir(parents=True, exist_ok=True)
    base = model_dir.parent  # .../multilingual-e5-small
    folders = [base] + ([base.with_name(base.name + ".openvino-int8")] if int8 else [])
    for folder in folders:
        subprocess.run(["cp", "-al", str(folder), str(target / folder.name)], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)


def _reachable_by(user: str, program: Path) -> bool:
    entry = pwd.getpwnam(user)
    probe = [
        "setpriv",
        f"--reuid={entry.pw_uid}",
        f"--regid={entry.pw_gid}",
        "--clear-groups",
        "env",
        str(program),
        "-c",
        "0",
    ]
    return subprocess.run(probe, capture_output=True, timeout=60).returncode == 0


@pytest.fixture
def app(scratch) -> Path:
    """The project as an operator installs it, with an interpreter the service user can run.

    The test venv's interpreter may live where only root can reach it (e.g. pyenv under /root);
    an operator's venv uses the system's Python, so one is made from it here, importing the
    test venv's packages and this checkout.
    """
    if _reachable_by(NOBODY, Path(sys.executable)):
        return ROOT
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system_python = shutil.which(version, path="/usr/bin:/usr/local/bin")
    if system_python is None or not _reachable_by(NOBODY, Path(system_python)):
        pytest.skip(f"no {version} the service user can run")
    folder = scratch / "app"
    venv = folder / ".venv"
    subprocess.run([system_python, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "frontline-test.pth").write_text(f"{ROOT}\n{next(Path(sys.prefix).glob('lib/python*/site-packages'))}\n")
    script = venv / "bin" / "frontline"
    script.write_text(f"#!{venv / 'bin' / 'python'}\nfrom bot.cli import main\nmain()\n")
    script.chmod(0o755)
    subprocess.run(["chmod", "-R", "a+rX", str(folder)], check=True)
    return folder


def _run(argv: list[str], env: dict[str, str], cwd: Path, user: str | None = None) -> subprocess.CompletedProcess:
    if user is not None:
        argv = ["setpriv", f"--reuid={user}", f"--regid={pwd.getpwnam(user).pw_gid}", "--init-groups", *argv]
    return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


# -- systemd -----------------------------------------------------------------
def _unit() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / "frontline-bot.service").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def test_unit_and_admin_wrapper_agree():
    unit = _unit()
    wrapper = (DEPLOY / "frontline-admin").read_text()
    home = unit["WorkingDirectory"][0]
    assert f"home=${{FRONTLINE_ADMIN_HOME:-{home}}}" in wrapper
    assert f"settings=${{FRONTLINE_ADMIN_ENV:-{unit['EnvironmentFile'][0]}}}" in wrapper
    assert f"user=${{FRONTLINE_ADMIN_USER:-{unit['User'][0]}}}" in wrapper
    assert unit["ReadWritePaths"] == [home] and unit["StateDirectory"] == [Path(home).name]
    # EnvironmentFile= overrides Environment=: the unit must not rely on Environment= for the index.
    assert not any(v.startswith("FRONTLINE_INDEX_DIR") for v in unit.get("Environment", []))
    assert unit["ExecStartPre"] == [unit["ExecStart"][0] + " --check"]
    example = (ROOT / ".env.example").read_text()
    index_dir = re.search(r"^FRONTLINE_INDEX_DIR=(.*)$", example, re.M).group(1)
    assert not index_dir.startswith("/"), "the example's index must resolve inside the service's folder"


def test_systemd_steps_as_the_service_user(scratch, app, model_dir, embedder):
    home = scratch / "var-lib-frontline"
    home.mkdir()
    _seed_models(home / "models", model_dir, int8=embedder.backend == "openvino")  # as `frontline-admin prepare`
    _chown(home, NOBODY)
    settings = scratch / "frontline.env"
    settings.write_text(
        (ROOT / ".env.example").read_text().replace("DISCORD_TOKEN=\n", "DISCORD_TOKEN=not-a-real-token\n")
    )
    settings.chmod(0o644)
    env = {"PATH": os.environ["PATH"], "FRONTLINE_ADMIN_HOME": str(home), "FRONTLINE_ADMIN_APP": str(app),
           "FRONTLINE_ADMIN_USER": NOBODY, "FRONTLINE_ADMIN_ENV": str(settings)}  # fmt: skip
    if "OPENBLAS_CORETYPE" in os.environ:
        env["OPENBLAS_CORETYPE"] = os.environ["OPENBLAS_CORETYPE"]
    admin = [str(DEPLOY / "frontline-admin")]

    first = _run([*admin, "bot", "--check"], env, scratch)
    assert first.returncode == 0, first.stderr
    assert "note: no index at" in first.stdout and first.stdout.strip().endswith("ok: ready to start")

    added = _run([*admin, "index", "add", str(ROOT / "samples")], env, scratch)
    assert added.returncode == 0, added.stderr
    index = home / "data" / "index"  # .env.example's relative path, inside the service's folder
    assert (index / "CURRENT").exists() and index.stat().st_uid == pwd.getpwnam(NOBODY).pw_uid

    ready = _run([*admin, "bot", "--check"], env, scratch)
    assert ready.returncode == 0 and ready.stdout.strip() == "ok: ready to start", ready.stdout + ready.stderr
    answer = _run([*admin, "ask", "how many people crossed into Finland?"], env, scratch)
    assert "17.000 orang Rusia melintasi perbatasan dengan Finlandia" in answer.stdout

    os.chown(index, 0, 0)  # an index a root `index add` made: the bot could not write it
    index.chmod(0o755)
    refused = _run([*admin, "bot", "--check"], env, scratch)
    assert refused.returncode == 1
    assert f"problem: {index} is not writable by this user" in refused.stderr


# -- Docker --------------------------------------------------------------------
def _dockerfile() -> tuple[dict[str, str], list[str], list[str]]:
    """The image's ENV, the frontline/chmod commands of its RUN steps, and its HEALTHCHECK command."""
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    env = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            env.update(dict(re.findall(r"(\w+)=(\S+)", line)))
    build = [
        step.strip()
        for line in text.splitlines() if line.startswith("RUN ")
        for step in line[4:].split("&&")
        if step.strip().startswith(("frontline ", "chmod "))
    ]  # fmt: skip
    health = re.search(r"^HEALTHCHECK .*CMD (\[.*\])$", text, re.M)
    assert health, "the image has a HEALTHCHECK"
    return env, build, eval(health.group(1))  # a JSON-style list of strings


@pytest.mark.slow
def test_docker_image_builds_every_model_then_runs_as_non_root(scratch, app, model_dir):
    frontline = app / ".venv" / "bin" / "frontline"
    env_values, build, health = _dockerfile()
    assert env_values["FRONTLINE_MODEL_CACHE"].startswith("/opt/") and env_values["FRONTLINE_INDEX_DIR"].startswith(
        "/data/"
    )
    paths = {"/opt/frontline/models": str(scratch / "opt-models"), "/data": str(scratch / "data")}

    def local(value: str) -> str:
        for image_path, here in paths.items():
            value = value.replace(image_path, here)
        return value

    env = {"PATH": f"{frontline.parent}:{os.environ['PATH']}", "HOME": str(scratch / "home"),
           **{k: local(v) for k, v in env_values.items()}}  # fmt: skip
    if "OPENBLAS_CORETYPE" in os.environ:
        env["OPENBLAS_CORETYPE"] = os.environ["OPENBLAS_CORETYPE"]
    # What the old image had: the base model only. The build steps must make the rest.
    _seed_models(Path(env["FRONTLINE_MODEL_CACHE"]), model_dir, int8=False)
    for step in build:  # as root, as `docker build` runs them
        done = _run(["sh", "-c", local(step)], env, scratch)
        assert done.returncode == 0, done.stderr
    (scratch / "data").mkdir()
    _chown(scratch / "data", NOBODY)  # `chown frontline /data`
    models_before = sorted(str(p) for p in Path(env["FRONTLINE_MODEL_CACHE"]).rglob("*"))

    start = _run(health, {**env, "DISCORD_TOKEN": "not-a-real-token"}, scratch / "data", user=NOBODY)
    assert start.returncode == 0, start.stdout + start.stderr
    added = _run([str(frontline), "index", "add", str(ROOT / "samples")], env, scratch / "data", user=NOBODY)
    assert added.returncode == 0, added.stderr
    healthy = _run(health, {**env, "DISCORD_TOKEN": "not-a-real-token"}, scratch / "data", user=NOBODY)
    assert healthy.stdout.strip() == "ok: ready to start", healthy.stdout + healthy.stderr
    assert sorted(str(p) for p in Path(env["FRONTLINE_MODEL_CACHE"]).rglob("*")) == models_before

    unhealthy = _run(health, env, scratch / "data", user=NOBODY)  # no token in .env
    assert unhealthy.returncode == 1 and "problem: DISCORD_TOKEN is not set" in unhealthy.stderr
