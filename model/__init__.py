"""Conflict-event extraction: ``EventExtractor`` and the module-level ``predict``.

Example:
    >>> from model import EventExtractor
    >>> ex = EventExtractor.from_pretrained("checkpoints/default")   # doctest: +SKIP
    >>> ex.predict("Two drones were shot down over Kyiv.").to_dict()  # doctest: +SKIP
"""

from model.configuration import EventExtractionConfig
from model.extractor import CheckpointError, EventExtractor
from model.modeling import EventExtractionModel

__all__ = ["CheckpointError", "EventExtractionConfig", "EventExtractionModel", "EventExtractor"]
