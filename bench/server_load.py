"""The endpoint under a crowd: 50 clients x 20 requests, beside Oxigraph's own server.

```sh
.venv/bin/python -m bench.server_load --size 100k --clients 50 --requests 20 --rounds 2
```

Generates a portfolio of ``--size`` triples (``bench/generator.py``), then in one session,
alternating rounds so that both servers meet the same machine:

* ``oxigraph serve-read-only`` of the same file, sent the catalog's SPARQL texts (those
  without required parameters) as raw SPARQL POSTs: the baseline;
* ``vsgraph serve`` of the same file, sent the same raw SPARQL POSTs;
* ``vsgraph serve`` sent the same questions through its catalog routes (``/queries/NAME``).

Each client is a thread that opens a new connection per request, as most SPARQL clients
do. The table gives throughput (requests/s), latency percentiles, errors (any answer
other than 200) and dropped connections (refused, reset, or timed out), and the ratio of
vsgraph's throughput to Oxigraph's. Nothing here is asserted; the same crowd, smaller,
runs in the tests (``tests/server/test_server_requests.py``).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.generator import generate, iter_sizes, ovs_count_for_triples
from vsgraph.query_catalog.queries import catalog

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
TIMEOUT_SECONDS = 120.0


@dataclass
class Outcome:
    """What one crowd run measured."""

    name: str
    seconds: float
    latencies: list[float]
    errors: int
    dropped: int

    def row(self) -> dict[str, object]:
        ordered = sorted(self.latencies) or [float("nan")]

        def percentile(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

        return {
            "server": self.name,
            "requests": len(self.latencies) + self.dropped,
            "per_second": round(len(self.latencies) / self.seconds, 1),
            "p50": round(percentile(0.50), 3),
            "p95": round(percentile(0.95), 3),
            "p99": round(percentile(0.99), 3),
            "max": round(ordered[-1], 3),
            "errors": self.errors,
            "dropped": self.dropped,
        }


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes
    headers: dict[str, str]


def crowd(name: str, port: int, requests: list[Request], clients: int, per_client: int) -> Outcome:
    """``clients`` threads, each sending ``per_client`` requests in turn from ``requests``."""
    latencies: list[float] = []
    counts = {"errors": 0, "dropped": 0}
    lock = threading.Lock()
    start_line = threading.Barrier(clients)

    def client(number: int) -> None:
        chosen = itertools.islice(itertools.cycle(requests), number, number + per_client)
        start_line.wait()
        for request in chosen:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
                connection.request(request.method, request.path, request.body, request.headers)
                response = connection.getresponse()
                response.read()
                connection.close()
            except OSError:
                with lock:
                    counts["dropped"] += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                counts["errors"] += response.status != 200

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Outcome(name, time.perf_counter() - started, latencies, counts["errors"], counts["dropped"])


def raw_requests(path: str) -> list[Request]:
    """The catalog's questions without required parameters, as raw SPARQL POSTs to ``path``."""
    return [
        Request(
            "POST",
            path,
            query.sparql.encode(),
            {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
        for query in catalog()
        if not any(p.required for p in query.parameters)
    ]


def catalog_requests() -> list[Request]:
    """The same questions through vsgraph's catalog routes."""
    return [
        Request("GET", f"/queries/{urllib.parse.quote(query.name)}", b"", {"Accept": "application/json"})
        for query in catalog()
        if not any(p.required for p in query.parameters)
    ]


@contextmanager
def running(command: list[str], ready: re.Pattern[str] | None = None, port: int | None = None) -> Iterator[int]:
    """Start a server, wait until it listens, yield its port, stop it."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        if ready is not None:
            assert process.stderr is not None
            match = ready.search(process.stderr.readline())
            if match is None:
                raise RuntimeError(f"{command[0]} did not start")
            port = int(match.group(1))
        assert port is not None
        _wait_for(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", help="triples in the generated portfolio (default 100k)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="requests per client")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of the three runs")
    parser.add_argument("--out", type=Path, help="write the rows as JSON here")
    args = parser.parse_args()

    triples = next(iter_sizes(args.size))
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "portfolio.nt"
        data.write_text("\n".join(generate(ovs_count_for_triples(triples)).lines) + "\n", encoding="utf-8")
        location = Path(folder) / "oxigraph"
        subprocess.run(
            [str(OXIGRAPH), "load", "--location", str(location), "--file", str(data)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        vsgraph_command = [sys.executable, "-c", "from vsgraph.cli import main; main()", "serve", str(data), "--port", "0"]
        banner = re.compile(r"serving on http://127\.0\.0\.1:(\d+)/")
        rows = []
        for round_number in range(args.rounds):
            port = _free_port()
            oxigraph_command = [str(OXIGRAPH), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
            with running(oxigraph_command, port=port) as port:
                rows.append(
                    crowd("oxigraph serve-read-only, raw SPARQL", port, raw_requests("/query"), args.clients, args.requests)
                )
            with running(vsgraph_command, banner) as port:
                rows.append(crowd("vsgraph serve, raw SPARQL", port, raw_requests("/sparql"), args.clients, args.requests))
                rows.append(crowd("vsgraph serve, catalog routes", port, catalog_requests(), args.clients, args.requests))
            print(f"round {round_number + 1} of {args.rounds} done ({triples:,} triples)", file=sys.stderr)
    table = [outcome.row() for outcome in rows]
    for row in table:
        print(json.dumps(row))
    baseline = statistics.median(r["per_second"] for r in table if str(r["server"]).startswith("oxigraph"))
    for name in ("vsgraph serve, raw SPARQL", "vsgraph serve, catalog routes"):
        mine = statistics.median(r["per_second"] for r in table if r["server"] == name)
        print(f"{name}: {mine / baseline:.2f}x Oxigraph's throughput (medians of {args.rounds} rounds)")
    if args.out is not None:
        args.out.write_text(
            json.dumps({"size": triples, "clients": args.clients, "requests": args.requests, "rows": table}, indent=2) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
