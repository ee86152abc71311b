"""Documents -> sentence examples (word tokens, IOB2 tags, spans, relation pairs) -> ``datasets``.

Each example is one sentence: its words with absolute character offsets, the IOB2 tag of
each word (tag classes: the five event types for triggers, the five argument labels), the
gold spans in word indices and the gold relations as indices into those spans.

Example:
    >>> from training.dataset import sentence_examples
    >>> from training.markup import compile_markup
    >>> doc = compile_markup("@doc d\\n[Two|QUANTITY>e1] [died|CASUALTY#e1].")[0][0]
    >>> ex = sentence_examples(doc)[0]
    >>> ex["words"], ex["tags"], ex["relations"]
    (['Two', 'died', '.'], ['B-QUANTITY', 'B-CASUALTY', 'O'], [{'head': 1, 'tail': 0, 'role': 'quantity'}])
"""

from pathlib import Path

from datasets import Dataset, DatasetDict

from model.schema import tag_class
from model.text import tokenize_words
from training.corpus import Document, read_jsonl
from training.stats import sentences_of


def sentence_examples(doc: Document) -> list[dict]:
    """One example per sentence of the document."""
    examples = []
    for start, end in sentences_of(doc):
        offsets = tokenize_words(doc.text, start, end)
        first_word = {s: i for i, (s, _) in enumerate(offsets)}
        last_word = {e: i for i, (_, e) in enumerate(offsets)}
        tags = ["O"] * len(offsets)
        spans, index_of = [], {}
        for span in sorted((s for s in doc.spans if start <= s.start and s.end <= end), key=lambda s: s.start):
            if span.start not in first_word or span.end not in last_word:
                raise ValueError(f"{doc.id}: span {span.id} is not on word boundaries")
            first, last = first_word[span.start], last_word[span.end]
            name = tag_class(span.label, span.event_type)
            tags[first : last + 1] = [f"B-{name}"] + [f"I-{name}"] * (last - first)
            index_of[span.id] = len(spans)
            spans.append({"start": first, "end": last + 1, "label": name})
        relations = [
            {"head": index_of[r.head], "tail": index_of[r.tail], "role": r.label}
            for r in doc.relations
            if r.head in index_of and r.tail in index_of
        ]
        examples.append({
            "doc_id": doc.id,
            "text": doc.text[start:end],
            "sentence_start": start,
            "words": [doc.text[s:e] for s, e in offsets],
            "word_starts": [s for s, _ in offsets],
            "word_ends": [e for _, e in offsets],
            "tags": tags,
            "spans": spans,
            "relations": relations,
        })
    return examples


def documents_to_dataset(documents: list[Document]) -> Dataset:
    rows = [example for doc in documents for example in sentence_examples(doc)]
    return Dataset.from_list(rows) if rows else Dataset.from_dict({})


def load_corpus(build_dir: str | Path, splits: tuple[str, ...] = ("train", "dev", "test")) -> DatasetDict:
    """The built corpus as a ``DatasetDict`` of sentence examples, one entry per split."""
    build_dir = Path(build_dir)
    return DatasetDict({
        split: documents_to_dataset([doc for doc, _ in read_jsonl(build_dir / f"{split}.jsonl")])
        for split in splits
    })
