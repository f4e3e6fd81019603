"""Which key of the authoring formats each property of the graph comes from.

A validation finding names a property path (``^vsg:measures``, ``vsg:hasInteraction``); an
author who wrote YAML or a workbook knows only the keys and columns they wrote
(``measures`` of a metric, ``interactions`` of a value stream). This table turns one
into the other; a test checks it covers every property the writer produces, and
``docs/rules.md`` uses it to say which key each rule is about.
"""

from __future__ import annotations

from rdflib import DCTERMS, URIRef
from rdflib.namespace import ORG, RDF, RDFS
from rdflib.paths import InvPath, Path, SequencePath

from vsgraph.vocabulary.namespace import VSG

#: Each property the writer produces -> (the key or column it is written as, the list or
#: sheet of the things that carry that key). A property written by a row of a child sheet
#: or an item of a nested list (a step's ``vsg:hasStep``) is named by that list.
KEYS: dict[URIRef, tuple[str, str]] = {
    RDF.type: ("kind", "the thing's list"),
    RDFS.label: ("name", "the thing's list"),
    DCTERMS.description: ("description", "roles, customers or capabilities"),
    ORG.unitOf: ("unit_of", "teams or customers"),
    ORG.memberOf: ("member_of", "people"),
    ORG.member: ("memberships", "people"),
    ORG.role: ("role", "memberships"),
    ORG.organization: ("held_in", "memberships"),
    VSG.headcount: ("headcount", "teams"),
    VSG.capabilityLevel: ("level", "capabilities"),
    VSG.isSubCapabilityOf: ("parent", "capabilities"),
    VSG.journeyOf: ("customer", "journeys"),
    VSG.hasStage: ("stages", "journeys"),
    VSG.position: ("position", "stages, value_stream_stages or steps"),
    VSG.realizesCapability: ("realises", "processes, solutions or value_streams"),
    VSG.hasTrigger: ("trigger", "value_streams"),
    # A stream's value counts only once delivered to someone: the key that is missing.
    VSG.deliversValue: ("delivered_to", "value_streams"),
    VSG.deliveredTo: ("delivered_to", "value_streams"),
    VSG.ownedBy: ("owner", "value_streams"),
    VSG.enablesStage: ("enables", "value_streams"),
    VSG.supports: ("supports", "value_streams"),
    VSG.deliversProductOrService: ("delivers", "value_streams"),
    VSG.runsOn: ("runs_on", "value_streams"),
    VSG.buildsSolution: ("builds", "value_streams"),
    VSG.hostsSolution: ("hosts", "value_streams"),
    VSG.handsOverTo: ("hands_over_to", "value_streams"),
    VSG.triggersStream: ("triggers_stream", "value_streams"),
    VSG.measuredLeadTimeMinutes: ("measured_lead_time", "value_streams"),
    VSG.hasInteraction: ("interactions", "value_streams"),
    VSG.withCustomer: ("customer", "interactions"),
    VSG.duringStage: ("stage", "interactions"),
    VSG.throughChannel: ("channels", "interactions"),
    VSG.hasValueStreamStage: ("value_stream_stages", "value_streams"),
    VSG.entranceCriterion: ("entrance_criteria", "value_stream_stages"),
    VSG.exitCriterion: ("exit_criteria", "value_stream_stages"),
    VSG.producesValueItem: ("value_item", "value_stream_stages"),
    VSG.hasStakeholder: ("stakeholders", "value_stream_stages"),
    VSG.servesJourneyStage: ("serves", "value_stream_stages or steps"),
    VSG.requiresCapability: ("requires", "value_stream_stages"),
    VSG.hasStep: ("steps", "value_streams"),
    VSG.performedBy: ("team", "steps"),
    VSG.followsProcess: ("follows", "steps"),
    VSG.processTimeMinutes: ("process_time", "steps"),
    VSG.waitTimeMinutes: ("wait_time", "steps"),
    VSG.batchSize: ("batch_size", "steps"),
    VSG.percentCompleteAccurate: ("pcta", "steps"),
    VSG.carriesOutValueStreamStage: ("carries_out", "steps"),
    VSG.precededBy: ("preceded_by", "steps"),
    VSG.reworkPercent: ("rework_percent", "steps"),
    VSG.sendsReworkTo: ("sends_rework_to", "steps"),
    VSG.belongsToTheme: ("theme", "objectives"),
    VSG.keyResultOf: ("objective", "key_results"),
    VSG.baselineValue: ("baseline", "key_results"),
    VSG.targetValue: ("target", "key_results or metrics"),
    VSG.unit: ("unit", "key_results or metrics"),
    VSG.hasDirection: ("direction", "key_results or metrics"),
    VSG.baselineDate: ("baseline_date", "key_results"),
    VSG.deadline: ("deadline", "key_results"),
    VSG.hasStatus: ("status", "initiatives"),
    VSG.touchesValueStream: ("touches", "initiatives"),
    VSG.measures: ("measures", "metrics"),
    VSG.hasFocus: ("focus", "metrics"),
    VSG.alignedWith: ("aligned_with", "metrics"),
    VSG.hasReading: ("readings", "metrics"),
    VSG.readingValue: ("value", "readings"),
    VSG.readingDate: ("date", "readings"),
    VSG.workItemOf: ("value_stream", "work_items"),
    VSG.flowItemType: ("type", "work_items"),
    VSG.trackerKey: ("tracker_key", "work_items"),
    VSG.businessValue: ("business_value", "work_items"),
    VSG.createdAt: ("created", "work_items"),
    # The latest change is the last of the history the author wrote.
    VSG.latestStateChange: ("history", "work_items"),
    VSG.stateChangeOf: ("history", "work_items"),
    VSG.changedAt: ("at", "history (state_changes)"),
    # The chain follows the times: a change out of place has the wrong time.
    VSG.previousStateChange: ("at", "history (state_changes)"),
    VSG.toFlowState: ("state", "history (state_changes)"),
    VSG.trackerStatus: ("status", "history (state_changes)"),
    VSG.piObjectiveOf: ("value_stream", "pi_objectives"),
    VSG.plannedBusinessValue: ("planned_business_value", "pi_objectives"),
    VSG.actualBusinessValue: ("actual_business_value", "pi_objectives"),
    VSG.committed: ("committed", "pi_objectives"),
    VSG.dueAt: ("due", "pi_objectives"),
    VSG.periodStart: ("start", "budget_periods"),
    VSG.periodEnd: ("end", "budget_periods"),
    VSG.fundsValueStream: ("value_stream", "fundings"),
    VSG.chargedTo: ("value_stream", "team_costs or direct_costs"),
    VSG.guardsValueStream: ("value_stream", "spending_limits or capacity_allocations"),
    VSG.forPeriod: ("period", "fundings, team_costs, direct_costs, spending_limits or capacity_allocations"),
    VSG.amount: ("amount", "fundings, direct_costs or spending_limits"),
    VSG.currency: ("currency", "value_streams, fundings, team_costs, direct_costs or spending_limits"),
    VSG.costOfTeam: ("team", "team_costs"),
    VSG.costPerPerson: ("cost_per_person", "team_costs"),
    # A share is a key of 'shares' in YAML, a column feature, defect, risk or debt in a sheet.
    VSG.allocatesShare: ("shares", "capacity_allocations"),
    VSG.shareOfItemType: ("shares", "capacity_allocations"),
    VSG.sharePercent: ("shares", "capacity_allocations"),
    VSG.costOfDelayPerWeek: ("cost_of_delay_per_week", "value_streams"),
}

