"""Publishing a portfolio as linked data: deterministic exports in every RDF format,
compacted JSON-LD, canonical blank nodes and the provenance record."""
