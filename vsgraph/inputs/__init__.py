"""Reading portfolio files: which format a file is in, and RDF parsed by Oxigraph after
the checks that bound what one input may cost (JSON-LD contexts, RDF/XML)."""
