"""Build: the core modules compiled to C by mypyc wherever it can be done, plain Python elsewhere.

``pip install`` compiles the modules of ``COMPILED`` (see ``src/unspin/native.py``) with mypyc, which
its build requirements fetch: a fifth to a third faster, same output. Without a C compiler, or with
``UNSPIN_PURE_PYTHON=1`` at install time, the same modules install as the Python they are, and a
failed compilation never fails the install. Next to the compiled modules goes a digest of the
sources they were compiled from, so that ``unspin`` runs the sources of a checkout edited since
(see ``unspin.native``).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

PACKAGE_DIR = Path(__file__).resolve().parent / "src" / "unspin"
# the package's own list and digest, read from their file: unspin itself is not importable yet
_spec = importlib.util.spec_from_file_location("unspin_native", PACKAGE_DIR / "native.py")
native = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(native)


class OptionalBuildExt(build_ext):
    """Compiles what it can; on any failure removes what it built, so the sources run instead."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # a missing compiler raises several kinds, all alike here
            for output in self.get_outputs():
                Path(output).unlink(missing_ok=True)
            reason = " ".join(str(error).split())  # a failed command is quoted whole: its start says enough
            reason = reason if len(reason) <= 160 else f"{reason[:160]}..."
            print(f"unspin: not compiled ({reason}); the Python sources will run", file=sys.stderr)
            return
        native.write_digest(self.compiled_package_dir(), PACKAGE_DIR)

    def get_outputs(self) -> list[str]:
        outputs = super().get_outputs()
        if self.extensions:
            outputs.append(str(self.compiled_package_dir() / native.DIGEST_FILE))
        return outputs

    def compiled_package_dir(self) -> Path:
        """Where the compiled modules go: the sources' folder (editable) or the build's."""
        return Path(self.get_ext_fullpath(f"unspin.{native.COMPILED[0]}")).parent


# The commands that build modules: mypycify type-checks and writes C as soon as it is called, which
# the commands that only read metadata (egg_info, dist_info) need not wait for
BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def compiled_extensions() -> list:
    if os.environ.get(native.PURE_ENV) == "1" or not BUILDS & set(sys.argv[1:]):
        return []
    paths = [f"src/unspin/{name}.py" for name in native.COMPILED]
    try:
        from mypyc.build import mypycify

        return mypycify(paths, opt_level="3", group_name="unspin_core")
    except (Exception, SystemExit) as error:  # no mypyc, or it refused the sources
        print(f"unspin: not compiled ({error!r}); the Python sources will run", file=sys.stderr)
        return []


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
