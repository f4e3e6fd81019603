"""The README's examples run as written: every ```sh and ```python block.

Each block runs in a fresh folder that holds the bundled examples where the README names
them (``examples/grocery.yaml``), as a reader who has just cloned the repository would:
shell lines one by one, each expected to exit 0 (a plain ``vsgraph`` line is given to the
command's entry point in this process, with the words bash would pass it, which saves
starting Python for each; any other line runs in bash with the project's ``vsgraph`` on
PATH); Python blocks as one program. A Python line that assigns a name and shows a
repr in its comment (``portfolio = ...  # ... <Portfolio: 519 statements on oxigraph>``)
must show that repr.

A block that cannot run here (an install, a server that runs until stopped, lines for
other shells' start-up files) is preceded by ``<!-- not run in tests: why -->``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.paths import ROOT
from vsgraph.cli import main

README = ROOT / "README.md"
SKIP_MARKER = re.compile(r"^<!-- not run in tests: (?P<why>.+) -->$")
FENCE = re.compile(r"^```(?P<language>\S*)\s*$")
#: A line in which bash only splits words and removes single quotes: ``vsgraph``, words without
#: shell syntax or quoted in '...', and a comment.
PLAIN_COMMAND = re.compile(r"^vsgraph(?:\s+(?:[\w./=:,%+@-]+|'[^']*')+)*(?:\s+#.*)?$")
#: ``name = ...  # ... <Class: what it shows>``: a repr the README promises.
SHOWN_REPR = re.compile(r"^(?P<name>[A-Za-z_]\w*) = .*#.*?(?P<repr><[A-Z]\w*: [^>]*>)")


@dataclass(frozen=True)
class Block:
    """One fenced block of the README: its language, where it starts, its text and, when it is
    not run, why."""

    language: str
    line: int
    text: str
    skipped_because: str | None

    def __str__(self) -> str:
        return f"README.md:{self.line}:{self.language}"


def readme_blocks() -> list[Block]:
    blocks: list[Block] = []
    lines = README.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        marker = SKIP_MARKER.match(before)
        blocks.append(Block(opening["language"], index + 1, "\n".join(lines[index + 1 : end]) + "\n", marker and marker["why"]))
        index = end + 1
    return blocks


def _run(language: str) -> list[Block]:
    return [block for block in readme_blocks() if block.language == language and block.skipped_because is None]


@pytest.fixture()
def reader_folder(tmp_path: Path) -> Path:
    """A fresh folder with the bundled examples where the README names them."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def test_every_block_is_run_or_says_why_not() -> None:
    blocks = readme_blocks()
    unknown = [str(block) for block in blocks if block.language not in ("sh", "python") and block.skipped_because is None]
    assert not unknown, "blocks the tests would not run; fence them as sh or python, or mark them 'not run in tests'"
    assert len(_run("sh")) >= 2 and len(_run("python")) >= 2
    assert len([block for block in blocks if block.skipped_because]) <= 4, "keep the blocks that are not run few"


@pytest.mark.parametrize("block", _run("sh"), ids=str)
def test_shell_block_runs(block: Block, reader_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(reader_folder)
    for line in block.text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if PLAIN_COMMAND.match(line):
            # The words bash would pass, given to the same entry point without starting a process.
            result = CliRunner().invoke(main, shlex.split(line, comments=True)[1:], catch_exceptions=False)
            code, errors = result.exit_code, result.stderr
        else:
            done = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", line],
                env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"},
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=300,
            )
            code, errors = done.returncode, done.stderr
        assert code == 0, f"{block}: {line}\n{errors[-2000:]}"


@pytest.mark.parametrize("block", _run("python"), ids=str)
def test_python_block_runs(block: Block, reader_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(reader_folder)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    exec(compile(block.text, str(block), "exec"), namespace)
    for line in block.text.splitlines():
        shown = SHOWN_REPR.match(line)
        if shown:
            assert repr(namespace[shown["name"]]) == shown["repr"], f"{block}: {line}"
