"""A pip user without Java and Graphviz: the demo still runs, and `vsgraph reason` says what is missing.

vsgraph is built into a wheel and installed into a fresh virtual environment, and run
from outside the repository with a PATH that holds neither ``java`` nor ``dot`` and no
``JAVA_HOME``: what someone who ran ``pip install vsgraph`` on a bare machine has. The
wheel is installed without its dependencies, which the fresh environment borrows from the
project's (a ``.pth`` line naming its site-packages; that folder's own ``.pth`` files, the
editable install of the checkout among them, are not read), so the test needs no network
and takes seconds. That pip resolves and installs those dependencies from the index is
``tests/test_packaging.py``'s job.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode

import vsgraph
from tests.support.paths import ROOT


@dataclass(frozen=True)
class BareInstall:
    """vsgraph installed from its wheel, and an environment without Java or Graphviz."""

    vsgraph: Path
    python: Path
    env: dict[str, str]
    home: Path


@pytest.fixture(scope="module")
def bare_install(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BareInstall]:
    work = tmp_path_factory.mktemp("bare")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next((work / "dist").glob("vsgraph-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    tools = work / "bin"  # the tools the commands need from PATH: none
    tools.mkdir()
    env = {name: value for name, value in os.environ.items() if name not in ("JAVA_HOME", "PYTHONPATH")}
    env["PATH"] = str(tools)
    assert shutil.which("java", path=env["PATH"]) is None and shutil.which("dot", path=env["PATH"]) is None

    home = work / "home"
    home.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import vsgraph; print(vsgraph.__file__)"], cwd=home, env=env, capture_output=True, text=True
    )
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout + where.stderr
    yield BareInstall(env_dir / "bin" / "vsgraph", python, env, home)


@pytest.mark.slow
def test_the_demo_writes_everything_without_java_and_graphviz(bare_install: BareInstall) -> None:
    out = bare_install.home / "demo"
    done = subprocess.run(
        [str(bare_install.vsgraph), "demo", "--out", str(out)],
        cwd=bare_install.home,
        env=bare_install.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    warning = done.stderr.splitlines()
    assert len(warning) == 1, done.stderr
    assert warning[0].startswith("vsgraph: warning: the reasoning step was skipped: the HermiT reasoner needs Java")
    assert "apt-get install default-jre-headless" in warning[0] and "setup.sh" not in warning[0]
    assert "HermiT:" not in done.stdout and "== Report" in done.stdout

    example = vsgraph.load(vsgraph.examples.example_path()).graph
    exported = vsgraph.load(out / "grocery.ttl").graph
    assert {t for t in example if not any(isinstance(term, BNode) for term in t)} <= set(exported)
    assert len(exported) > len(example)  # with the PROV record of the source
    assert len(vsgraph.load(out / "grocery.jsonld")) == len(exported)
    assert len(vsgraph.load(out / "grocery.trig")) >= len(exported)
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'class="portfolio-map"' in report, "the portfolio map is drawn without Graphviz"
    assert "Check-out" in report


@pytest.mark.slow
def test_reason_without_java_says_so_in_one_line(bare_install: BareInstall) -> None:
    done = subprocess.run(
        [str(bare_install.vsgraph), "reason", str(vsgraph.examples.example_path())],
        cwd=bare_install.home,
        env=bare_install.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("vsgraph: error: the HermiT reasoner needs Java and there is no 'java' on PATH")
    assert "install a Java runtime" in done.stderr and "setup.sh" not in done.stderr


@pytest.mark.slow
def test_the_wheel_ships_the_query_page_whole(bare_install: BareInstall) -> None:
    page = subprocess.run(
        [str(bare_install.python), "-c", "from vsgraph.server.pages import query_page; print(query_page([], True))"],
        cwd=bare_install.home,
        env=bare_install.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "function highlightSparql" in page and "document.getElementById('query')" in page and ".tok-keyword" in page


@pytest.mark.slow
def test_the_portfolio_map_is_drawn_without_graphviz(bare_install: BareInstall) -> None:
    drawing = bare_install.home / "map.svg"
    done = subprocess.run(
        [str(bare_install.vsgraph), "diagram", str(vsgraph.examples.example_path()), "--portfolio-map", "--out", str(drawing)],
        cwd=bare_install.home,
        env=bare_install.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    svg = drawing.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'class="portfolio-map"' in svg and "Check-out" in svg
