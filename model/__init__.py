"""Conflict-event extraction: ``EventExtractor`` and the module-level ``predict``.

Example:
    >>> from model import EventExtractor, predict
    >>> ex = EventExtractor.from_pretrained("checkpoints/default", device="auto")   # doctest: +SKIP
    >>> ex.predict("Two drones were shot down over Kyiv.").to_dict()              # doctest: +SKIP
    >>> predict("Two drones were shot down over Kyiv.")   # default checkpoint, loaded once  # doctest: +SKIP
"""

import os
from functools import lru_cache

from model.configuration import EventExtractionConfig
from model.extractor import CheckpointError, EventExtractor
from model.modeling import EventExtractionModel

CHECKPOINT_ENV = "CONFLICT_EVENTS_CHECKPOINT"
DEFAULT_CHECKPOINT = "checkpoints/default"

__all__ = ["CheckpointError", "EventExtractionConfig", "EventExtractionModel", "EventExtractor", "default_extractor", "predict"]


@lru_cache(maxsize=1)
def default_extractor() -> EventExtractor:
    """The extractor of ``$CONFLICT_EVENTS_CHECKPOINT`` (or ``checkpoints/default``), loaded once."""
    return EventExtractor.from_pretrained(os.environ.get(CHECKPOINT_ENV, DEFAULT_CHECKPOINT), device="auto")


def predict(texts, **kwargs):
    """``default_extractor().predict(texts, **kwargs)``."""
    return default_extractor().predict(texts, **kwargs)
