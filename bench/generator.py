"""A deterministic synthetic portfolio, sized by its number of operational value streams.

The benchmark needs portfolios of 10^4 to 10^6 triples shaped like real ones: customers
with journeys of 4-8 stages, operational value streams of 5-10 steps across teams with work
and wait times, development value streams supporting 1-4 operational ones, 2-3 metrics per
stream with monthly readings, OKRs and themes. The long-history profile of the trend
benchmark (``bench/metric_trends.py``) asks for more readings per metric (``readings``, 36
for three years) and longer streams (``steps``); the defaults give the triples they always
gave. About 2% of the value streams carry one
injected modelling defect, recorded with the findings it must cause
(:meth:`Defect.expected_findings`), so that tests and the benchmark can check that
validation reports exactly those and nothing else.

The portfolio is written as N-Triples text directly: at a million triples, building rdflib
terms first would cost more than everything the benchmark measures.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

VSG = "https://w3id.org/vsgraph#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ORG_UNIT_OF = "<http://www.w3.org/ns/org#unitOf>"
XSD = "http://www.w3.org/2001/XMLSchema#"
BASE = "https://example.org/synthetic/"

#: The kinds of defect the generator injects, each breaking one modelling rule.
DEFECT_KINDS = (
    "ovs-without-interaction",
    "step-without-performer",
    "duplicate-step-position",
    "negative-wait-time",
    "metric-without-unit",
    "key-result-without-objective",
    "missing-label",
)


SHAPES = "https://w3id.org/vsgraph/shapes#"
RDFS_LABEL_IRI = "http://www.w3.org/2000/01/rdf-schema#label"

#: What each kind of defect breaks: (path, shape) of every finding it causes on its focus
#: node. A path of ``None`` is a SPARQL constraint's finding without a path.
EXPECTED_FINDINGS: dict[str, tuple[tuple[str | None, str], ...]] = {
    "ovs-without-interaction": (
        (f"{VSG}hasInteraction", f"{SHAPES}OperationalValueStreamShape-hasInteraction"),
        (None, f"{SHAPES}EnabledCustomerShape"),
    ),
    "step-without-performer": ((f"{VSG}performedBy", f"{SHAPES}StepShape-performedBy"),),
    "duplicate-step-position": ((f"{VSG}hasStep", f"{SHAPES}StepPositionsShape"),),
    "negative-wait-time": ((f"{VSG}waitTimeMinutes", f"{SHAPES}StepShape-waitTimeMinutes"),),
    "metric-without-unit": ((f"{VSG}unit", f"{SHAPES}MetricShape-unit"),),
    "key-result-without-objective": ((f"{VSG}keyResultOf", f"{SHAPES}KeyResultShape-keyResultOf"),),
    "missing-label": ((RDFS_LABEL_IRI, f"{SHAPES}NamedThingShape-label"),),
}


@dataclass(frozen=True)
class Defect:
    """One injected modelling error: what kind, and the node it concerns."""

    kind: str
    focus: str

    def expected_findings(self) -> set[tuple[str, str | None, str]]:
        """The (focus node, path, source shape) of every finding this defect causes."""
        return {(self.focus, path, shape) for path, shape in EXPECTED_FINDINGS[self.kind]}


@dataclass
class SyntheticPortfolio:
    """The generated triples (N-Triples lines) and the defects injected into them."""

    lines: list[str] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)

    def write(self, path: Path) -> Path:
        """Write the portfolio as an N-Triples file and return its path."""
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        return path


def _iri(local: str) -> str:
    return f"<{BASE}{local}>"


def _vsg(term: str) -> str:
    return f"<{VSG}{term}>"


def _label(text: str) -> str:
    return f'"{text}"@en'


def _decimal(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f'"{text}"^^<{XSD}decimal>'


def _integer(value: int) -> str:
    return f'"{value}"^^<{XSD}integer>'


class _Writer:
    """Accumulates triples and remembers injected defects."""

    def __init__(self, seed: int, defect_rate: float, readings: int, steps: tuple[int, int]) -> None:
        self.random = random.Random(seed)
        self.defect_rate = defect_rate
        self.readings = readings
        self.steps = steps
        self.out = SyntheticPortfolio()

    def triple(self, subject: str, predicate: str, obj: str) -> None:
        self.out.lines.append(f"{subject} {predicate} {obj} .")

    def node(self, local: str, kind: str, label: str | None) -> str:
        subject = _iri(local)
        self.triple(subject, RDF_TYPE, _vsg(kind) if ":" not in kind else kind)
        if label is not None:
            self.triple(subject, RDFS_LABEL, _label(label))
        return subject

    def maybe_defect(self) -> str | None:
        """Draw whether this value stream gets a defect, and which."""
        if self.random.random() < self.defect_rate:
            return self.random.choice(DEFECT_KINDS)
        return None

    def record(self, kind: str, focus: str) -> None:
        self.out.defects.append(Defect(kind, focus.strip("<>")))


def generate(
    ovs_count: int,
    seed: int = 42,
    defect_rate: float = 0.02,
    *,
    readings: int = 4,
    steps: tuple[int, int] = (5, 10),
) -> SyntheticPortfolio:
    """Generate a portfolio with ``ovs_count`` operational value streams.

    Each metric has ``readings`` monthly readings from January 2026 on; each stream has
    between ``steps[0]`` and ``steps[1]`` steps. The same arguments always give the same
    triples in the same order.
    """
    if ovs_count < 1:
        raise ValueError("a synthetic portfolio needs at least one operational value stream")
    if readings < 1 or not 1 <= steps[0] <= steps[1]:
        raise ValueError("a synthetic portfolio needs at least one reading per metric and one step per stream")
    w = _Writer(seed, defect_rate, readings, steps)
    organisation = w.node("organisation", "<http://www.w3.org/ns/org#Organization>", "Synthetic Corp")
    teams = [w.node(f"team-{i}", "Team", f"Team {i}") for i in range(max(3, ovs_count // 3))]
    for team in teams:
        w.triple(team, ORG_UNIT_OF, organisation)
    stages_by_customer = _customers_and_journeys(w, max(1, ovs_count // 10))
    internal = w.node("internal-customer", "InternalCustomer", "Operations")
    w.triple(internal, ORG_UNIT_OF, organisation)
    themes = [w.node(f"theme-{i}", "StrategicTheme", f"Theme {i}") for i in range(5)]
    objectives = []
    for i in range(max(1, ovs_count // 5)):
        objective = w.node(f"objective-{i}", "Objective", f"Objective {i}")
        w.triple(objective, _vsg("belongsToTheme"), themes[i % len(themes)])
        objectives.append(objective)

    ovs_nodes = []
    customers = sorted(stages_by_customer)
    for index in range(ovs_count):
        customer = customers[index % len(customers)]
        ovs = _operational_stream(w, index, customer, stages_by_customer[customer], teams)
        ovs_nodes.append(ovs)
        _metrics(w, f"ovs-{index}", ovs, objectives)

    dvs_index, position = 0, 0
    while position < len(ovs_nodes):
        supported = ovs_nodes[position : position + w.random.randint(1, 4)]
        position += len(supported)
        dvs = _development_stream(w, dvs_index, supported, internal, teams)
        _metrics(w, f"dvs-{dvs_index}", dvs, objectives)
        dvs_index += 1
    return w.out


def _customers_and_journeys(w: _Writer, count: int) -> dict[str, list[str]]:
    stages_by_customer: dict[str, list[str]] = {}
    for c in range(count):
        customer = w.node(f"customer-{c}", "ExternalCustomer", f"Customer segment {c}")
        journey = w.node(f"journey-{c}", "CustomerJourney", f"Journey of segment {c}")
        w.triple(journey, _vsg("journeyOf"), customer)
        stages = []
        for s in range(1, w.random.randint(4, 8) + 1):
            stage = w.node(f"journey-{c}-stage-{s}", "JourneyStage", f"Stage {s} of journey {c}")
            w.triple(stage, _vsg("position"), _integer(s))
            w.triple(journey, _vsg("hasStage"), stage)
            stages.append(stage)
        stages_by_customer[customer] = stages
    return stages_by_customer


def _stream_core(w: _Writer, local: str, kind: str, label: str, customer: str, defect: str | None) -> str:
    label_text = None if defect == "missing-label" else label
    stream = w.node(local, kind, label_text)
    if defect == "missing-label":
        w.record(defect, stream)
    trigger = w.node(f"{local}-trigger", "Trigger", f"Need behind {label}")
    value = w.node(f"{local}-value", "Value", f"Value of {label}")
    w.triple(stream, _vsg("hasTrigger"), trigger)
    w.triple(stream, _vsg("deliversValue"), value)
    w.triple(value, _vsg("deliveredTo"), customer)
    return stream


def _steps(w: _Writer, local: str, stream: str, teams: list[str], defect: str | None) -> None:
    count = w.random.randint(*w.steps)
    broken = w.random.randint(1, count)
    for n in range(1, count + 1):
        step = w.node(f"{local}-step-{n}", "Step", f"Step {n} of {local}")
        w.triple(stream, _vsg("hasStep"), step)
        # The last step takes its predecessor's position: a duplicate and no gap, so the
        # defect causes exactly one finding.
        position = n - 1 if defect == "duplicate-step-position" and n == count else n
        w.triple(step, _vsg("position"), _integer(position))
        if not (defect == "step-without-performer" and n == broken):
            w.triple(step, _vsg("performedBy"), w.random.choice(teams))
        else:
            w.record(defect, step)
        wait = round(w.random.uniform(0, 2880), 1)
        if defect == "negative-wait-time" and n == broken:
            wait = -wait - 1
            w.record(defect, step)
        w.triple(step, _vsg("processTimeMinutes"), _decimal(round(w.random.uniform(1, 480), 1)))
        w.triple(step, _vsg("waitTimeMinutes"), _decimal(wait))
        w.triple(step, _vsg("percentCompleteAccurate"), _decimal(round(w.random.uniform(50, 100), 1)))
    if defect == "duplicate-step-position":
        w.record(defect, stream)


def _operational_stream(w: _Writer, index: int, customer: str, stages: list[str], teams: list[str]) -> str:
    local = f"ovs-{index}"
    defect = w.maybe_defect()
    ovs = _stream_core(w, local, "OperationalValueStream", f"Operational stream {index}", customer, defect)
    if defect == "ovs-without-interaction":
        w.record(defect, ovs)
    else:
        interaction = w.node(f"{local}-interaction", "ServiceInteraction", f"Interaction of stream {index}")
        w.triple(ovs, _vsg("hasInteraction"), interaction)
        w.triple(interaction, _vsg("withCustomer"), customer)
    for stage in w.random.sample(stages, k=min(len(stages), w.random.randint(1, 2))):
        w.triple(ovs, _vsg("enablesStage"), stage)
    _steps(w, local, ovs, teams, defect)
    return ovs


def _development_stream(w: _Writer, index: int, supported: list[str], internal: str, teams: list[str]) -> str:
    local = f"dvs-{index}"
    defect = w.maybe_defect()
    if defect == "ovs-without-interaction":
        defect = None  # only operational streams must interact with customers
    dvs = _stream_core(w, local, "DevelopmentValueStream", f"Development stream {index}", internal, defect)
    for ovs in supported:
        w.triple(dvs, _vsg("supports"), ovs)
    _steps(w, local, dvs, teams, defect)
    return dvs


def _metrics(w: _Writer, local: str, stream: str, objectives: list[str]) -> None:
    for m in range(w.random.randint(2, 3)):
        defect = w.maybe_defect() if m == 0 else None
        metric = w.node(f"{local}-metric-{m}", "Metric", f"Metric {m} of {local}")
        w.triple(metric, _vsg("measures"), stream)
        if defect == "metric-without-unit":
            w.record(defect, metric)
        else:
            w.triple(metric, _vsg("unit"), '"minutes"')
        w.triple(metric, _vsg("targetValue"), _decimal(w.random.randint(10, 100)))
        direction = "HigherIsBetter" if w.random.random() < 0.5 else "LowerIsBetter"
        w.triple(metric, _vsg("hasDirection"), _vsg(direction))
        key_result = w.node(f"{local}-metric-{m}-kr", "KeyResult", f"Key result for metric {m} of {local}")
        w.triple(metric, _vsg("alignedWith"), key_result)
        if defect == "key-result-without-objective":
            w.record(defect, key_result)
        else:
            w.triple(key_result, _vsg("keyResultOf"), w.random.choice(objectives))
        for index in range(w.readings):
            month = f"{2026 + index // 12}-{index % 12 + 1:02d}"
            reading = _iri(f"{local}-metric-{m}-{month}")
            w.triple(reading, RDF_TYPE, _vsg("MetricReading"))
            w.triple(metric, _vsg("hasReading"), reading)
            w.triple(reading, _vsg("readingValue"), _decimal(round(w.random.uniform(0, 120), 1)))
            w.triple(reading, _vsg("readingDate"), f'"{month}-28T00:00:00"^^<{XSD}dateTime>')


def ovs_count_for_triples(triples: int, *, readings: int = 4, steps: tuple[int, int] = (5, 10)) -> int:
    """Estimate how many operational value streams give about ``triples`` triples, with
    ``readings`` readings per metric and ``steps`` steps per stream (see :func:`generate`)."""
    sample = generate(200, seed=0, readings=readings, steps=steps)
    per_stream = len(sample.lines) / 200
    return max(1, round(triples / per_stream))


def iter_sizes(spec: str) -> Iterator[int]:
    """Parse sizes like ``10k,100k,1M`` into triple counts."""
    factors = {"k": 1_000, "m": 1_000_000}
    for part in spec.split(","):
        part = part.strip().lower()
        factor = factors.get(part[-1:], 1)
        yield int(float(part.rstrip("km")) * factor)
