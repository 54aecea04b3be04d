"""The compiled core runs only where it matches its sources, and says the same as they do."""

import dataclasses
import importlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import sysconfig
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import unspin
from unspin import native
from unspin.fingerprints import shipped
from unspin.native import COMPILED, DIGEST_FILE, PURE_ENV, SourceFinder, compiled_files, why_sources

COMPILED_HERE = bool(compiled_files())


def fake_package(tmp_path: Path, compiled: bool) -> Path:
    """A package directory holding a source of each compiled module (and their compiled forms)."""
    for name in COMPILED:
        (tmp_path / f"{name}.py").write_text(f"NAME = {name!r}\n", encoding="utf-8")
        if compiled:
            (tmp_path / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    return tmp_path


def test_sources_run_where_nothing_was_compiled(tmp_path: Path) -> None:
    package = fake_package(tmp_path, compiled=False)
    assert compiled_files(package) == []
    assert why_sources(package, environ={PURE_ENV: "1"}) is None


def test_compiled_modules_run_while_their_sources_are_unchanged(tmp_path: Path) -> None:
    package = fake_package(tmp_path, compiled=True)
    assert compiled_files(package)
    native.write_digest(package, package)
    assert why_sources(package, environ={}) is None
    assert why_sources(package, environ={PURE_ENV: "1"}) == f"{PURE_ENV}=1"
    assert why_sources(package, environ={PURE_ENV: "0"}) is None


def test_an_edited_or_unrecorded_source_runs_as_a_source(tmp_path: Path) -> None:
    package = fake_package(tmp_path, compiled=True)
    assert why_sources(package, environ={}) == "the sources changed after they were compiled"  # no digest
    native.write_digest(package, package)
    with (package / "candidates.py").open("a", encoding="utf-8") as source:
        source.write("# edited\n")
    assert why_sources(package, environ={}) == "the sources changed after they were compiled"
    native.write_digest(package, package)
    assert why_sources(package, environ={}) is None
    assert (package / DIGEST_FILE).read_text(encoding="ascii").strip() == native.source_digest(package)


def test_an_install_without_its_sources_runs_compiled(tmp_path: Path) -> None:
    package = fake_package(tmp_path, compiled=True)
    (package / "gate.py").unlink()
    assert why_sources(package, environ={}) is None
    assert why_sources(package, environ={PURE_ENV: "1"}) is None


def test_the_source_finder_finds_only_compiled_modules_of_unspin(tmp_path: Path) -> None:
    finder = SourceFinder(fake_package(tmp_path, compiled=True))
    spec = finder.find_spec("unspin.candidates")
    assert spec is not None and spec.origin == str(tmp_path / "candidates.py")
    assert finder.find_spec("unspin.pipeline") is None
    assert finder.find_spec("unspin") is None
    assert finder.find_spec("candidates") is None


def test_every_compiled_module_is_a_module_of_the_package() -> None:
    package = Path(native.__file__).parent
    assert all((package / f"{name}.py").is_file() for name in COMPILED)
    assert native.build() in {"compiled", "python"}


def _reports(env: dict[str, str]) -> list[dict]:
    code = (
        "import json, unspin\n"
        "from unspin import native\n"
        "texts = ['Investigators have ameliorated a new method for detecting carcinoma in its azoic"
        " stages, the committee said on Monday.', 'The results are shown in the table below.',"
        " 'bosom peril']\n"
        "print(json.dumps([native.build(), [unspin.check(t).to_dict() for t in texts]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, **env}
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(not COMPILED_HERE, reason="the core was not compiled here")
def test_compiled_and_source_modules_report_the_same() -> None:
    compiled, sources = _reports({PURE_ENV: "0"}), _reports({PURE_ENV: "1"})
    assert compiled[0] == "compiled" and sources[0] == "python"
    assert compiled[1] == sources[1]
    assert compiled[1][0]["spans"] and compiled[1][2]["spans"], "the texts hold spun phrases to compare"


def test_the_package_says_which_build_runs() -> None:
    assert unspin.native.build() == ("compiled" if COMPILED_HERE and why_sources() is None else "python")


def test_reports_and_list_entries_survive_pickling() -> None:
    # what ``check --workers`` sends back and what batch workers and Spark executors are sent
    text = "Investigators have ameliorated a new method for detecting carcinoma in its azoic stages."
    report = unspin.check(text)
    assert report.spans
    assert pickle.loads(pickle.dumps(report)) == report
    entries = list(shipped())[:5]
    assert pickle.loads(pickle.dumps(entries)) == entries


C_COMPILER = shutil.which((sysconfig.get_config_var("CC") or "cc").split()[0])


@pytest.mark.skipif(os.environ.get("CI") != "true" or not C_COMPILER, reason="CI with a C compiler only")
def test_ci_runs_the_compiled_core() -> None:
    # CI installs as the README says: where it could compile, a silent fallback to the sources would
    # leave the compiled build, the one users get, untested
    assert compiled_files(), "pip install compiled nothing (see its 'unspin: not compiled' line)"
    assert why_sources() is None and native.build() == "compiled"


def test_compiled_frozen_dataclasses_are_built_by_their_fields_alone() -> None:
    # they are pickled as a call of their constructor with every field (native.pickle_by_constructor)
    modules = [importlib.import_module(f"unspin.{name}") for name in COMPILED]
    classes = [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value)
    ]
    assert len(classes) > 20
    assert all(field.init for cls in classes for field in dataclasses.fields(cls))
