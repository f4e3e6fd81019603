"""The SHACL shapes in shapes/: one self-contained test per rule, and the shapes' own hygiene.

Each rule has a fixture under tests/data/shapes/ with nodes that follow it ("good") and
nodes that break it ("bad"). A test validates the fixture with every shape, on both
engines (vsgraph's SPARQL one and pyshacl), keeps the findings of the shapes that
implement the rule, and compares them exactly: focus node, path, value, severity, source
shape and (for SPARQL constraints) source constraint.
"""

from __future__ import annotations

from importlib.resources import files

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD

import vsgraph
from tests.query_catalog.test_budget_shapes import BUDGET_SHAPES
from tests.support.paths import DATA as TEST_DATA
from vsgraph import VSG, Severity
from vsgraph.resources import resource_dir
from vsgraph.vocabulary.ontology import ontology_graph

DATA = TEST_DATA / "shapes"
EX = Namespace("https://example.org/test/")
ORG = Namespace("http://www.w3.org/ns/org#")
VSGSH = Namespace("https://w3id.org/vsgraph/shapes#")
V, W = Severity.VIOLATION, Severity.WARNING


def expect(focus, path, shape, severity=V, value=None, constraint=None):
    return (focus, path, value, severity, shape, constraint)


_OKR_PROPERTIES = ("baselineValue", "targetValue", "unit", "hasDirection", "baselineDate", "deadline")

