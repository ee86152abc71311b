"""Conflict-event extraction: ``EventExtractor`` and the module-level ``predict``.

Heavy modules (torch, transformers) load on first use, so light tools such as the
validator import ``model.schema`` quickly.

Example:
    >>> from model import EventExtractor, predict
    >>> ex = EventExtractor.from_pretrained("checkpoints/default", device="auto")   # doctest: +SKIP
    >>> ex.predict("Two drones were shot down over Kyiv.").to_dict()              # doctest: +SKIP
    >>> predict("Two drones were shot down over Kyiv.")   # default checkpoint, loaded once  # doctest: +SKIP
"""

import os
from functools import lru_cache
from importlib import import_module

CHECKPOINT_ENV = "CONFLICT_EVENTS_CHECKPOINT"
DEFAULT_CHECKPOINT = "checkpoints/default"
_LAZY = {
    "EventExtractor": "model.extractor",
    "CheckpointError": "model.extractor",
    "EventExtractionModel": "model.modeling",
    "EventExtractionConfig": "model.configuration",
}

__all__ = [*_LAZY, "default_extractor", "predict"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")


@lru_cache(maxsize=1)
def default_extractor():
    """The extractor of ``$CONFLICT_EVENTS_CHECKPOINT`` (or ``checkpoints/default``), loaded once."""
    from model.extractor import EventExtractor

    return EventExtractor.from_pretrained(os.environ.get(CHECKPOINT_ENV, DEFAULT_CHECKPOINT), device="auto")


def predict(texts, **kwargs):
    """``default_extractor().predict(texts, **kwargs)``."""
    return default_extractor().predict(texts, **kwargs)
