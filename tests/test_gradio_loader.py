"""The web app imports Gradio without its per-import stub rewriting, and builds its page without the heavy engines.

Each probe runs in a fresh interpreter: what is measured is what ``okr-coach serve`` does at start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# a component class of our own, defined after gradio is imported: Gradio's ComponentMeta writes its stub
# (``widget.pyi``) next to the file unless the stub writer is off
_WIDGET = "import gradio as gr\n\nclass Widget(gr.Textbox):\n    pass\n"

_PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
if sys.argv[2] == "app":
    from coach.ui.gradio_loader import import_gradio, skips_stubs
    import_gradio()
    skipped = skips_stubs()
else:
    import gradio
    skipped = None
import widget
print(json.dumps({"skipped": skipped, "analytics": __import__("os").environ.get("GRADIO_ANALYTICS_ENABLED")}))
"""


def _probe(tmp_path: Path, way: str) -> dict:
    folder = tmp_path / way
    folder.mkdir()
    (folder / "widget.py").write_text(_WIDGET, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "GRADIO_ANALYTICS_ENABLED"}
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(folder), way], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["stub_written"] = (folder / "widget.pyi").exists()
    return result


def test_the_app_imports_gradio_without_rewriting_stubs(tmp_path):
    plain = _probe(tmp_path, "plain")
    app = _probe(tmp_path, "app")
    # a plain import writes the stub: this is the work the app's import leaves out
    assert plain["stub_written"], "Gradio no longer writes stubs at import: coach.ui.gradio_loader can go"
    assert app["skipped"], ("gradio.component_meta.create_or_modify_pyi was not replaced: a Gradio release renamed "
                            "it; update STUB_WRITER in coach/ui/gradio_loader.py (the app works, only slower)")
    assert not app["stub_written"]
    assert app["analytics"] == "False"


_BUILD_PROBE = """
import json, sys
from coach.config import load_settings
from coach.ui.app import build_app
build_app(load_settings({"data_dir": sys.argv[1]}, environ={}))
print(json.dumps(sorted(sys.modules)))
"""

# what the knowledge base and the LLM need, not the first page: loaded by the warm-up once the server listens
NOT_FOR_THE_FIRST_PAGE = ("chromadb", "langchain", "langchain_core", "langchain_openai", "langchain_text_splitters",
                          "openai", "tokenizers", "safetensors", "coach.knowledge.minilm", "matplotlib")


def test_building_the_page_leaves_the_knowledge_engines_for_later(tmp_path):
    proc = subprocess.run([sys.executable, "-c", _BUILD_PROBE, str(tmp_path / "data")], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    modules = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    loaded = {name for name in NOT_FOR_THE_FIRST_PAGE if name in modules or any(
        m.startswith(name + ".") for m in modules)}
    assert not loaded, f"building the page imported {sorted(loaded)}: defer them to the warm-up"