# rule: (fixture, shapes that implement the rule, exact findings of those shapes)
RULES = {
    1: (
        "rule01-customer-facing.ttl",
        [VSGSH["OperationalValueStreamShape-hasInteraction"]],
        {
            expect(EX.bad, VSG.hasInteraction, VSGSH["OperationalValueStreamShape-hasInteraction"]),
            expect(EX["bad-without-interaction"], VSG.hasInteraction, VSGSH["OperationalValueStreamShape-hasInteraction"]),
        },
    ),
    2: (
        "rule02-trigger-and-value.ttl",
        [VSGSH["ValueStreamShape-hasTrigger"], VSGSH["ValueStreamShape-deliversValue"]],
        {
            expect(EX["bad-without-trigger"], VSG.hasTrigger, VSGSH["ValueStreamShape-hasTrigger"]),
            expect(EX["bad-value-to-nobody"], VSG.deliversValue, VSGSH["ValueStreamShape-deliversValue"]),
        },
    ),
    3: (
        "rule03-development-supports.ttl",
        [VSGSH["DevelopmentValueStreamShape-supports"]],
        {
            expect(EX["bad-supports-nothing"], VSG.supports, VSGSH["DevelopmentValueStreamShape-supports"]),
            expect(EX["bad-supports-a-step"], VSG.supports, VSGSH["DevelopmentValueStreamShape-supports"], value=EX.step),
        },
    ),
    4: (
        "rule04-one-kind.ttl",
        [VSGSH.ValueStreamKindShape],
        {
            expect(EX.bad, None, VSGSH.ValueStreamKindShape, value=EX.bad),
        },
    ),
    5: (
        "rule05-steps.ttl",
        [VSGSH["ValueStreamShape-hasStep"], VSGSH.StepPositionsShape, VSGSH["StepShape-position"]],
        {
            expect(EX["bad-without-steps"], VSG.hasStep, VSGSH["ValueStreamShape-hasStep"]),
            expect(
                EX["bad-duplicate"],
                VSG.hasStep,
                VSGSH.StepPositionsShape,
                value=Literal(1),
                constraint=VSGSH["StepPositionsShape-unique"],
            ),
            expect(
                EX["bad-gap"],
                VSG.hasStep,
                VSGSH.StepPositionsShape,
                value=Literal(3),
                constraint=VSGSH["StepPositionsShape-noGaps"],
            ),
            expect(EX["step-without-position"], VSG.position, VSGSH["StepShape-position"]),
            expect(EX["step-at-zero"], VSG.position, VSGSH["StepShape-position"], value=Literal(0)),
        },
    ),
    6: (
        "rule06-step.ttl",
        [
            VSGSH["StepShape-performedBy"],
            VSGSH["StepShape-processTimeMinutes"],
            VSGSH["StepShape-waitTimeMinutes"],
            VSGSH["StepShape-percentCompleteAccurate"],
        ],
        {
            expect(EX["bad-nobody"], VSG.performedBy, VSGSH["StepShape-performedBy"]),
            expect(EX["bad-performer"], VSG.performedBy, VSGSH["StepShape-performedBy"], value=EX.payment),
            expect(
                EX["bad-times"],
                VSG.processTimeMinutes,
                VSGSH["StepShape-processTimeMinutes"],
                value=Literal("-1.5", datatype=XSD.decimal),
            ),
            expect(EX["bad-times"], VSG.waitTimeMinutes, VSGSH["StepShape-waitTimeMinutes"], value=Literal("five")),
            expect(
                EX["bad-times"],
                VSG.percentCompleteAccurate,
                VSGSH["StepShape-percentCompleteAccurate"],
                value=Literal("100.5", datatype=XSD.decimal),
            ),
        },
    ),
    7: (
        "rule07-journey.ttl",
        [
            VSGSH["CustomerJourneyShape-journeyOf"],
            VSGSH["CustomerJourneyShape-hasStage"],
            VSGSH["JourneyStageShape-position"],
            VSGSH.StagePositionsShape,
        ],
        {
            expect(EX["bad-without-customer"], VSG.journeyOf, VSGSH["CustomerJourneyShape-journeyOf"]),
            expect(EX["bad-two-customers"], VSG.journeyOf, VSGSH["CustomerJourneyShape-journeyOf"]),
            expect(EX["bad-without-stages"], VSG.hasStage, VSGSH["CustomerJourneyShape-hasStage"]),
            expect(
                EX["bad-duplicate"],
                VSG.hasStage,
                VSGSH.StagePositionsShape,
                value=Literal(1),
                constraint=VSGSH["StagePositionsShape-unique"],
            ),
            expect(
                EX["bad-gap"],
                VSG.hasStage,
                VSGSH.StagePositionsShape,
                value=Literal(4),
                constraint=VSGSH["StagePositionsShape-noGaps"],
            ),
            expect(EX["bad-stage"], VSG.position, VSGSH["JourneyStageShape-position"]),
        },
    ),
    8: (
        "rule08-metric.ttl",
        [
            VSGSH["MetricShape-measures"],
            VSGSH["MetricShape-unit"],
            VSGSH["MetricShape-targetValue"],
            VSGSH["MetricShape-hasDirection"],
            VSGSH["MetricReadingShape-readingDate"],
            VSGSH["MetricReadingShape-readingValue"],
        ],
        {
            expect(EX["bad-empty"], VSG.measures, VSGSH["MetricShape-measures"]),
            expect(EX["bad-empty"], VSG.unit, VSGSH["MetricShape-unit"]),
            expect(EX["bad-empty"], VSG.targetValue, VSGSH["MetricShape-targetValue"]),
            expect(EX["bad-empty"], VSG.hasDirection, VSGSH["MetricShape-hasDirection"]),
            expect(EX["bad-direction"], VSG.hasDirection, VSGSH["MetricShape-hasDirection"], value=EX.sideways),
            expect(EX["bad-undated"], VSG.readingDate, VSGSH["MetricReadingShape-readingDate"]),
            expect(
                EX["bad-date-only"],
                VSG.readingDate,
                VSGSH["MetricReadingShape-readingDate"],
                value=Literal("2026-10-31", datatype=XSD.date),
            ),
        },
    ),
    9: (
        "rule09-key-result.ttl",
        [VSGSH["KeyResultShape-keyResultOf"]],
        {
            expect(EX["bad-without-objective"], VSG.keyResultOf, VSGSH["KeyResultShape-keyResultOf"]),
            expect(EX["bad-two-objectives"], VSG.keyResultOf, VSGSH["KeyResultShape-keyResultOf"]),
        },
    ),
    10: (
        "rule10-labels.ttl",
        [VSGSH["NamedThingShape-label"]],
        {
            expect(EX["bad-unlabelled"], RDFS.label, VSGSH["NamedThingShape-label"]),
            expect(EX["bad-two-labels"], RDFS.label, VSGSH["NamedThingShape-label"]),
            expect(EX["bad-untagged"], RDFS.label, VSGSH["NamedThingShape-label"]),
        },
    ),
    11: (
        "rule11-enabled-customer.ttl",
        [VSGSH.EnabledCustomerShape],
        {
            expect(
                EX.bad, None, VSGSH.EnabledCustomerShape, value=EX.courier, constraint=VSGSH["EnabledCustomerShape-interaction"]
            ),
        },
    ),
    12: (
        "rule12-supported.ttl",
        [VSGSH["SupportedOperationalValueStreamShape-supportedBy"]],
        {
            expect(EX.bad, ~VSG.supports, VSGSH["SupportedOperationalValueStreamShape-supportedBy"], W),
        },
    ),
    13: (
        "rule13-enables-stage.ttl",
        [VSGSH["SupportedOperationalValueStreamShape-enablesStage"]],
        {
            expect(EX.bad, VSG.enablesStage, VSGSH["SupportedOperationalValueStreamShape-enablesStage"], W),
        },
    ),
    14: (
        "rule14-aligned.ttl",
        [VSGSH["AlignedMetricShape-alignedWith"]],
        {
            expect(EX.bad, VSG.alignedWith, VSGSH["AlignedMetricShape-alignedWith"], W),
        },
    ),
    15: (
        "rule15-measured.ttl",
        [VSGSH["MeasuredValueStreamShape-measuredBy"]],
        {
            expect(EX.bad, ~VSG.measures, VSGSH["MeasuredValueStreamShape-measuredBy"], W),
        },
    ),
    16: (
        "rule16-themed.ttl",
        [VSGSH["ThemedObjectiveShape-belongsToTheme"]],
        {
            expect(EX.bad, VSG.belongsToTheme, VSGSH["ThemedObjectiveShape-belongsToTheme"], W),
        },
    ),
    17: (
        "rule17-development-behind-the-scenes.ttl",
        [VSGSH["InternalDevelopmentValueStreamShape-externalCustomer"]],
        {
            expect(
                EX.bad,
                VSG.hasInteraction / VSG.withCustomer,
                VSGSH["InternalDevelopmentValueStreamShape-externalCustomer"],
                W,
                value=EX.shopper,
            ),
        },
    ),
    18: (
        "rule18-reading-values.ttl",
        [VSGSH["MetricReadingShape-readingValue"]],
        {
            expect(EX["bad-text"], VSG.readingValue, VSGSH["MetricReadingShape-readingValue"], value=Literal("lots")),
            expect(EX["bad-numeric-text"], VSG.readingValue, VSGSH["MetricReadingShape-readingValue"], value=Literal("4.5")),
            expect(
                EX["bad-ill-formed"],
                VSG.readingValue,
                VSGSH["MetricReadingShape-readingValue"],
                value=Literal("lots", datatype=XSD.decimal),
            ),
            expect(EX["bad-thing"], VSG.readingValue, VSGSH["MetricReadingShape-readingValue"], value=EX.lots),
        },
    ),
    19: (
        "rule19-target-values.ttl",
        [VSGSH["MetricShape-targetValue"]],
        {
            expect(EX["bad-text"], VSG.targetValue, VSGSH["MetricShape-targetValue"], value=Literal("high")),
            expect(
                EX["bad-date"],
                VSG.targetValue,
                VSGSH["MetricShape-targetValue"],
                value=Literal("2026-12-31T00:00:00", datatype=XSD.dateTime),
            ),
        },
    ),
    20: (
        "rule20-batch-size.ttl",
        [VSGSH["StepShape-batchSize"]],
        {
            expect(EX["bad-negative"], VSG.batchSize, VSGSH["StepShape-batchSize"], value=Literal(-3)),
            expect(EX["bad-zero"], VSG.batchSize, VSGSH["StepShape-batchSize"], value=Literal(0)),
            expect(EX["bad-fraction"], VSG.batchSize, VSGSH["StepShape-batchSize"], value=Literal("2.5", datatype=XSD.decimal)),
            expect(EX["bad-two"], VSG.batchSize, VSGSH["StepShape-batchSize"]),
        },
    ),
    21: (
        "rule21-step-numbers.ttl",
        [VSGSH["StepShape-processTimeMinutes"], VSGSH["StepShape-waitTimeMinutes"], VSGSH["StepShape-percentCompleteAccurate"]],
        {
            expect(EX["bad-text"], VSG.processTimeMinutes, VSGSH["StepShape-processTimeMinutes"], value=Literal("4")),
            expect(EX["bad-text"], VSG.waitTimeMinutes, VSGSH["StepShape-waitTimeMinutes"], value=Literal("lots")),
            expect(EX["bad-text"], VSG.percentCompleteAccurate, VSGSH["StepShape-percentCompleteAccurate"], value=Literal("80%")),
            expect(
                EX["bad-ill-formed"],
                VSG.processTimeMinutes,
                VSGSH["StepShape-processTimeMinutes"],
                value=Literal("four", datatype=XSD.decimal),
            ),
            expect(
                EX["bad-ill-formed"],
                VSG.waitTimeMinutes,
                VSGSH["StepShape-waitTimeMinutes"],
                value=Literal("PT5M", datatype=XSD.duration),
            ),
            expect(
                EX["bad-ill-formed"],
                VSG.percentCompleteAccurate,
                VSGSH["StepShape-percentCompleteAccurate"],
                value=Literal("2026-01-01T00:00:00", datatype=XSD.dateTime),
            ),
            expect(EX["bad-negative"], VSG.processTimeMinutes, VSGSH["StepShape-processTimeMinutes"], value=Literal(-4)),
            expect(
                EX["bad-negative"],
                VSG.waitTimeMinutes,
                VSGSH["StepShape-waitTimeMinutes"],
                value=Literal("-0.5", datatype=XSD.decimal),
            ),
            expect(
                EX["bad-negative"], VSG.percentCompleteAccurate, VSGSH["StepShape-percentCompleteAccurate"], value=Literal(-1)
            ),
        },
    ),
    22: (
        "rule22-stream-links.ttl",
        [VSGSH["StreamLinksShape-handsOverTo"], VSGSH["StreamLinksShape-triggersStream"], VSGSH.StreamSelfLinkShape],
        {
            expect(EX["bad-hands-over-to-a-step"], VSG.handsOverTo, VSGSH["StreamLinksShape-handsOverTo"], value=EX.step),
            expect(EX["bad-triggers-a-customer"], VSG.triggersStream, VSGSH["StreamLinksShape-triggersStream"], value=EX.shopper),
            expect(
                EX["bad-loop"],
                VSG.handsOverTo,
                VSGSH.StreamSelfLinkShape,
                value=EX["bad-loop"],
                constraint=VSGSH["StreamSelfLinkShape-notItself"],
            ),
            expect(
                EX["bad-supports-itself"],
                VSG.supports,
                VSGSH.StreamSelfLinkShape,
                value=EX["bad-supports-itself"],
                constraint=VSGSH["StreamSelfLinkShape-notItself"],
            ),
        },
    ),
    23: (
        "rule23-value-stream-stages.ttl",
        [
            VSGSH[f"ValueStreamStageShape-{name}"]
            for name in (
                "stream",
                "position",
                "entranceCriterion",
                "exitCriterion",
                "producesValueItem",
                "hasStakeholder",
                "servesJourneyStage",
                "requiresCapability",
            )
        ],
        {
            expect(EX["bad-without-stream"], ~VSG.hasValueStreamStage, VSGSH["ValueStreamStageShape-stream"]),
            expect(EX["bad-two-streams"], ~VSG.hasValueStreamStage, VSGSH["ValueStreamStageShape-stream"]),
            expect(EX["bad-details"], VSG.position, VSGSH["ValueStreamStageShape-position"]),
            expect(EX["bad-details"], VSG.position, VSGSH["ValueStreamStageShape-position"], value=Literal(0)),
            expect(
                EX["bad-details"],
                VSG.entranceCriterion,
                VSGSH["ValueStreamStageShape-entranceCriterion"],
                value=Literal("Eine vollständige Anfrage", lang="de"),
            ),
            expect(EX["bad-details"], VSG.exitCriterion, VSGSH["ValueStreamStageShape-exitCriterion"], value=Literal(42)),
            expect(EX["bad-details"], VSG.producesValueItem, VSGSH["ValueStreamStageShape-producesValueItem"]),
            expect(EX["bad-links"], VSG.position, VSGSH["ValueStreamStageShape-position"], value=Literal("4")),
            expect(EX["bad-links"], VSG.producesValueItem, VSGSH["ValueStreamStageShape-producesValueItem"], value=EX.apply),
            expect(EX["bad-links"], VSG.hasStakeholder, VSGSH["ValueStreamStageShape-hasStakeholder"], value=EX.decision),
            expect(
                EX["bad-links"],
                VSG.servesJourneyStage,
                VSGSH["ValueStreamStageShape-servesJourneyStage"],
                value=EX["credit-risk"],
            ),
            expect(
                EX["bad-links"], VSG.requiresCapability, VSGSH["ValueStreamStageShape-requiresCapability"], value=EX.underwriting
            ),
        },
    ),
    24: (
        "rule24-stage-positions.ttl",
        [VSGSH.ValueStreamStagePositionsShape],
        {
            expect(
                EX["bad-duplicate"],
                VSG.hasValueStreamStage,
                VSGSH.ValueStreamStagePositionsShape,
                value=Literal(1),
                constraint=VSGSH["ValueStreamStagePositionsShape-unique"],
            ),
            expect(
                EX["bad-gap"],
                VSG.hasValueStreamStage,
                VSGSH.ValueStreamStagePositionsShape,
                value=Literal(3),
                constraint=VSGSH["ValueStreamStagePositionsShape-noGaps"],
            ),
        },
    ),
    25: (
        "rule25-step-links.ttl",
        [
            VSGSH["StepShape-reworkPercent"],
            VSGSH["StepShape-carriesOutValueStreamStage"],
            VSGSH["StepShape-servesJourneyStage"],
            VSGSH.StepLinksShape,
        ],
        {
            expect(EX["bad-stage"], VSG.carriesOutValueStreamStage, VSGSH["StepShape-carriesOutValueStreamStage"]),
            expect(
                EX["bad-stage"],
                VSG.carriesOutValueStreamStage,
                VSGSH.StepLinksShape,
                value=EX.collect,
                constraint=VSGSH["StepLinksShape-stageOfOwnStream"],
            ),
            expect(EX["bad-stage"], VSG.servesJourneyStage, VSGSH["StepShape-servesJourneyStage"], value=EX.team),
            *(
                expect(
                    EX["bad-order"],
                    VSG.precededBy,
                    VSGSH.StepLinksShape,
                    value=EX[name],
                    constraint=VSGSH["StepLinksShape-earlierPredecessor"],
                )
                for name in ("bad-order", "bad-rework", "elsewhere")
            ),
            *(
                expect(
                    EX["bad-rework"],
                    VSG.sendsReworkTo,
                    VSGSH.StepLinksShape,
                    value=EX[name],
                    constraint=VSGSH["StepLinksShape-earlierRework"],
                )
                for name in ("bad-rework", "elsewhere")
            ),
            expect(EX["bad-rework"], VSG.reworkPercent, VSGSH["StepShape-reworkPercent"]),
            expect(EX["bad-rework"], VSG.reworkPercent, VSGSH["StepShape-reworkPercent"], value=Literal(120)),
            expect(EX["bad-rework"], VSG.reworkPercent, VSGSH["StepShape-reworkPercent"], value=Literal("lots")),
        },
    ),
    26: (
        "rule26-measured-lead-time.ttl",
        [VSGSH["ValueStreamShape-measuredLeadTimeMinutes"]],
        {
            expect(
                EX["bad-negative"],
                VSG.measuredLeadTimeMinutes,
                VSGSH["ValueStreamShape-measuredLeadTimeMinutes"],
                value=Literal(-1),
            ),
            expect(
                EX["bad-text"],
                VSG.measuredLeadTimeMinutes,
                VSGSH["ValueStreamShape-measuredLeadTimeMinutes"],
                value=Literal("two days"),
            ),
            expect(EX["bad-two"], VSG.measuredLeadTimeMinutes, VSGSH["ValueStreamShape-measuredLeadTimeMinutes"]),
        },
    ),
    27: (
        "rule27-capabilities.ttl",
        [
            VSGSH["CapabilityShape-capabilityLevel"],
            VSGSH["CapabilityShape-isSubCapabilityOf"],
            VSGSH.CapabilityParentShape,
            VSGSH.CapabilityRealizerShape,
            VSGSH["CapabilityRealizationShape-realizesCapability"],
        ],
        {
            expect(EX["bad-level"], VSG.capabilityLevel, VSGSH["CapabilityShape-capabilityLevel"], value=Literal(0)),
            expect(EX["bad-two-levels"], VSG.capabilityLevel, VSGSH["CapabilityShape-capabilityLevel"]),
            expect(EX["bad-two-parents"], VSG.isSubCapabilityOf, VSGSH["CapabilityShape-isSubCapabilityOf"]),
            expect(EX["bad-parent"], VSG.isSubCapabilityOf, VSGSH["CapabilityShape-isSubCapabilityOf"], value=EX.stream),
            expect(
                EX["bad-own-parent"],
                VSG.isSubCapabilityOf,
                VSGSH.CapabilityParentShape,
                value=EX["bad-own-parent"],
                constraint=VSGSH["CapabilityParentShape-notItself"],
            ),
            expect(EX["bad-realizer"], None, VSGSH.CapabilityRealizerShape, value=EX["bad-realizer"]),
            expect(
                EX["bad-realized"],
                VSG.realizesCapability,
                VSGSH["CapabilityRealizationShape-realizesCapability"],
                value=EX.process,
            ),
        },
    ),
    28: (
        "rule28-capability-levels.ttl",
        [VSGSH.CapabilityLevelShape],
        {
            expect(
                EX.bad,
                VSG.isSubCapabilityOf,
                VSGSH.CapabilityLevelShape,
                W,
                value=EX.top,
                constraint=VSGSH["CapabilityLevelShape-oneBelowParent"],
            ),
        },
    ),
    29: (
        "rule29-teams.ttl",
        [VSGSH["TeamShape-headcount"], VSGSH["TeamOfTeamsShape-hasTeams"]],
        {
            expect(EX["bad-negative"], VSG.headcount, VSGSH["TeamShape-headcount"], value=Literal(-1)),
            expect(EX["bad-fraction"], VSG.headcount, VSGSH["TeamShape-headcount"], value=Literal("7.5", datatype=XSD.decimal)),
            expect(EX["bad-two"], VSG.headcount, VSGSH["TeamShape-headcount"]),
            expect(EX["bad-empty-train"], ~ORG.unitOf, VSGSH["TeamOfTeamsShape-hasTeams"], W),
        },
    ),
    30: (
        "rule30-memberships.ttl",
        [VSGSH["MembershipShape-member"], VSGSH["MembershipShape-organization"], VSGSH["MembershipShape-role"]],
        {
            expect(EX["bad-empty"], ORG.member, VSGSH["MembershipShape-member"]),
            expect(EX["bad-empty"], ORG.organization, VSGSH["MembershipShape-organization"]),
            expect(EX["bad-empty"], ORG.role, VSGSH["MembershipShape-role"]),
            expect(EX["bad-two"], ORG.member, VSGSH["MembershipShape-member"]),
            expect(EX["bad-two"], ORG.organization, VSGSH["MembershipShape-organization"]),
            expect(EX["bad-kinds"], ORG.member, VSGSH["MembershipShape-member"], value=EX.underwriter),
            expect(EX["bad-kinds"], ORG.organization, VSGSH["MembershipShape-organization"], value=EX.ana),
            expect(EX["bad-kinds"], ORG.role, VSGSH["MembershipShape-role"], value=EX["credit-team"]),
        },
    ),
    31: (
        "rule31-channels.ttl",
        [VSGSH["CustomerInteractionShape-throughChannel"]],
        {
            expect(EX.bad, VSG.throughChannel, VSGSH["CustomerInteractionShape-throughChannel"], value=EX.shopper),
            expect(EX.bad, VSG.throughChannel, VSGSH["CustomerInteractionShape-throughChannel"], value=VSG.HigherIsBetter),
        },
    ),
    32: (
        "rule32-stage-value-item.ttl",
        [VSGSH["StageValueItemShape-producesValueItem"]],
        {
            expect(EX.bad, VSG.producesValueItem, VSGSH["StageValueItemShape-producesValueItem"], W),
        },
    ),
    33: (
        "rule33-value-to-a-stream.ttl",
        [VSGSH["ValueStreamShape-deliversValue"]],
        {
            expect(EX.bad, VSG.deliversValue, VSGSH["ValueStreamShape-deliversValue"]),
            expect(EX.lending, VSG.deliversValue, VSGSH["ValueStreamShape-deliversValue"]),
        },
    ),
    34: (
        "rule34-key-result-targets.ttl",
        [VSGSH.KeyResultProgressShape, *(VSGSH[f"KeyResultTargetShape-{p}"] for p in _OKR_PROPERTIES)],
        {
            expect(
                EX["bad-equal"],
                VSG.targetValue,
                VSGSH.KeyResultProgressShape,
                value=Literal(5),
                constraint=VSGSH["KeyResultProgressShape-targetDiffers"],
            ),
            expect(
                EX["bad-side"],
                VSG.targetValue,
                VSGSH.KeyResultProgressShape,
                value=Literal(8),
                constraint=VSGSH["KeyResultProgressShape-direction"],
            ),
            expect(EX["bad-types"], VSG.baselineValue, VSGSH["KeyResultTargetShape-baselineValue"], value=Literal("low")),
            expect(EX["bad-types"], VSG.deadline, VSGSH["KeyResultTargetShape-deadline"], value=Literal("next spring")),
            expect(
                EX["bad-types"],
                VSG.baselineDate,
                VSGSH["KeyResultTargetShape-baselineDate"],
                value=Literal("2026-01-01", datatype=XSD.date),
            ),
            expect(EX["bad-types"], VSG.hasDirection, VSGSH["KeyResultTargetShape-hasDirection"], value=EX.sideways),
            expect(EX["bad-two"], VSG.unit, VSGSH["KeyResultTargetShape-unit"]),
            expect(EX["bad-two"], VSG.targetValue, VSGSH["KeyResultTargetShape-targetValue"]),
            expect(
                EX["bad-late-start"],
                VSG.deadline,
                VSGSH.KeyResultProgressShape,
                value=Literal("2026-04-01T00:00:00", datatype=XSD.dateTime),
                constraint=VSGSH["KeyResultProgressShape-deadlineAfterBaseline"],
            ),
        },
    ),
}


