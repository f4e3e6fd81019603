"""HTTP content negotiation: which of the formats we can write the client prefers."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

#: What SELECT and ASK answers can be written as, by media type (the first is the default).
RESULT_TYPES: Mapping[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

#: What graphs (CONSTRUCT, DESCRIBE, an entity's description) can be written as.
GRAPH_TYPES: Mapping[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,  # what rdflib's SPARQLStore asks for by default
}


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the ``Accept`` header ranks highest (the first offered if
    the client takes anything); ``None`` if it accepts none of them."""
    if not accept:
        return offered[0]
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept.split(",")):
        media_type, *parameters = (part.strip() for part in item.split(";"))
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media_type.lower()))
    for _, _, media_type in sorted(ranked):
        if media_type == "*/*":
            return offered[0]
        matching = [o for o in offered if o == media_type or (media_type.endswith("/*") and o.startswith(media_type[:-1]))]
        if matching:
            return matching[0]
    return None
