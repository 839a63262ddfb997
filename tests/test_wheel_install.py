"""The built wheel works outside the checkout: a fresh venv, then `okr-coach check` and `okr-coach serve`.

The wheel comes from ``uv build``; its dependencies are the locked ones, installed from uv's cache
(``--offline``: no test reaches the network), then the wheel itself with ``--no-deps``. The commands run
from a temporary folder with their own data and cache directories, so nothing is read from the
checkout: the methodology notes, prompts and model come from the installed packages.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
READY = "okr-coach: Knowledge base ready."


def _uv() -> str:
    found = shutil.which("uv")
    if not found:
        pytest.skip("uv is not on PATH (.ci/setup installs it)")
    return found


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    uv, tmp = _uv(), tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OKR_COACH_", "OPENAI_", "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH"))}
    _run([uv, "build", "--offline", "--wheel", "--out-dir", str(tmp / "dist")], cwd=ROOT, env=env)
    [wheel] = (tmp / "dist").glob("okr_coach-*.whl")
    venv = tmp / "venv"
    _run([uv, "sync", "--frozen", "--offline", "--no-dev", "--no-install-project", "--python", sys.executable],
         cwd=ROOT, env={**env, "UV_PROJECT_ENVIRONMENT": str(venv)})
    _run([uv, "pip", "install", "--offline", "--no-deps", "--python", str(venv), str(wheel)], cwd=tmp, env=env)
    run_env = {**env, "XDG_CACHE_HOME": str(tmp / "cache"), "XDG_DATA_HOME": str(tmp / "xdg"),
               "OKR_COACH_DATA_DIR": str(tmp / "data"), "GRADIO_TEMP_DIR": str(tmp / "gradio"),
               "PYTHONUNBUFFERED": "1"}
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    return bin_dir, run_env


def test_check_runs_from_the_installed_wheel(installed, tmp_path):
    bin_dir, env = installed
    draft = tmp_path / "draft.md"
    draft.write_text((ROOT / "examples" / "growth-draft.md").read_text("utf-8"), encoding="utf-8")
    proc = subprocess.run([str(bin_dir / "okr-coach"), "check", "draft.md"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the example has error-level findings
    assert "OKR101" in proc.stdout and "knowledge/key-results.md#" in proc.stdout
    probe = subprocess.run([str(bin_dir / "python"), "-c", "import coach; print(coach.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=60)
    assert str(ROOT) not in probe.stdout, f"okr-coach was imported from the checkout: {probe.stdout}"


def test_serve_from_the_installed_wheel_indexes_the_notes_and_answers(installed, tmp_path):
    bin_dir, env = installed
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "serve.log"
    proc = subprocess.Popen([str(bin_dir / "okr-coach"), "serve", "--port", str(port)], cwd=tmp_path, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 600  # indexing the notes with the real model on a loaded machine
        while READY not in log.read_text(errors="replace"):
            assert proc.poll() is None, f"serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
            assert "Knowledge base unavailable" not in log.read_text(errors="replace"), log.read_text()[-3000:]
            assert time.monotonic() < deadline, f"no ready announcement in 600 s:\n{log.read_text()[-3000:]}"
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200 and b"okr-coach" in response.read()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
