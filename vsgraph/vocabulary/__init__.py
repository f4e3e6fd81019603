"""The vsgraph ontology from Python: the shipped modules, the generated term constants,
HermiT's consistency check and the HTML documentation."""
