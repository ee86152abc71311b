"""What ``predict()`` returns: entities and events with exact character offsets and scores.

Example:
    >>> from model.results import Entity, Extraction
    >>> r = Extraction(text="Kyiv", entities=[Entity(0, 4, "PLACE", "Kyiv", 0.98)], events=[])
    >>> r.to_dict()["entities"][0]["text"]
    'Kyiv'
"""

from dataclasses import asdict, dataclass, field


@dataclass
class Entity:
    start: int
    end: int
    label: str
    text: str
    score: float


@dataclass
class Trigger:
    start: int
    end: int
    text: str
    score: float


@dataclass
class Argument:
    role: str
    label: str
    start: int
    end: int
    text: str
    score: float


@dataclass
class Event:
    type: str
    trigger: Trigger
    arguments: list[Argument]
    sentence: dict

    def summary(self) -> dict:
        """A flat row for tables: type, trigger, quantity, places, weapon, time, source."""
        def texts(role):
            return [a.text for a in self.arguments if a.role == role]

        return {
            "type": self.type,
            "trigger": self.trigger.text,
            "quantity": "; ".join(texts("quantity")) or None,
            "places": "; ".join(texts("place")) or None,
            "weapon": "; ".join(texts("weapon")) or None,
            "time": "; ".join(texts("time")) or None,
            "source": "; ".join(texts("source")) or None,
        }


@dataclass
class Extraction:
    text: str
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
