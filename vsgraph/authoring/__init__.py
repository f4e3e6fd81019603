"""Authoring portfolios without writing RDF: a Python API, YAML and spreadsheets.

All three ways in produce a :class:`PortfolioModel` of plain objects, and one writer
turns it into triples, so they always give the same graph. :func:`read_portfolio` goes
the other way, from any graph back to objects.
"""

from vsgraph.authoring.builder import PortfolioBuilder
from vsgraph.authoring.model import (
    Capability,
    Channel,
    Customer,
    Initiative,
    Interaction,
    Journey,
    KeyResult,
    Membership,
    Metric,
    Objective,
    Offering,
    Organisation,
    Person,
    PIObjective,
    PortfolioModel,
    Process,
    Reading,
    Role,
    Solution,
    Stage,
    StateChange,
    Step,
    Team,
    Theme,
    Trigger,
    Value,
    ValueStream,
    ValueStreamStage,
    WorkItem,
)
from vsgraph.authoring.reader import read_portfolio
from vsgraph.authoring.spreadsheet import (
    export_template,
    read_csv_folder,
    read_workbook,
    write_csv_folder,
    write_workbook,
)
from vsgraph.authoring.writer import write_graph
from vsgraph.authoring.yaml_io import dump_yaml, read_yaml

__all__ = [
    "Capability",
    "Channel",
    "Customer",
    "Initiative",
    "Interaction",
    "Journey",
    "KeyResult",
    "Membership",
    "Metric",
    "Objective",
    "Offering",
    "Organisation",
    "PIObjective",
    "Person",
    "PortfolioBuilder",
    "PortfolioModel",
    "Process",
    "Reading",
    "Role",
    "Solution",
    "Stage",
    "StateChange",
    "Step",
    "Team",
    "Theme",
    "Trigger",
    "Value",
    "ValueStream",
    "ValueStreamStage",
    "WorkItem",
    "dump_yaml",
    "export_template",
    "read_csv_folder",
    "read_portfolio",
    "read_workbook",
    "read_yaml",
    "write_csv_folder",
    "write_graph",
    "write_workbook",
]
