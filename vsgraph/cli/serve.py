"""``vsgraph serve``: a SPARQL endpoint over a portfolio, for a team's tools and browsers."""

from __future__ import annotations

import click

from vsgraph.cli.common import reports_errors
from vsgraph.errors import StoreError
from vsgraph.portfolio import load
from vsgraph.server import Dataset, EndpointServer, Limits
from vsgraph.stores.disk import DiskStore


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "--store",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=str),
    help="Serve the on-disk store in DIR instead of FILE...",
)
@click.option("--input-format", metavar="FORMAT", help="Read every FILE in this format instead of guessing from its extension.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on; only this machine by default.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port to listen on (0: any free port)."
)
@click.option(
    "--update-token",
    envvar="VSGRAPH_UPDATE_TOKEN",
    metavar="TOKEN",
    help="Accept SPARQL updates at /update from clients sending 'Authorization: Bearer TOKEN' "
    "(better set $VSGRAPH_UPDATE_TOKEN than this option). Without it the endpoint is read-only.",
)
@click.option("--time-limit", default=30.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds one query may run.")
@click.option("--max-result-mb", default=64, show_default=True, type=click.IntRange(min=1), help="Largest answer, in megabytes.")
@click.option("--base-iri", metavar="IRI", help="Describe <IRI + path> at each other path (linked-data dereferencing).")
@click.option(
    "--cors",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let a browser tool served from ORIGIN (e.g. https://yasgui.example.org) call the endpoint; repeat for more. "
    "Off by default.",
)
@click.option(
    "--max-in-flight",
    default=Limits.max_in_flight,
    show_default=True,
    type=click.IntRange(min=1),
    help="Requests served at once; more get 503 with Retry-After.",
)
@reports_errors
def serve(
    files: tuple[str, ...],
    store: str | None,
    input_format: str | None,
    host: str,
    port: int,
    update_token: str | None,
    time_limit: float,
    max_result_mb: int,
    base_iri: str | None,
    cors_origins: tuple[str, ...],
    max_in_flight: int,
) -> None:
    """Serve a portfolio as a SPARQL 1.1 endpoint with the query catalog.

    Serves FILE... (or the store in DIR).

    Open http://127.0.0.1:8000/ for the query page. Stop with Ctrl-C.

    Example: vsgraph serve examples/grocery.ttl --port 8000
    """
    if bool(files) == bool(store):
        raise StoreError("serve FILE... or --store DIR (one of them)")
    if store is not None:
        dataset = Dataset(disk=DiskStore(store), writable=update_token is not None)
    else:
        dataset = Dataset(load(files, input_format=input_format))
    limits = Limits(seconds=time_limit, max_bytes=max_result_mb * 1024 * 1024, max_in_flight=max_in_flight)
    server = EndpointServer(
        (host, port), dataset, limits=limits, update_token=update_token, base_iri=base_iri, cors_origins=cors_origins
    )
    click.echo(f"vsgraph: serving on {server.url} ({'read-write' if update_token else 'read-only'}); Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
