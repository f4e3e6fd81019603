"""vsgraph: a knowledge graph for value streams.

Map how an organisation delivers value to its customers, check the map against the
ontology, and ask it portfolio questions. The public API is re-exported here, and
``VSG``, the ontology's terms as constants (``VSG.Step``, ``VSG.hasStep``).
"""

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from vsgraph.authoring import PortfolioBuilder, PortfolioModel, read_portfolio
from vsgraph.engine.results import QueryResult
from vsgraph.errors import (
    AuthoringError,
    InputError,
    LimitError,
    MissingExtraError,
    PublishError,
    QueryError,
    ReasoningError,
    RefusedError,
    ResourceError,
    StoreError,
    VsgraphError,
)
from vsgraph.limits import InputLimits
from vsgraph.linked_data.export import ExportResult, export
from vsgraph.portfolio import Portfolio, load
from vsgraph.query_catalog.critical_path import CriticalPath, critical_paths
from vsgraph.query_catalog.queries import CatalogQuery, catalog, run_queries, run_query, run_sparql
from vsgraph.query_catalog.tables import Table
from vsgraph.report import capability_map, cross_stream_flow, mermaid, portfolio_map, value_stream_map, write_report
from vsgraph.stores.disk import DiskStore
from vsgraph.stores.remote import RemoteStore, SparqlClient
from vsgraph.validation.findings import Finding, Severity, ValidationReport
from vsgraph.validation.incremental import IncrementalValidator
from vsgraph.validation.validator import check_ontology_style, validate
from vsgraph.vocabulary.docs import write_docs
from vsgraph.vocabulary.ontology import ONTOLOGY_IRI, ontology_graph, ontology_version
from vsgraph.vocabulary.reasoning import ConsistencyResult, check_consistency

if TYPE_CHECKING:
    from vsgraph.vocabulary.namespace import VSG


def __getattr__(name: str) -> Any:
    """``VSG`` on first use.

    It is looked up here rather than imported above so that ``help(vsgraph)`` does not
    document it: pydoc would walk the class, and rdflib's ``DefinedNamespace.__dir__``
    lists full IRIs instead of attribute names, so each lookup warned twice (several
    hundred lines). ``vsgraph.VSG`` and ``from vsgraph import VSG`` work as before.
    """
    if name == "VSG":
        from vsgraph.vocabulary.namespace import VSG

        return VSG
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


try:
    __version__ = version("vsgraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "ONTOLOGY_IRI",
    "VSG",
    "AuthoringError",
    "CatalogQuery",
    "ConsistencyResult",
    "CriticalPath",
    "DiskStore",
    "ExportResult",
    "Finding",
    "IncrementalValidator",
    "InputError",
    "InputLimits",
    "LimitError",
    "MissingExtraError",
    "Portfolio",
    "PortfolioBuilder",
    "PortfolioModel",
    "PublishError",
    "QueryError",
    "QueryResult",
    "ReasoningError",
    "RefusedError",
    "RemoteStore",
    "ResourceError",
    "Severity",
    "SparqlClient",
    "StoreError",
    "Table",
    "ValidationReport",
    "VsgraphError",
    "__version__",
    "capability_map",
    "catalog",
    "check_consistency",
    "check_ontology_style",
    "critical_paths",
    "cross_stream_flow",
    "export",
    "load",
    "mermaid",
    "ontology_graph",
    "ontology_version",
    "portfolio_map",
    "read_portfolio",
    "run_queries",
    "run_query",
    "run_sparql",
    "validate",
    "value_stream_map",
    "write_docs",
    "write_report",
]
