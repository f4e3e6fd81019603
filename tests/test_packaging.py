"""The wheel works on its own: built, installed into a fresh virtual environment, run."""

from __future__ import annotations

import subprocess
import sys
import venv

import pytest

from tests.support.paths import ROOT


@pytest.mark.slow
def test_wheel_installs_and_finds_its_ontology(tmp_path):
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(dist.glob("vsgraph-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=900, capture_output=True)

    version = subprocess.run(
        [str(env_dir / "bin" / "vsgraph"), "--version"], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    assert "vsgraph, version" in version.stdout

    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import vsgraph; from vsgraph.resources import resource_dir; "
            "print(resource_dir('ontology')); print(len(vsgraph.ontology_graph())); "
            "print(len(vsgraph.catalog())); "
            "print(vsgraph.validate(vsgraph.load(resource_dir('examples') / 'grocery.yaml')).conforms); "
            "print((resource_dir('schemas') / 'portfolio.schema.json').is_file())",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    ontology_dir, triples, queries, conforms, schema_shipped = probe.stdout.split()
    assert str(env_dir) in ontology_dir, "the installed vsgraph must find its own copy of the ontology"
    assert int(triples) > 500
    assert int(queries) >= 24, "the query catalog ships in the wheel"
    assert conforms == "True", "the shapes and the YAML example ship in the wheel"
    assert schema_shipped == "True", "the YAML JSON Schema ships in the wheel"