def _key(finding: vsgraph.Finding) -> tuple:
    return (finding.focus_node, finding.path, finding.value, finding.severity, finding.source_shape, finding.source_constraint)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule(rule, engine):
    fixture, shapes, expected = RULES[rule]
    report = vsgraph.validate(vsgraph.load(DATA / fixture), validator=engine)
    found = {_key(f) for f in report.findings if f.source_shape in shapes}
    assert found == expected
    good = {EX.good, EX["good-1"], EX["good-2"], EX["good-reading"], EX["good-person"]}
    assert not {f.focus_node for f in report.findings if f.source_shape in shapes} & good


def _shapes(name: str) -> Graph:
    return Graph().parse(resource_dir("shapes") / name)


ALL_SHAPE_FILES = ("vsgraph-shapes.ttl", "vsgraph-recommended.ttl", "ontology-style.ttl")


@pytest.mark.parametrize("name", ALL_SHAPE_FILES)
def test_shapes_pass_shacl_shacl(name):
    meta = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"))
    conforms, _, text = pyshacl.validate(_shapes(name), shacl_graph=meta)
    assert conforms, text


def _named_shapes(graph: Graph) -> set[URIRef]:
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return {s for s in shapes if isinstance(s, URIRef)}


@pytest.mark.parametrize("name", ALL_SHAPE_FILES)
def test_every_shape_is_named_described_and_has_an_explicit_severity(name):
    graph = _shapes(name)
    for shape in _named_shapes(graph):
        for predicate in (SH.name, SH.description):
            values = list(graph.objects(shape, predicate))
            assert [v.language for v in values] == ["en"], (shape, predicate)
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape


