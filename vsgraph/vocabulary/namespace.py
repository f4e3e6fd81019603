"""Python constants for the terms of the vsgraph ontology.

Generated from the ontology by ``python -m vsgraph.vocabulary.codegen``; do not edit by hand.
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
    # A team of teams, usually of five to twelve agile teams, that is organised around a
    # development value stream and delivers on a shared cadence.
    AgileReleaseTrain: URIRef
    # A span of time for which value streams are funded and their costs and guardrails are
    # stated, from its start up to, not including, its end.
    BudgetPeriod: URIRef
    # An ability the organisation possesses or needs in order to achieve an outcome,
    # described by what it is able to do rather than by how or by whom it is done.
    Capability: URIRef
    # A guardrail that sets which share of a value stream's capacity in a budget period
    # goes to each flow item type.
    CapacityAllocation: URIRef
    # The percentage of a value stream's capacity that a capacity allocation gives to one
    # flow item type.
    CapacityShare: URIRef
    # A way in which a customer and the organisation reach each other in an interaction,
    # such as a branch, the telephone or a mobile app.
    Channel: URIRef
    # Money a value stream spends in a budget period, charged against its funding.
    Cost: URIRef
    # A person, group or part of an organisation that receives value from a value stream.
    Customer: URIRef
    # A direct contact between a customer and a value stream, which makes that value
    # stream customer-facing.
    CustomerInteraction: URIRef
    # The ordered sequence of stages a customer goes through to reach an outcome, as the
    # customer experiences it.
    CustomerJourney: URIRef
    # A value stream that designs, builds, hosts and improves the solutions that
    # operational value streams, or other development value streams, run on.
    DevelopmentValueStream: URIRef
    # An amount a value stream spends in a budget period on something other than its
    # teams, such as licences, hosting or suppliers.
    DirectCost: URIRef
    # Whether higher or lower values of a metric or a key result are better.
    Direction: URIRef
    # A customer outside the organisation, who buys or uses what the organisation offers.
    ExternalCustomer: URIRef
    # The kind of business value a work item delivers: a feature, a defect fix, a risk
    # mitigation or a debt reduction.
    FlowItemType: URIRef
    # One of the five states that every state of a tracker's workflow maps onto: new,
    # waiting, active, done or canceled.
    FlowState: URIRef
    # An amount of money allotted to one value stream for one budget period.
    Funding: URIRef
    # A rule of the portfolio that bounds how a value stream spends its funding in a
    # budget period.
    Guardrail: URIRef
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
    # Anything a metric may measure: a value stream, a value-stream stage, a journey
    # stage, a step, a team, a solution or a capability.
    MeasurableThing: URIRef
    # A measure of a value stream, or of a stage, step, team, solution or capability, with
    # a unit, a target and a direction that says whether higher or lower values are
    # better.
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
    # A business or technical goal that a value stream commits to achieve in one planning
    # interval, with the business value planned for it and the business value achieved.
    PIObjective: URIRef
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
    # A team of Agile Release Trains that together build a solution too large for one
    # train.
    SolutionTrain: URIRef
    # A guardrail that caps what a value stream may spend in a budget period.
    SpendingLimit: URIRef
    # The moment at which a work item enters a state of its tracker's workflow, and with
    # it one of the five flow states.
    StateChange: URIRef
    # One activity of a value stream, at a fixed position in its chronological order,
    # performed by a team or a person.
    Step: URIRef
    # A business objective at portfolio level that groups objectives and guides which
    # value streams to invest in.
    StrategicTheme: URIRef
    # A group of people in the organisation who perform steps of value streams together.
    Team: URIRef
    # The cost of a team for a value stream in a budget period: a rate per person times
    # the team's headcount.
    TeamCost: URIRef
    # A team made of several teams that plan, deliver and improve together as one unit.
    TeamOfTeams: URIRef
    # The need or event that starts a value stream.
    Trigger: URIRef
    # The benefit a value stream delivers to a customer at its end, described as the
    # customer would describe it.
    Value: URIRef
    # A chronological sequence of steps that starts with a trigger and ends with value
    # delivered to a customer.
    ValueStream: URIRef
    # A stage of a value stream that creates a distinct increment of value, at a fixed
    # position in the stream's order, entered and left when stated criteria are met.
    ValueStreamStage: URIRef
    # A unit of work that a value stream delivers, such as a feature, a defect fix, a risk
    # mitigation or a debt reduction, tracked from its creation until it is done or
    # canceled.
    WorkItem: URIRef

    # Object properties
    # Relates a metric to a key result whose progress it tracks.
    alignedWith: URIRef
    # Relates a capacity allocation to one of its capacity shares, one per flow item type.
    allocatesShare: URIRef
    # Relates an objective to the strategic theme it serves.
    belongsToTheme: URIRef
    # Relates a development value stream to a solution it designs, builds or improves.
    buildsSolution: URIRef
    # Relates a step to the value-stream stage of the same value stream whose work it
    # does.
    carriesOutValueStreamStage: URIRef
    # Relates a cost to the value stream whose funding it is charged against.
    chargedTo: URIRef
    # Relates a team cost to the team whose people it pays for.
    costOfTeam: URIRef
    # Relates a value to the customer, or the value stream, that receives it.
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
    # Relates a work item to the kind of business value it delivers.
    flowItemType: URIRef
    # Relates a step to the business process it carries out.
    followsProcess: URIRef
    # Relates a funding, a cost or a guardrail to the budget period it applies to.
    forPeriod: URIRef
    # Relates a funding to the value stream it funds.
    fundsValueStream: URIRef
    # Relates a guardrail to the value stream whose spending it bounds.
    guardsValueStream: URIRef
    # Relates a value stream to another value stream that takes over the item it has
    # worked on and carries it further.
    handsOverTo: URIRef
    # Relates a metric or a key result to whether higher or lower values of it are better.
    hasDirection: URIRef
    # Relates a metric to the concern it gives attention to.
    hasFocus: URIRef
    # Relates a value stream to a direct interaction it has with a customer.
    hasInteraction: URIRef
    # Relates a metric to one of its readings.
    hasReading: URIRef
    # Relates a customer experience journey to one of its stages.
    hasStage: URIRef
    # Relates a value-stream stage to a customer, team, person, organisational unit or
    # role that takes part in it.
    hasStakeholder: URIRef
    # Relates an initiative to where it stands in its life.
    hasStatus: URIRef
    # Relates a value stream to one of its steps.
    hasStep: URIRef
    # Relates a value stream to the trigger that starts it.
    hasTrigger: URIRef
    # Relates a value stream to one of its value-stream stages.
    hasValueStreamStage: URIRef
    # Relates a development value stream to a solution it hosts and keeps running.
    hostsSolution: URIRef
    # Relates a capability to the broader capability, one level up, that it is a part of.
    isSubCapabilityOf: URIRef
    # Relates a customer experience journey to the customer who goes on it.
    journeyOf: URIRef
    # Relates a key result to the objective it measures progress towards.
    keyResultOf: URIRef
    # Relates a work item to its latest state change, the one no other change of the item
    # follows.
    latestStateChange: URIRef
    # Relates a metric to the value stream, stage, step, team, solution or capability it
    # measures.
    measures: URIRef
    # Relates a value stream to the team or person accountable for it.
    ownedBy: URIRef
    # Relates a step to the team or person who performs it.
    performedBy: URIRef
    # Relates a PI objective to the value stream that committed to it.
    piObjectiveOf: URIRef
    # Relates a step to a step of the same value stream that must finish before it can
    # start.
    precededBy: URIRef
    # Relates a state change to the state change of the same work item just before it.
    previousStateChange: URIRef
    # Relates a value-stream stage to the value item it produces: the increment of value a
    # stakeholder has when the stage is done.
    producesValueItem: URIRef
    # Relates a value stream, a process or a solution to a capability that it puts into
    # practice.
    realizesCapability: URIRef
    # Relates a value-stream stage to a capability it draws on to produce its value item.
    requiresCapability: URIRef
    # Relates an operational value stream to a solution it depends on to operate.
    runsOn: URIRef
    # Relates a step to an earlier step of the same value stream to which it sends back
    # the items it finds defective.
    sendsReworkTo: URIRef
    # Relates a value-stream stage or a step to a stage of a customer experience journey
    # that its work serves.
    servesJourneyStage: URIRef
    # Relates a capacity share to the flow item type it gives capacity to.
    shareOfItemType: URIRef
    # Relates a state change to the work item whose state changed.
    stateChangeOf: URIRef
    # Relates a development value stream to another value stream, operational or
    # development, whose technology it designs, builds, hosts or improves.
    supports: URIRef
    # Relates a customer interaction to a channel through which it takes place.
    throughChannel: URIRef
    # Relates a state change to the flow state the work item entered.
    toFlowState: URIRef
    # Relates an initiative to a value stream it changes.
    touchesValueStream: URIRef
    # Relates a value stream to another value stream that an outcome or event of the first
    # one starts.
    triggersStream: URIRef
    # Relates a customer interaction to the customer who takes part in it.
    withCustomer: URIRef
    # Relates a work item to the value stream that delivers it.
    workItemOf: URIRef

    # Datatype properties
    # The business value that business owners judged a PI objective to have achieved at
    # the end of its planning interval, from 0 to 10.
    actualBusinessValue: URIRef
    # A sum of money: what a funding allots, a direct cost spends or a spending limit
    # allows, in its currency.
    amount: URIRef
    # The date and time at which a key result's baseline value was measured, when the time
    # to reach its target starts.
    baselineDate: URIRef
    # The value a key result starts from, in its unit, against which its progress towards
    # its target value is measured.
    baselineValue: URIRef
    # The number of items a step handles together before passing them on.
    batchSize: URIRef
    # The business value a work item is expected to deliver, on the relative scale its
    # value stream uses.
    businessValue: URIRef
    # The depth, counting from 1 for the broadest capabilities, of a capability in the
    # capability map.
    capabilityLevel: URIRef
    # The date and time, with its time zone, at which a state change happened.
    changedAt: URIRef
    # Whether a value stream committed to a PI objective (true) or took it on as an
    # uncommitted stretch objective (false).
    committed: URIRef
    # The money a value stream's customers and the organisation lose for each week an item
    # of the stream's work is delayed, in the stream's currency.
    costOfDelayPerWeek: URIRef
    # What one person of a team costs in the team cost's budget period, in its currency.
    costPerPerson: URIRef
    # The date and time, with its time zone, at which a work item was created: the time of
    # its first state change.
    createdAt: URIRef
    # The ISO 4217 alphabetic code of the currency an amount of money is given in.
    currency: URIRef
    # The date and time by which a key result is to reach its target value.
    deadline: URIRef
    # The date and time, with its time zone, at which the planning interval of a PI
    # objective ends.
    dueAt: URIRef
    # A condition, in words, that must hold before work on a value-stream stage starts.
    entranceCriterion: URIRef
    # A condition, in words, that holds when a value-stream stage is done and its value
    # item produced.
    exitCriterion: URIRef
    # The number of people in a team, or in all the teams of a team of teams.
    headcount: URIRef
    # The lead time of a value stream, in minutes, as measured from the trigger to the
    # value delivered, rather than designed from its steps.
    measuredLeadTimeMinutes: URIRef
    # The share, from 0 to 100, of the work a step receives that it can use as it is,
    # without correcting, adding or clarifying anything.
    percentCompleteAccurate: URIRef
    # The instant a budget period ends, itself no longer part of it.
    periodEnd: URIRef
    # The first instant of a budget period.
    periodStart: URIRef
    # The business value that business owners assigned to a PI objective when it was
    # planned, from 1 to 10.
    plannedBusinessValue: URIRef
    # The place, counting from 1, of a step or a value-stream stage in its value stream,
    # or of a stage in its journey.
    position: URIRef
    # The time, in minutes, that people spend actively working on one item in a step.
    processTimeMinutes: URIRef
    # The date and time at which a metric reading was taken.
    readingDate: URIRef
    # The value measured in a metric reading, in the metric's unit.
    readingValue: URIRef
    # The share, from 0 to 100, of the items leaving a step that have to be done again, by
    # the step itself or by the earlier step it sends rework to.
    reworkPercent: URIRef
    # The percentage, from 0 to 100, of a value stream's capacity that a capacity share
    # gives to its flow item type.
    sharePercent: URIRef
    # The value of a metric or of a key result that the organisation aims to reach, in its
    # unit.
    targetValue: URIRef
    # The key by which the tracker identifies a work item.
    trackerKey: URIRef
    # The name of the state of the tracker's workflow that a state change entered, as the
    # tracker calls it.
    trackerStatus: URIRef
    # The unit in which the values of a metric or of a key result are expressed.
    unit: URIRef
    # The time, in minutes, that an item waits before work on it starts in a step.
    waitTimeMinutes: URIRef

    # Individuals
    # The status of an initiative that is under way.
    Active: URIRef
    # The flow state of a work item that someone is working on.
    ActiveState: URIRef
    # The channel in which the customer uses the organisation's mobile or desktop
    # application.
    AppChannel: URIRef
    # The channel in which the customer is served in person at one of the organisation's
    # premises, such as a branch, a store or a counter.
    BranchChannel: URIRef
    # The role of a business leader who shares responsibility for the value a team of
    # teams delivers and agrees its objectives.
    BusinessOwnerRole: URIRef
    # The flow state of a work item that was dropped before it was done.
    CanceledState: URIRef
    # The channel in which the customer exchanges live written messages with the
    # organisation, with a person or a bot.
    ChatChannel: URIRef
    # The status of an initiative that has finished.
    Completed: URIRef
    # The focus of a metric on the value customers receive, such as satisfaction or
    # outcomes.
    CustomerValueFocus: URIRef
    # The flow item type of work that improves the software architecture or operations so
    # that future work flows faster.
    DebtItem: URIRef
    # The focus of a metric on how decisions are made, such as the time a decision takes
    # or where it is made.
    DecisionFocus: URIRef
    # The flow item type of work that fixes a quality problem that customers or the stream
    # itself found.
    DefectItem: URIRef
    # The flow state of a work item whose work is finished and whose value is delivered.
    DoneState: URIRef
    # The channel in which the customer and the organisation write to each other by email.
    EmailChannel: URIRef
    # The flow item type of work that delivers new business value that customers pull.
    FeatureItem: URIRef
    # The focus of a metric on money, such as revenue or cost.
    FinancialFocus: URIRef
    # The focus of a metric on how fast and smoothly work moves through a value stream,
    # such as flow time or hand-offs.
    FlowFocus: URIRef
    # The direction of a metric whose values are better the higher they are.
    HigherIsBetter: URIRef
    # The direction of a metric whose values are better the lower they are.
    LowerIsBetter: URIRef
    # The flow state of a work item that is recorded but on which work has not started.
    NewState: URIRef
    # The channel in which the customer and the organisation speak on the telephone.
    PhoneChannel: URIRef
    # The status of an initiative that has been decided but not started.
    Planned: URIRef
    # The role of the person who owns what a team of teams builds: its vision, roadmap and
    # backlog, in the customers' interest.
    ProductManagerRole: URIRef
    # The role of the person who owns the backlog of one agile team and decides the order
    # of its work.
    ProductOwnerRole: URIRef
    # The focus of a metric on how right the work is, such as defects or rework.
    QualityFocus: URIRef
    # The role of the servant leader and coach who facilitates the events and the flow of
    # an Agile Release Train.
    ReleaseTrainEngineerRole: URIRef
    # The focus of a metric on who is accountable for a result and how well they hold it.
    ResponsibilityFocus: URIRef
    # The flow item type of work that reduces a security, governance or compliance risk.
    RiskItem: URIRef
    # The role of the servant leader and coach who facilitates the events and the flow of
    # a Solution Train.
    SolutionTrainEngineerRole: URIRef
    # The role of the person who defines and communicates the shared technical and
    # architectural vision of a team of teams.
    SystemArchitectRole: URIRef
    # The role of the servant leader who coaches one agile team in its practices and
    # removes what impedes its flow.
    TeamCoachRole: URIRef
    # The role of the person accountable for a value stream's outcomes, its flow and its
    # improvement.
    ValueStreamOwnerRole: URIRef
    # The flow state of a work item whose work has started but which waits, for instance
    # blocked, on hold or waiting for a review.
    WaitingState: URIRef
    # The channel in which the customer uses the organisation's website.
    WebChannel: URIRef
