"""The committed lock installs anywhere from PyPI alone: no local files, no URLs, no platform fence.

``uv run --frozen`` installs exactly what ``uv.lock`` says, so a path source (a wheel on one machine's
disk), a direct URL or git source, or ``environments`` limited to one platform would make the README's
first command fail on every other laptop.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPI = "https://pypi.org/simple"


def _lock() -> dict:
    return tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))


def test_every_locked_package_comes_from_pypi():
    foreign = []
    for package in _lock()["package"]:
        source = package.get("source", {})
        if package["name"] == "okr-coach" and source in ({"editable": "."}, {"virtual": "."}):
            continue  # the project itself
        if source.get("registry") != PYPI:
            foreign.append(f"{package['name']} {package.get('version', '')}: {source}")
        for artefact in [package.get("sdist", {}), *package.get("wheels", [])]:
            url = artefact.get("url", "")
            if artefact and not url.startswith("https://files.pythonhosted.org/"):
                foreign.append(f"{package['name']}: file {artefact}")
    assert not foreign, "uv.lock has packages from outside PyPI (fix pyproject's [tool.uv.sources]):\n" + \
        "\n".join(foreign)


def test_the_lock_is_not_fenced_to_some_platforms():
    lock = _lock()
    assert "supported-markers" not in lock and "required-markers" not in lock, \
        "uv.lock is limited to some platforms: drop [tool.uv] environments / required-environments"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    uv = pyproject.get("tool", {}).get("uv", {})
    assert not uv.get("environments") and not uv.get("required-environments")
    assert not uv.get("sources"), "pyproject.toml [tool.uv.sources] must stay empty: PyPI only"


def test_no_torch_in_the_lock_and_the_numpy_runtime_has_wheels_for_every_laptop():
    packages = {p["name"]: p for p in _lock()["package"]}
    assert not {"torch", "sentence-transformers", "transformers"} & set(packages), \
        "torch is back in the lock: the local embeddings run in numpy (coach.knowledge.minilm)"
    for name in ("tokenizers", "safetensors", "numpy"):
        tags = " ".join(w["url"].rsplit("/", 1)[-1] for w in packages[name]["wheels"])
        for platform in ("manylinux", "macosx", "win_amd64", "aarch64", "arm64"):
            assert platform in tags, f"{name} has no {platform} wheel in the lock"
