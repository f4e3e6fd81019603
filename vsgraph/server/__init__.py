"""vsgraph's own SPARQL endpoint (``vsgraph serve``); see :mod:`vsgraph.server.app`."""

from vsgraph.server.app import Dataset, EndpointServer, Limits

__all__ = ["Dataset", "EndpointServer", "Limits"]
