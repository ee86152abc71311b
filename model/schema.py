"""The label schema shared by data, training and inference.

Example:
    >>> from model.schema import ROLE_FOR_LABEL, bio_tags
    >>> ROLE_FOR_LABEL["PLACE"]
    'place'
    >>> bio_tags()[:3]
    ['O', 'B-INTERCEPT', 'I-INTERCEPT']
"""

EVENT_TYPES = ("INTERCEPT", "ATTACK", "DAMAGE", "CASUALTY", "DISRUPTION")
ARGUMENT_LABELS = ("PLACE", "QUANTITY", "SOURCE", "WEAPON", "TIME")
SPAN_LABELS = ("TRIGGER",) + ARGUMENT_LABELS
ROLE_FOR_LABEL = {
    "QUANTITY": "quantity",
    "PLACE": "place",
    "SOURCE": "source",
    "WEAPON": "weapon",
    "TIME": "time",
}
LABEL_FOR_ROLE = {role: label for label, role in ROLE_FOR_LABEL.items()}
ROLES = tuple(ROLE_FOR_LABEL.values())
NO_RELATION = "none"
RELATION_CLASSES = (NO_RELATION,) + ROLES

# Tagging classes: an event type stands for a TRIGGER of that type.
TAG_CLASSES = EVENT_TYPES + ARGUMENT_LABELS


def tag_class(label: str, event_type: str | None) -> str:
    """The tagging class of a span: its event type for triggers, else its label."""
    return event_type if label == "TRIGGER" else label


def bio_tags(classes: tuple[str, ...] = TAG_CLASSES) -> list[str]:
    """All IOB2 tags, ``O`` first, then ``B-X``/``I-X`` for each class."""
    tags = ["O"]
    for name in classes:
        tags += [f"B-{name}", f"I-{name}"]
    return tags
