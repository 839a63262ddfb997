"""Import Gradio the way the web app needs it: analytics off, and no type stubs rewritten on every start.

Each time ``gradio`` is imported, its ``ComponentMeta`` regenerates the ``.pyi`` stub of every component
class: it reads the class's source file, parses it twice and renders a template, about 80 times. That is
half of ``import gradio`` (1.5 s of CPU on this project's 2-core machine, see ``bench/bench_serve.py``),
and it serves only editors' type hints: Gradio's wheels already ship the stubs, and a running server never
reads them. While gradio is imported, :func:`import_gradio` makes ``gradio.component_meta`` skip that step
(for later component classes too, so nothing writes stubs next to our own code either).

If a Gradio release renames that function, nothing breaks: the import is only slower again, and
``tests/test_gradio_loader.py`` says so.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from types import ModuleType
from typing import Any

STUB_MODULE = "gradio.component_meta"
STUB_WRITER = "create_or_modify_pyi"


def disable_telemetry() -> None:
    """Switch off Gradio's analytics and version check; call before ``import gradio``."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def _skip_stub(component_class: type, class_name: str, events: list[Any]) -> None:  # noqa: ARG001
    """Stand-in for Gradio's stub writer: a running server needs no ``.pyi`` files."""


class _StubSkipper(importlib.abc.MetaPathFinder):
    """Finds ``gradio.component_meta`` as usual, and replaces its stub writer once the module has run."""

    def find_spec(self, fullname: str, path: Any, target: ModuleType | None = None) -> Any:
        if fullname != STUB_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run_module = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run_module(module)
            if callable(getattr(module, STUB_WRITER, None)):
                setattr(module, STUB_WRITER, _skip_stub)

        loader.exec_module = exec_module  # this spec's own loader instance: nothing else is affected
        return spec


def import_gradio() -> ModuleType:
    """``import gradio`` with analytics off and without the stub rewriting (see the module docstring)."""
    disable_telemetry()
    if "gradio" in sys.modules:
        return sys.modules["gradio"]
    finder = _StubSkipper()
    sys.meta_path.insert(0, finder)
    try:
        import gradio
    finally:
        sys.meta_path.remove(finder)
    return gradio


def skips_stubs() -> bool:
    """True when the imported gradio no longer rewrites its stubs (False if a release renamed the hook)."""
    module = sys.modules.get(STUB_MODULE)
    return module is not None and getattr(module, STUB_WRITER, None) is _skip_stub
