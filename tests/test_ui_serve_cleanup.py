"""``okr-coach serve`` removes its okr-coach-ui-* folder when it is stopped with SIGTERM (issue 13)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_sigterm_removes_the_temporary_folder(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_COACH_")}
    env.update({"TMPDIR": str(temp), "OKR_COACH_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1",
                "GRADIO_ANALYTICS_ENABLED": "False", "GRADIO_TEMP_DIR": str(tmp_path / "gradio")})
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "coach", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        folders = list(temp.glob("okr-coach-ui-*"))
        assert len(folders) == 1
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        assert not folders[0].exists(), "the okr-coach-ui-* folder was left behind"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
