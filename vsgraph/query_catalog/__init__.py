"""The query catalog: the documented portfolio questions of ``queries/``, bound and
answered, and their answers as tables for people and programs."""
