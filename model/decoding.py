"""Constrained decoding: IOB2 tags that are always valid, spans with scores, candidate pairs.

Example:
    >>> import torch
    >>> from model.decoding import viterbi_tags, tags_to_spans
    >>> names = ["O", "B-PLACE", "I-PLACE"]
    >>> log_probs = torch.log(torch.tensor([[0.1, 0.2, 0.7], [0.1, 0.1, 0.8]]))  # I-PLACE first: invalid
    >>> tags = viterbi_tags(log_probs, names); [names[t] for t in tags]
    ['B-PLACE', 'I-PLACE']
    >>> tags_to_spans(tags, names)
    [(0, 2, 'PLACE')]
"""

from functools import lru_cache

import numpy as np

BLOCKED = -1e9


@lru_cache(maxsize=8)
def _transitions(tag_names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Scores (0 allowed, -inf-like blocked) of start tags and ``[previous, next]`` IOB2 transitions."""
    start = np.array([0.0 if not name.startswith("I-") else BLOCKED for name in tag_names])
    transition = np.zeros((len(tag_names), len(tag_names)))
    for j, name in enumerate(tag_names):
        if name.startswith("I-"):
            for i, previous in enumerate(tag_names):
                if not (previous[2:] == name[2:] and previous != "O"):
                    transition[i, j] = BLOCKED
    return start, transition


def viterbi_tags(log_probs, tag_names: list[str] | tuple[str, ...]) -> list[int]:
    """The most probable valid IOB2 tag sequence for ``[words, tags]`` log-probabilities
    (a tensor or array; NumPy keeps the small per-word steps cheap)."""
    log_probs = np.asarray(log_probs, dtype=np.float64)
    if log_probs.shape[0] == 0:
        return []
    start, transition = _transitions(tuple(tag_names))
    score = start + log_probs[0]
    backpointers = []
    for position in range(1, log_probs.shape[0]):
        candidates = score[:, None] + transition
        best_previous = candidates.argmax(axis=0)
        score = candidates[best_previous, np.arange(len(score))] + log_probs[position]
        backpointers.append(best_previous)
    best = [int(score.argmax())]
    for pointers in reversed(backpointers):
        best.append(int(pointers[best[-1]]))
    return best[::-1]


def tags_to_spans(tags: list[int], tag_names: list[str] | tuple[str, ...]) -> list[tuple[int, int, str]]:
    """``(start word, end word exclusive, class)`` for each span of a valid IOB2 sequence."""
    spans, open_span = [], None
    for position, tag in enumerate(tags):
        name = tag_names[tag]
        if open_span and not (name.startswith("I-") and name[2:] == open_span[2]):
            spans.append(tuple(open_span))
            open_span = None
        if name.startswith("B-"):
            open_span = [position, position + 1, name[2:]]
        elif name.startswith("I-") and open_span:
            open_span[1] = position + 1
    if open_span:
        spans.append(tuple(open_span))
    return spans


COORDINATORS = frozenset({"and", "or"})


def merge_triggers(spans: list[tuple], words: list[str], trigger_classes) -> list[tuple]:
    """Join triggers of one event type that follow each other directly ("air" + "strikes")
    or across a single "and"/"or" ("killed and wounded"): the guide marks them as one
    trigger. A joined span's score (4th item) is the mean of the two.

    Example:
        >>> merge_triggers([(0, 1, "CASUALTY", 0.9), (2, 3, "CASUALTY", 0.7)], ["killed", "and", "wounded"], {"CASUALTY"})
        [(0, 3, 'CASUALTY', 0.8)]
    """
    merged = []
    for span in sorted(spans, key=lambda s: s[0]):
        if merged and span[2] in trigger_classes and merged[-1][2] == span[2]:
            previous = merged[-1]
            between = [word.lower() for word in words[previous[1] : span[0]]]
            if not between or (len(between) == 1 and between[0] in COORDINATORS):
                merged[-1] = (previous[0], span[1], span[2], *[round((x + y) / 2, 6) for x, y in zip(previous[3:], span[3:])])
                continue
        merged.append(tuple(span))
    return merged


def candidate_pairs(spans: list[tuple[int, int, str]], trigger_classes, argument_classes) -> list[tuple[int, int]]:
    """Index pairs (trigger span, argument span) to score."""
    triggers = [i for i, s in enumerate(spans) if s[2] in trigger_classes]
    arguments = [i for i, s in enumerate(spans) if s[2] in argument_classes]
    return [(t, a) for t in triggers for a in arguments]