@pytest.mark.parametrize("name", ALL_SHAPE_FILES)
def test_every_constraint_carries_a_message(name):
    """Shapes that only group property shapes report nothing themselves; all others speak."""
    graph = _shapes(name)
    speakers = {
        s
        for s in _named_shapes(graph)
        if set(graph.predicates(s))
        - {RDF.type, SH.name, SH.description, SH.severity, SH.targetClass, SH.target, SH.property, SH.sparql}
    }
    speakers |= set(graph.subjects(RDF.type, SH.SPARQLConstraint))
    for shape in speakers:
        assert graph.value(shape, SH.message) is not None, shape


def test_warnings_live_in_their_own_file():
    assert {_shapes("vsgraph-shapes.ttl").value(s, SH.severity) for s in _named_shapes(_shapes("vsgraph-shapes.ttl"))} == {
        SH.Violation
    }
    recommended = _shapes("vsgraph-recommended.ttl")
    assert {recommended.value(s, SH.severity) for s in _named_shapes(recommended)} == {SH.Warning}


def test_every_reporting_shape_has_a_rule_test():
    # The budget rules (35 to 40) are tested beside their queries.
    tested = {shape for _, shapes, _ in RULES.values() for shape in shapes} | BUDGET_SHAPES
    graph = _shapes("vsgraph-shapes.ttl") + _shapes("vsgraph-recommended.ttl")
    reporting = {s for s in _named_shapes(graph) if graph.value(s, SH.property) is None}
    assert reporting == tested


def test_the_shipped_ontology_follows_the_style_shapes():
    report = vsgraph.check_ontology_style()
    assert report.conforms and report.findings == []


def test_the_style_shapes_catch_an_undefined_or_mislabelled_term():
    draft = ontology_graph()
    draft.remove((VSG.Step, SKOS.definition, None))
    draft.add((VSG.Metric, RDFS.label, Literal("indicator", lang="en")))
    draft.remove((VSG.hasStep, RDFS.isDefinedBy, None))
    report = vsgraph.check_ontology_style(draft)
    assert {(f.focus_node, f.path, f.severity, f.source_shape) for f in report.findings} == {
        (VSG.Step, SKOS.definition, V, VSGSH["OntologyTermShape-definition"]),
        (VSG.Metric, RDFS.label, V, VSGSH["OntologyTermShape-label"]),
        (VSG.hasStep, RDFS.isDefinedBy, V, VSGSH["OntologyTermShape-isDefinedBy"]),
    }
