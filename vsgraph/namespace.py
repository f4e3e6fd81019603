"""Python constants for the terms of the vsgraph ontology.

Generated from the ontology by ``python -m vsgraph.codegen``; do not edit by hand.
Accessing a name the ontology does not define raises ``AttributeError``.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class VSG(DefinedNamespace):
    """The vsgraph ontology, ``https://w3id.org/vsgraph#``."""

    _fail = True
    _NS = Namespace("https://w3id.org/vsgraph#")

    # Classes
    # A customer interaction in which the organisation addresses the customer with an
    # offer or message.
    Advertisement: URIRef
    # A person, group or part of an organisation that receives value from a value stream.
    Customer: URIRef
    # A direct contact between a customer and a value stream, which makes that value
    # stream customer-facing.
    CustomerInteraction: URIRef
    # The ordered sequence of stages a customer goes through to reach an outcome, as the
    # customer experiences it.
    CustomerJourney: URIRef
    # A value stream that designs, builds, hosts and improves the solutions that
    # operational value streams run on.
    DevelopmentValueStream: URIRef
    # Whether higher or lower values of a metric are better.
    Direction: URIRef
    # A customer outside the organisation, who buys or uses what the organisation offers.
    ExternalCustomer: URIRef
    # A major organisational effort, such as a programme or transformation, that changes
    # one or more value streams.
    Initiative: URIRef
    # Where an initiative stands in its life: planned, active or completed.
    InitiativeStatus: URIRef
    # A customer that is itself a part of the organisation and receives value from another
    # part of it.
    InternalCustomer: URIRef
    # One stage of a customer experience journey, at a fixed position in its order.
    JourneyStage: URIRef
    # A measurable outcome that shows progress towards exactly one objective.
    KeyResult: URIRef
    # A measure of a value stream with a unit, a target and a direction that says whether
    # higher or lower values are better.
    Metric: URIRef
    # The concern a metric gives attention to, such as customer value, flow or quality.
    MetricFocus: URIRef
    # One measured value of a metric, taken on a given date.
    MetricReading: URIRef
    # A qualitative goal the organisation sets itself, measured by its key results.
    Objective: URIRef
    # A value stream that customers interact with directly and that delivers a product or
    # service to them.
    OperationalValueStream: URIRef
    # A repeatable business process that steps of value streams carry out.
    Process: URIRef
    # A product or service that is a tangible or digital good the customer obtains.
    Product: URIRef
    # Something the organisation offers its customers and delivers through its value
    # streams.
    ProductOrService: URIRef
    # A customer interaction in which the customer chooses a product, for example by
    # picking it from a shelf.
    ProductSelection: URIRef
    # A customer interaction in which the customer serves themselves through a tool the
    # organisation provides.
    SelfServiceInteraction: URIRef
    # A product or service that is work the organisation performs for the customer.
    Service: URIRef
    # A customer interaction in which the organisation serves the customer in person or
    # through a channel.
    ServiceInteraction: URIRef
    # A technology system, application or platform that development value streams build or
    # host and operational value streams run on.
    Solution: URIRef
    # One activity of a value stream, at a fixed position in its chronological order,
    # performed by a team or a person.
    Step: URIRef
    # A business objective at portfolio level that groups objectives and guides which
    # value streams to invest in.
    StrategicTheme: URIRef
    # A group of people in the organisation who perform steps of value streams together.
    Team: URIRef
    # The need or event that starts a value stream.
    Trigger: URIRef
    # The benefit a value stream delivers to a customer at its end, described as the
    # customer would describe it.
    Value: URIRef
    # A chronological sequence of steps that starts with a trigger and ends with value
    # delivered to a customer.
    ValueStream: URIRef

    # Object properties
    # Relates a metric to a key result whose progress it tracks.
    alignedWith: URIRef
    # Relates an objective to the strategic theme it serves.
    belongsToTheme: URIRef
    # Relates a development value stream to a solution it designs, builds or improves.
    buildsSolution: URIRef
    # Relates a value to the customer who receives it.
    deliveredTo: URIRef
    # Relates a value stream to a product or service it delivers to its customers.
    deliversProductOrService: URIRef
    # Relates a value stream to the value it delivers at its end.
    deliversValue: URIRef
    # Relates a customer interaction to the journey stage in which it happens.
    duringStage: URIRef
    # Relates an operational value stream to a journey stage that it makes possible for
    # the customer.
    enablesStage: URIRef
    # Relates a step to the business process it carries out.
    followsProcess: URIRef
    # Relates a metric to whether higher or lower values of it are better.
    hasDirection: URIRef
    # Relates a metric to the concern it gives attention to.
    hasFocus: URIRef
    # Relates a value stream to a direct interaction it has with a customer.
    hasInteraction: URIRef
    # Relates a metric to one of its readings.
    hasReading: URIRef
    # Relates a customer experience journey to one of its stages.
    hasStage: URIRef
    # Relates an initiative to where it stands in its life.
    hasStatus: URIRef
    # Relates a value stream to one of its steps.
    hasStep: URIRef
    # Relates a value stream to the trigger that starts it.
    hasTrigger: URIRef
    # Relates a development value stream to a solution it hosts and keeps running.
    hostsSolution: URIRef
    # Relates a customer experience journey to the customer who goes on it.
    journeyOf: URIRef
    # Relates a key result to the objective it measures progress towards.
    keyResultOf: URIRef
    # Relates a metric to the value stream it measures.
    measures: URIRef
    # Relates a value stream to the team or person accountable for it.
    ownedBy: URIRef
    # Relates a step to the team or person who performs it.
    performedBy: URIRef
    # Relates an operational value stream to a solution it depends on to operate.
    runsOn: URIRef
    # Relates a development value stream to an operational value stream whose technology
    # it designs, builds, hosts or improves.
    supports: URIRef
    # Relates an initiative to a value stream it changes.
    touchesValueStream: URIRef
    # Relates a customer interaction to the customer who takes part in it.
    withCustomer: URIRef

    # Datatype properties
    # The number of items a step handles together before passing them on.
    batchSize: URIRef
    # The share, from 0 to 100, of the work a step receives that it can use as it is,
    # without correcting, adding or clarifying anything.
    percentCompleteAccurate: URIRef
    # The place, counting from 1, of a step in its value stream or of a stage in its
    # journey.
    position: URIRef
    # The time, in minutes, that people spend actively working on one item in a step.
    processTimeMinutes: URIRef
    # The date and time at which a metric reading was taken.
    readingDate: URIRef
    # The value measured in a metric reading, in the metric's unit.
    readingValue: URIRef
    # The value of a metric that the organisation aims to reach, in the metric's unit.
    targetValue: URIRef
    # The unit in which the values of a metric are expressed.
    unit: URIRef
    # The time, in minutes, that an item waits before work on it starts in a step.
    waitTimeMinutes: URIRef

    # Individuals
    # The status of an initiative that is under way.
    Active: URIRef
    # The status of an initiative that has finished.
    Completed: URIRef
    # The focus of a metric on the value customers receive, such as satisfaction or
    # outcomes.
    CustomerValueFocus: URIRef
    # The focus of a metric on how decisions are made, such as the time a decision takes
    # or where it is made.
    DecisionFocus: URIRef
    # The focus of a metric on money, such as revenue or cost.
    FinancialFocus: URIRef
    # The focus of a metric on how fast and smoothly work moves through a value stream,
    # such as flow time or hand-offs.
    FlowFocus: URIRef
    # The direction of a metric whose values are better the higher they are.
    HigherIsBetter: URIRef
    # The direction of a metric whose values are better the lower they are.
    LowerIsBetter: URIRef
    # The status of an initiative that has been decided but not started.
    Planned: URIRef
    # The focus of a metric on how right the work is, such as defects or rework.
    QualityFocus: URIRef
    # The focus of a metric on who is accountable for a result and how well they hold it.
    ResponsibilityFocus: URIRef
