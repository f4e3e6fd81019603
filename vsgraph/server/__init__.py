"""vsgraph's own SPARQL endpoint (``vsgraph serve``): the ASGI application
(:mod:`vsgraph.server.app`) and the HTTP server that runs it (:mod:`vsgraph.server.serving`)."""

from vsgraph.server.app import Dataset, Limits, create_app
from vsgraph.server.serving import EndpointServer

__all__ = ["Dataset", "EndpointServer", "Limits", "create_app"]
