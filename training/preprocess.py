"""Sentence examples -> model windows with tag ids and labelled (trigger, argument) pairs.

Gold spans give the candidate pairs during training: every trigger with every argument of
the window, labelled with its role or ``none``.

Example:
    >>> from training.preprocess import example_windows          # doctest: +SKIP
    >>> example_windows(example, tokenizer, config)              # doctest: +SKIP
    [{'input_ids': [...], 'word_index': [...], 'tag_ids': [...], 'pairs': [...], 'pair_labels': [...]}]
"""

from model.decoding import candidate_pairs
from model.features import encode_words
from model.schema import ARGUMENT_LABELS, EVENT_TYPES, NO_RELATION


def example_windows(example: dict, tokenizer, config) -> list[dict]:
    """Training features of one sentence example (one per window of the sentence)."""
    tag_id = {name: i for i, name in enumerate(config.tag_names)}
    class_id = {name: i for i, name in enumerate(config.tag_classes)}
    role_id = {name: i for i, name in enumerate(config.relation_classes)}
    gold_roles = {(r["head"], r["tail"]): r["role"] for r in example["relations"]}
    features = []
    for window in encode_words(tokenizer, example["words"], config.window_size):
        first, count = window["first_word"], len(window["word_index"])
        inside = [i for i, s in enumerate(example["spans"]) if first <= s["start"] and s["end"] <= first + count]
        local = [(example["spans"][i]["start"] - first, example["spans"][i]["end"] - first, example["spans"][i]["label"]) for i in inside]
        pairs, labels = [], []
        for t, a in candidate_pairs(local, EVENT_TYPES, ARGUMENT_LABELS):
            (hs, he, hc), (ts, te, tc) = local[t], local[a]
            pairs.append([hs, he, ts, te, class_id[hc], class_id[tc]])
            labels.append(role_id[gold_roles.get((inside[t], inside[a]), NO_RELATION)])
        features.append({
            **window,
            "tag_ids": [tag_id[t] for t in _window_tags(example["tags"][first : first + count])],
            "pairs": pairs,
            "pair_labels": labels,
        })
    return features


def _window_tags(tags: list[str]) -> list[str]:
    """A window cut inside a span starts it again with ``B-`` so the tags stay valid."""
    if tags and tags[0].startswith("I-"):
        tags = ["B-" + tags[0][2:]] + tags[1:]
    return tags
