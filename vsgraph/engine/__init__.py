"""The engines that hold a portfolio's triples and answer SPARQL, behind one interface
(:class:`~vsgraph.engine.backends.Backend`), and what every caller of an engine shares:
binding parameters, converting terms, naming nodes, refusing fetches, spreading work
over the cores."""