#: The classes the rules target -> the list (and sheet) of the YAML format that holds them.
LISTS: dict[URIRef, str] = {
    ORG.Organization: "organisation",
    VSG.Team: "teams",
    VSG.TeamOfTeams: "teams (kind team-of-teams, agile-release-train or solution-train)",
    VSG.AgileReleaseTrain: "teams (kind agile-release-train)",
    ORG.Membership: "memberships of people",
    VSG.Customer: "customers",
    VSG.CustomerJourney: "journeys",
    VSG.JourneyStage: "stages of journeys",
    VSG.Capability: "capabilities",
    VSG.Process: "processes",
    VSG.Solution: "solutions",
    VSG.ValueStream: "value_streams",
    VSG.OperationalValueStream: "value_streams (kind operational)",
    VSG.DevelopmentValueStream: "value_streams (kind development)",
    VSG.Value: "value_streams (value) and value_stream_stages (value_item)",
    VSG.Trigger: "value_streams (trigger)",
    VSG.CustomerInteraction: "interactions of value_streams",
    VSG.ValueStreamStage: "value_stream_stages of value_streams",
    VSG.Step: "steps of value_streams",
    VSG.StrategicTheme: "themes",
    VSG.Objective: "objectives",
    VSG.KeyResult: "key_results",
    VSG.Initiative: "initiatives",
    VSG.Metric: "metrics",
    VSG.MetricReading: "readings of metrics",
    VSG.WorkItem: "work_items",
    VSG.StateChange: "history of work_items (sheet state_changes)",
    VSG.PIObjective: "pi_objectives",
    VSG.BudgetPeriod: "budget_periods",
    VSG.Funding: "fundings",
    VSG.TeamCost: "team_costs",
    VSG.DirectCost: "direct_costs",
    VSG.SpendingLimit: "spending_limits",
    VSG.CapacityAllocation: "capacity_allocations",
    VSG.CapacityShare: "shares of capacity_allocations (columns feature, defect, risk, debt)",
}


def author_field(path: URIRef | Path | None) -> str | None:
    """The key (column) a result path stands for, as an author reads it: ``measures (in
    metrics)`` for ``^vsg:measures``, ``interactions.customer`` for a sequence; ``None``
    for a path no authoring key writes."""
    if isinstance(path, URIRef):
        return KEYS[path][0] if path in KEYS else None
    if isinstance(path, InvPath) and isinstance(path.arg, URIRef) and path.arg in KEYS:
        key, owner = KEYS[path.arg]
        return f"{key} (in {owner})"
    if isinstance(path, SequencePath):
        keys = [author_field(step) for step in path.args]
        return None if None in keys else ".".join(str(key) for key in keys)
    return None
