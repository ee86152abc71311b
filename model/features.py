"""Words -> encoder inputs: sub-word ids, first-sub-word index per word, word shapes; batching.

Example:
    >>> from model.features import word_shape
    >>> [word_shape(w) for w in ["drones", "Kyiv", "UAV", "25", ","]]
    [1, 2, 3, 4, 5]
"""

import torch

SHAPES = ("pad", "lower", "capitalised", "upper", "number", "punctuation", "other")
SHAPE_COUNT = len(SHAPES)


def word_shape(word: str) -> int:
    """A small casing/shape class the uncased encoder cannot see."""
    if any(c.isdigit() for c in word):
        return 4
    if not any(c.isalpha() for c in word):
        return 5
    if word.islower():
        return 1
    if word.isupper() and len(word) > 1:
        return 3
    if word[0].isupper():
        return 2
    return 6


def encode_words(tokenizer, words: list[str], max_length: int) -> list[dict]:
    """Encoder inputs for a word sequence, split into windows of at most ``max_length``
    sub-words. Each window: ``input_ids``, ``word_index`` (first sub-word of each word),
    ``shape_ids`` (``word_shape`` of each word) and ``first_word`` (index of its first word). A word the tokenizer drops
    (e.g. a lone zero-width character) is fed as the unknown token, so no word is lost."""
    per_word = _pieces_per_word(tokenizer, words)
    budget = max_length - 2
    windows, start = [], 0
    while start < len(words):
        end, used = start, 0
        while end < len(words) and (used + len(per_word[end]) <= budget or end == start):
            used += len(per_word[end])
            end += 1
        ids, word_index = [tokenizer.cls_token_id], []
        for word_pieces in per_word[start:end]:
            word_index.append(len(ids))
            ids += word_pieces[:budget]  # only a single word longer than a window is cut
        ids.append(tokenizer.sep_token_id)
        windows.append({"input_ids": ids, "word_index": word_index, "first_word": start,
                        "shape_ids": [word_shape(w) for w in words[start:end]]})
        start = end
    return windows


def _pieces_per_word(tokenizer, words: list[str]) -> list[list[int]]:
    encoded = tokenizer(words, is_split_into_words=True, add_special_tokens=False)
    per_word: list[list[int]] = [[] for _ in words]
    for position, word_id in enumerate(encoded.word_ids()):
        if word_id is not None:
            per_word[word_id].append(encoded["input_ids"][position])
    return [pieces or [tokenizer.unk_token_id] for pieces in per_word]


def collate(features: list[dict], pad_token_id: int = 0) -> dict[str, torch.Tensor]:
    """Pad a list of window features into tensors (labels padded with -100)."""
    longest = max(len(f["input_ids"]) for f in features)
    most_words = max(max(len(f["word_index"]) for f in features), 1)
    most_pairs = max(max((len(f.get("pairs", [])) for f in features), default=0), 1)
    batch = {
        "input_ids": torch.full((len(features), longest), pad_token_id, dtype=torch.long),
        "attention_mask": torch.zeros((len(features), longest), dtype=torch.long),
        "word_index": torch.zeros((len(features), most_words), dtype=torch.long),
        "word_mask": torch.zeros((len(features), most_words), dtype=torch.bool),
        "shape_ids": torch.zeros((len(features), most_words), dtype=torch.long),
        "pairs": torch.zeros((len(features), most_pairs, 6), dtype=torch.long),
        "pair_mask": torch.zeros((len(features), most_pairs), dtype=torch.bool),
    }
    has_labels = "tag_ids" in features[0]
    if has_labels:
        batch["tag_labels"] = torch.full((len(features), most_words), -100, dtype=torch.long)
        batch["pair_labels"] = torch.full((len(features), most_pairs), -100, dtype=torch.long)
    for row, feature in enumerate(features):
        n_ids, n_words = len(feature["input_ids"]), len(feature["word_index"])
        batch["input_ids"][row, :n_ids] = torch.tensor(feature["input_ids"])
        batch["attention_mask"][row, :n_ids] = 1
        batch["word_index"][row, :n_words] = torch.tensor(feature["word_index"], dtype=torch.long)
        batch["word_mask"][row, :n_words] = True
        batch["shape_ids"][row, :n_words] = torch.tensor(feature["shape_ids"], dtype=torch.long)
        pairs = feature.get("pairs", [])
        if pairs:
            batch["pairs"][row, : len(pairs)] = torch.tensor(pairs, dtype=torch.long)
            batch["pair_mask"][row, : len(pairs)] = True
        if has_labels:
            batch["tag_labels"][row, :n_words] = torch.tensor(feature["tag_ids"], dtype=torch.long)
            if pairs:
                batch["pair_labels"][row, : len(pairs)] = torch.tensor(feature["pair_labels"], dtype=torch.long)
    return batch
