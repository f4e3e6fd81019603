"""ArchiMate Model Exchange File Format: import an exchange file as a portfolio, export a
portfolio as one (``docs/archimate.md`` has the mapping both ways and what is lost).

One module per job: :mod:`~vsgraph.archimate.document` parses the XML safely,
:mod:`~vsgraph.archimate.reader` reads its concepts, :mod:`~vsgraph.archimate.classify`
decides what each element is, :mod:`~vsgraph.archimate.importer` writes the statements,
:mod:`~vsgraph.archimate.mapping` is the table both directions read,
:mod:`~vsgraph.archimate.rules` the relationships ArchiMate 3.2 allows,
:mod:`~vsgraph.archimate.export_model` decides what an export holds,
:mod:`~vsgraph.archimate.writer` and :mod:`~vsgraph.archimate.layout` write the file and its
views. :mod:`~vsgraph.engine.ntriples` and :mod:`~vsgraph.archimate.xmltext` move
statements and XML as text, which at portfolio scale costs much less than a Python object
per term or per XML element.
"""

from vsgraph.archimate.importer import ArchimateImport, UnmappedWarning, read_archimate
from vsgraph.archimate.writer import ArchimateSummary, write_archimate

#: The format name of ``--input-format`` and ``vsgraph export --format``.
FORMAT = "archimate"

__all__ = ["FORMAT", "ArchimateImport", "ArchimateSummary", "UnmappedWarning", "read_archimate", "write_archimate"]
