"""Which build of the core modules runs: compiled to C by mypyc at install time, or their sources.

``pip install`` compiles the modules of ``COMPILED`` where it can (``setup.py``): the same code, a
fifth to a third faster. The sources run instead where nothing was compiled, where ``UNSPIN_PURE_PYTHON=1``
is set (for a profiler, which sees no compiled frame, or to compare the two), and where the sources
were edited after the compilation (a checkout installed with ``pip install -e .``): a compiled
module would otherwise shadow its edited source without a word.

Imported by ``unspin/__init__.py`` before anything else of the package, and by ``setup.py`` from its
file; it imports nothing of unspin.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

# The modules the checking time is spent in, in the order they import one another. Not the
# pipeline, whose module's functions tests patch (a compiled caller would not see the patch), nor
# the edges (CLI, web, batch, Spark, I/O).
COMPILED = (
    "tokens",
    "inflection",
    "resources",
    "fingerprints",
    "language_model",
    "candidates",
    "evidence",
    "restoration",
    "decisions",
    "gate",
    "genre",
    "verdict",
    "report",
)
PURE_ENV = "UNSPIN_PURE_PYTHON"
# beside the compiled modules: the digest of the sources they were compiled from
DIGEST_FILE = "compiled-from.sha256"
PACKAGE_DIR = Path(__file__).resolve().parent


def source_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """The SHA-256 of the sources of ``COMPILED``, each with its name."""
    digest = hashlib.sha256()
    for name in COMPILED:
        digest.update(f"{name}\n".encode())
        digest.update((package_dir / f"{name}.py").read_bytes())
    return digest.hexdigest()


def write_digest(target_dir: Path, package_dir: Path = PACKAGE_DIR) -> None:
    """Record beside the compiled modules (in ``target_dir``) which sources they were compiled from."""
    (target_dir / DIGEST_FILE).write_text(source_digest(package_dir) + "\n", encoding="ascii")


def compiled_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The compiled modules of ``COMPILED`` present in ``package_dir``."""
    return [
        package_dir / f"{name}{suffix}"
        for name in COMPILED
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
        if (package_dir / f"{name}{suffix}").exists()
    ]


def why_sources(package_dir: Path = PACKAGE_DIR, environ: Mapping[str, str] | None = None) -> str | None:
    """Why the sources must run though compiled modules are present (None: they need not)."""
    if not compiled_files(package_dir):
        return None
    try:
        sources = source_digest(package_dir)
    except OSError:
        return None  # an install without the sources (some packagers strip them): nothing else to run
    if (os.environ if environ is None else environ).get(PURE_ENV) == "1":
        return f"{PURE_ENV}=1"
    try:
        recorded = (package_dir / DIGEST_FILE).read_text(encoding="ascii").strip()
    except OSError:
        recorded = ""
    return "the sources changed after they were compiled" if recorded != sources else None


class SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the modules of ``COMPILED`` as their ``.py`` files, ahead of their compiled forms."""

    def __init__(self, package_dir: Path) -> None:
        self.package_dir = package_dir

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.partition(".")
        if package != "unspin" or name not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(fullname, self.package_dir / f"{name}.py")


def choose(package_dir: Path = PACKAGE_DIR) -> None:
    """Make the imports that follow load the sources when ``why_sources`` says so (all of them:
    compiled modules call one another directly, so a mix would run stale code)."""
    reason = why_sources(package_dir)
    if reason is None or any(isinstance(f, SourceFinder) for f in sys.meta_path):
        return
    if reason != f"{PURE_ENV}=1":
        warnings.warn(
            f"unspin: running the Python sources of its core, not their compiled forms: {reason}"
            " (pip install again to compile them)",
            stacklevel=3,
        )
    sys.meta_path.insert(0, SourceFinder(package_dir))


def pickle_by_constructor() -> None:
    """Let the frozen dataclasses of compiled modules be pickled (reports sent back by ``check
    --workers``, list entries sent to batch workers and Spark executors): mypyc's own unpickling
    sets their fields one by one, which a frozen class refuses (mypyc/mypyc#1213). They are
    pickled as a call of their constructor instead, as copies are made. Called once the core is
    imported; nothing to do for the sources."""
    if build() != "compiled":
        return
    for name in COMPILED:
        module = importlib.import_module(f"unspin.{name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and dataclasses.is_dataclass(value)
                and value.__dataclass_params__.frozen  # type: ignore[attr-defined]
            ):
                copyreg.pickle(value, _by_constructor)


def _by_constructor(instance: object) -> tuple[type, tuple[object, ...]]:
    # every field is an argument of the constructor (none is ``init=False``: tests/test_native.py)
    fields = dataclasses.fields(instance)  # type: ignore[arg-type]
    return type(instance), tuple(getattr(instance, field.name) for field in fields)


def build() -> str:
    """Which build runs: "compiled" (the core modules compiled) or "python" (their sources)."""
    source = str(getattr(importlib.import_module("unspin.candidates"), "__file__", ""))
    return "python" if source.endswith(".py") else "compiled"
