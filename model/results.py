"""What ``predict()`` returns: entities and events with exact character offsets and scores.

QUANTITY spans carry ``value``, ``min``, ``max``, ``approximate`` and ``qualifier``; TIME
spans carry ``normalized`` (ISO value and precision, or None without a document date).

Example:
    >>> from model.results import Entity, Extraction
    >>> r = Extraction(text="Kyiv", entities=[Entity(0, 4, "PLACE", "Kyiv", 0.98)], events=[])
    >>> r.to_dict()["entities"][0]
    {'start': 0, 'end': 4, 'label': 'PLACE', 'text': 'Kyiv', 'score': 0.98}
"""

from dataclasses import dataclass, field


@dataclass
class Entity:
    start: int
    end: int
    label: str
    text: str
    score: float
    attributes: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text, "score": self.score,
                **self.attributes}


@dataclass
class Trigger:
    start: int
    end: int
    text: str
    score: float

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "score": self.score}


@dataclass
class Argument(Entity):
    """An entity in its role for one event."""

    role: str = ""

    def to_dict(self) -> dict:
        return {"role": self.role, **super().to_dict()}


@dataclass
class Event:
    type: str
    trigger: Trigger
    arguments: list[Argument]
    sentence: dict

    def summary(self) -> dict:
        """A flat row for tables: type, trigger, quantity value, places, weapon, time, source."""
        def texts(role):
            return "; ".join(a.text for a in self.arguments if a.role == role) or None

        quantities = [a.attributes.get("value") for a in self.arguments if a.role == "quantity"]
        times = [a.attributes.get("normalized") for a in self.arguments if a.role == "time"]
        return {
            "type": self.type,
            "trigger": self.trigger.text,
            "quantity": texts("quantity"),
            "quantity_value": next((q for q in quantities if q is not None), None),
            "places": texts("place"),
            "weapon": texts("weapon"),
            "time": texts("time"),
            "time_value": next((t["value"] for t in times if t), None),
            "source": texts("source"),
        }

    def to_dict(self) -> dict:
        return {"type": self.type, "trigger": self.trigger.to_dict(), "arguments": [a.to_dict() for a in self.arguments],
                "sentence": dict(self.sentence), "summary": self.summary()}


@dataclass
class Extraction:
    text: str
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "entities": [e.to_dict() for e in self.entities],
                "events": [e.to_dict() for e in self.events]}

    def to_html(self) -> str:
        """The text with triggers and arguments highlighted, plus an event table (for notebooks)."""
        from model.render import render_html

        return render_html(self)

    _repr_html_ = to_html
