"""vsgraph: a knowledge graph for value streams.

Map how an organisation delivers value to its customers, check the map against the
ontology, and ask it portfolio questions. The public API is re-exported here.
"""

from importlib.metadata import PackageNotFoundError, version

from vsgraph.errors import InputError, ReasoningError, ResourceError, VsgraphError
from vsgraph.findings import Finding, Severity, ValidationReport
from vsgraph.namespace import VSG
from vsgraph.ontology import ONTOLOGY_IRI, ontology_graph, ontology_version
from vsgraph.portfolio import Portfolio, load
from vsgraph.reasoning import ConsistencyResult, check_consistency
from vsgraph.results import QueryResult
from vsgraph.validation import check_ontology_style, validate

try:
    __version__ = version("vsgraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "ONTOLOGY_IRI",
    "VSG",
    "ConsistencyResult",
    "Finding",
    "InputError",
    "Portfolio",
    "QueryResult",
    "ReasoningError",
    "ResourceError",
    "Severity",
    "ValidationReport",
    "VsgraphError",
    "check_consistency",
    "check_ontology_style",
    "load",
    "ontology_graph",
    "ontology_version",
    "validate",
    "__version__",
]
