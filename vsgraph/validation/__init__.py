"""Checking a portfolio against the modelling rules (SHACL): the shapes compiled to
SPARQL, pyshacl as the reference, the findings and incremental re-validation."""
