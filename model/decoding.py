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

import torch


@lru_cache(maxsize=8)
def _transitions(tag_names: tuple[str, ...]) -> tuple[torch.Tensor, torch.Tensor]:
    """Allowed start tags and allowed ``[previous, next]`` transitions of IOB2."""
    size = len(tag_names)
    start = torch.tensor([not name.startswith("I-") for name in tag_names])
    allowed = torch.ones(size, size, dtype=torch.bool)
    for j, name in enumerate(tag_names):
        if name.startswith("I-"):
            for i, previous in enumerate(tag_names):
                allowed[i, j] = previous[2:] == name[2:] and previous != "O"
    return start, allowed


def viterbi_tags(log_probs: torch.Tensor, tag_names: list[str] | tuple[str, ...]) -> list[int]:
    """The most probable valid IOB2 tag sequence for ``[words, tags]`` log-probabilities."""
    if log_probs.size(0) == 0:
        return []
    start, allowed = _transitions(tuple(tag_names))
    blocked = torch.finfo(log_probs.dtype).min / 4
    transition = torch.where(allowed, 0.0, blocked).to(log_probs)
    score = torch.where(start, log_probs[0], torch.tensor(blocked, dtype=log_probs.dtype))
    backpointers = []
    for position in range(1, log_probs.size(0)):
        candidates = score.unsqueeze(1) + transition
        score, best_previous = candidates.max(dim=0)
        score = score + log_probs[position]
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


def candidate_pairs(spans: list[tuple[int, int, str]], trigger_classes, argument_classes) -> list[tuple[int, int]]:
    """Index pairs (trigger span, argument span) to score."""
    triggers = [i for i, s in enumerate(spans) if s[2] in trigger_classes]
    arguments = [i for i, s in enumerate(spans) if s[2] in argument_classes]
    return [(t, a) for t in triggers for a in arguments]
