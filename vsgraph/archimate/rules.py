"""Which ArchiMate 3.2 relationships may join two element types, for the types vsgraph writes.

An exchange file whose relationships the standard forbids is refused or "repaired" by the
tools that open it (Archi drops them with a warning), so the writer asks :func:`allowed`
before it writes a relationship and falls back to an association otherwise. The letters
are those of Archi's relationship table (``com.archimatetool.model/model/relationships.xml``,
ArchiMate 3.2, MIT licence), one letter per relationship type, transcribed for the pairs
of element types vsgraph writes (and the business functions an import may bring); a pair
that is not listed allows nothing but an association (the table allows it between every
pair of these types).
"""

from __future__ import annotations

#: The letter Archi's table uses for each relationship type.
LETTERS: dict[str, str] = {
    "Access": "a",
    "Composition": "c",
    "Flow": "f",
    "Aggregation": "g",
    "Assignment": "i",
    "Influence": "n",
    "Association": "o",
    "Realization": "r",
    "Specialization": "s",
    "Triggering": "t",
    "Serving": "v",
}

#: ``(source type, target type) -> letters`` from Archi's table, for the pairs vsgraph writes.
_TABLE: dict[tuple[str, str], str] = {
    ("ValueStream", "ValueStream"): "cfgostv",
    ("ValueStream", "Capability"): "fotv",
    ("ValueStream", "BusinessProcess"): "o",
    ("ValueStream", "BusinessActor"): "o",
    ("ValueStream", "BusinessRole"): "o",
    ("ValueStream", "ApplicationComponent"): "o",
    ("ValueStream", "Product"): "o",
    ("ValueStream", "BusinessService"): "o",
    ("ValueStream", "BusinessEvent"): "o",
    ("ValueStream", "BusinessInteraction"): "o",
    ("ValueStream", "Value"): "no",
    ("BusinessProcess", "ValueStream"): "or",
    ("BusinessProcess", "BusinessProcess"): "cfgostv",
    ("BusinessProcess", "BusinessActor"): "fotv",
    ("BusinessProcess", "Capability"): "or",
    ("BusinessProcess", "BusinessFunction"): "cfgotv",
    ("BusinessFunction", "BusinessProcess"): "cfgotv",
    ("BusinessFunction", "BusinessFunction"): "cfgostv",
    ("BusinessFunction", "ValueStream"): "or",
    ("BusinessFunction", "Capability"): "or",
    ("BusinessActor", "BusinessActor"): "cfgostv",
    ("BusinessActor", "BusinessFunction"): "fiotv",
    ("BusinessRole", "BusinessFunction"): "fiotv",
    ("BusinessActor", "BusinessProcess"): "fiotv",
    ("BusinessRole", "BusinessProcess"): "fiotv",
    ("BusinessRole", "BusinessActor"): "fotv",
    ("BusinessActor", "BusinessRole"): "fiotv",
    ("BusinessInteraction", "BusinessActor"): "fotv",
    ("BusinessInteraction", "BusinessProcess"): "cfgotv",
    ("Capability", "Capability"): "cfgostv",
    ("Capability", "ValueStream"): "fotv",
    ("ApplicationComponent", "Capability"): "or",
    ("Value", "BusinessActor"): "o",
    ("Value", "ValueStream"): "o",
    ("WorkPackage", "ValueStream"): "or",
    ("Assessment", "Assessment"): "cgnos",
    ("Assessment", "Outcome"): "no",
    ("Assessment", "ValueStream"): "o",
    ("Outcome", "Goal"): "nor",
    ("Goal", "Goal"): "cgnos",
}


def allowed(relationship: str, source: str, target: str) -> bool:
    """Whether ArchiMate 3.2 allows ``relationship`` from a ``source`` to a ``target`` element."""
    letters = _TABLE.get((source, target), LETTERS["Association"])
    return LETTERS[relationship] in letters
