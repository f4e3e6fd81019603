"""A private Virtuoso server for the remote-store tests (Debian package ``virtuoso-opensource``).

Imported by the test modules that need it (``from tests.support.virtuoso import ...``).
The server gets a fresh database in a temporary folder and listens on free loopback
ports; it is stopped in a ``finally``, whatever the tests did. Its anonymous SPARQL user
is allowed to write (``GRANT SPARQL_UPDATE``), as the stores documentation suggests for a
private network, so the tests use ``/sparql`` for both queries and updates.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.servers import free_port, stop_server, wait_until_answering

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")  # Debian's name for Virtuoso's isql (unixODBC has an isql too)

#: What the anonymous SPARQL user needs to load portfolios: updates, and writing any graph
#: (7 = read, write and list) including through the Graph Store Protocol.
_GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);"


@dataclass(frozen=True)
class VirtuosoServer:
    """A running ``virtuoso-t``: its query and update URLs (the same one)."""

    query: str
    update: str


def virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> str:
    """A configuration that keeps everything in ``folder`` and listens on loopback only.

    ``ResultSetMaxRows`` is raised from Debian's 10,000, as the stores documentation
    advises: a capped answer would be cut short without an error.
    """
    return f"""\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """Virtuoso on free loopback ports with a fresh database, writable by anonymous SPARQL."""
    if VIRTUOSO is None or ISQL is None:
        pytest.skip("Virtuoso is not installed (virtuoso-t and isql-vt, Debian package virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(virtuoso_ini(folder, sql_port, http_port))
    with (folder / "console.log").open("wb") as log:
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            sparql = f"http://127.0.0.1:{http_port}/sparql"
            wait_until_answering(f"{sparql}?query=ASK%7B%7D", process)
            subprocess.run(
                [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={_GRANTS}"],
                check=True,
                capture_output=True,
                timeout=30,
            )
            yield VirtuosoServer(sparql, sparql)
        finally:
            stop_server(process, seconds=30)  # Virtuoso writes a checkpoint first
