"""Evaluation of ``predict()`` output against gold documents.

Span scores come from ``seqeval`` (strict mode, IOB2) over the gold word tokens; triggers
and arguments are also scored as tuples:
- trigger identification (offsets) and classification (offsets + event type);
- argument identification (trigger offsets, argument offsets), classification (+ role),
  and classification with the event type also right.

Usage:
    events-evaluate --checkpoint checkpoints/default --split test --out reports/test

Example:
    >>> from training.evaluate import tuple_scores
    >>> tuple_scores({(0, 4)}, {(0, 4), (5, 9)})
    {'precision': 0.5, 'recall': 1.0, 'f1': 0.6667, 'support': 1}
"""

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from model.extractor import EventExtractor
from model.results import Extraction
from model.schema import ARGUMENT_LABELS, EVENT_TYPES, tag_class
from model.text import tokenize_words
from training.corpus import Document, read_jsonl
from training.stats import sentences_of


def tuple_scores(gold: set, predicted: set) -> dict:
    true_positives = len(gold & predicted)
    precision = true_positives / len(predicted) if predicted else 0.0
    recall = true_positives / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": len(gold)}


def gold_tuples(doc: Document) -> dict[str, set]:
    spans = {s.id: s for s in doc.spans}
    triggers = {(doc.id, s.start, s.end, s.event_type) for s in doc.spans if s.label == "TRIGGER"}
    arguments = {
        (doc.id, spans[r.head].start, spans[r.head].end, spans[r.head].event_type, r.label, spans[r.tail].start, spans[r.tail].end)
        for r in doc.relations
    }
    entities = {(doc.id, s.start, s.end, tag_class(s.label, s.event_type)) for s in doc.spans}
    return {"triggers": triggers, "arguments": arguments, "entities": entities}


def predicted_tuples(doc_id: str, extraction: Extraction) -> dict[str, set]:
    triggers = {(doc_id, e.trigger.start, e.trigger.end, e.type) for e in extraction.events}
    arguments = {
        (doc_id, e.trigger.start, e.trigger.end, e.type, a.role, a.start, a.end) for e in extraction.events for a in e.arguments
    }
    entities = {(doc_id, s.start, s.end, s.label) for s in extraction.entities} | {
        (doc_id, t[1], t[2], t[3]) for t in triggers
    }
    return {"triggers": triggers, "arguments": arguments, "entities": entities}


def _bio(doc: Document, spans: Iterable[tuple]) -> list[list[str]]:
    """Word-level IOB2 tags per sentence for ``(doc, start, end, class)`` spans. Where
    spans overlap (baselines can predict a trigger and an entity on the same words), the
    earlier one is tagged, and of two starting together the longer, then the first class
    by name: the same tags whatever order the spans come in."""
    ordered = sorted(spans, key=lambda t: (t[1], -t[2], t[3]))
    sequences = []
    for start, end in sentences_of(doc):
        words = tokenize_words(doc.text, start, end)
        tags = ["O"] * len(words)
        for _, s, e, name in ordered:
            inside = [i for i, (ws, we) in enumerate(words) if s <= ws and we <= e]
            if inside and all(t == "O" for t in (tags[i] for i in inside)):
                tags[inside[0]] = f"B-{name}"
                for i in inside[1:]:
                    tags[i] = f"I-{name}"
        sequences.append(tags)
    return sequences


def score(documents: list[Document], extractions: list[Extraction]) -> dict:
    """All metrics for predictions on gold documents (same order)."""
    gold = {"triggers": set(), "arguments": set(), "entities": set()}
    predicted = {"triggers": set(), "arguments": set(), "entities": set()}
    gold_tags, predicted_tags = [], []
    for doc, extraction in zip(documents, extractions):
        doc_gold, doc_predicted = gold_tuples(doc), predicted_tuples(doc.id, extraction)
        for key in gold:
            gold[key] |= doc_gold[key]
            predicted[key] |= doc_predicted[key]
        gold_tags += _bio(doc, doc_gold["entities"])
        predicted_tags += _bio(doc, doc_predicted["entities"])
    report = classification_report(gold_tags, predicted_tags, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    per_label = {
        label: {k: round(float(v), 4) for k, v in values.items()} for label, values in report.items()
    }
    argument_only = {t for t in gold["entities"] if t[3] in ARGUMENT_LABELS}
    argument_predicted = {t for t in predicted["entities"] if t[3] in ARGUMENT_LABELS}

    def drop(items, positions):
        return {tuple(v for i, v in enumerate(t) if i not in positions) for t in items}

    return {
        "spans_seqeval": per_label,
        "entity_micro": tuple_scores(argument_only, argument_predicted),
        "trigger_identification": tuple_scores(drop(gold["triggers"], {3}), drop(predicted["triggers"], {3})),
        "trigger_classification": tuple_scores(gold["triggers"], predicted["triggers"]),
        "argument_identification": tuple_scores(drop(gold["arguments"], {3, 4}), drop(predicted["arguments"], {3, 4})),
        "argument_classification": tuple_scores(drop(gold["arguments"], {3}), drop(predicted["arguments"], {3})),
        "argument_classification_with_type": tuple_scores(gold["arguments"], predicted["arguments"]),
        "documents": len(documents),
    }


def evaluate_extractor(extractor: EventExtractor, documents: list[Document], batch_size: int = 32) -> dict:
    extractions = extractor.predict([doc.text for doc in documents], batch_size=batch_size)
    return score(documents, extractions)


def calibrate_trigger_threshold(extractor: EventExtractor, documents: list[Document],
                                candidates=(0.0, 0.5, 0.6, 0.7, 0.8, 0.9)) -> tuple[float, dict[float, float]]:
    """The trigger score threshold with the best trigger classification F1 on ``documents``
    (a development split, never test), and the F1 of every candidate."""
    extractions = extractor.predict([doc.text for doc in documents])
    results = {}
    for threshold in candidates:
        kept = [Extraction(e.text, e.entities, [v for v in e.events if v.trigger.score >= threshold]) for e in extractions]
        results[threshold] = score(documents, kept)["trigger_classification"]["f1"]
    return max(results, key=lambda t: (results[t], -t)), results


def headline(metrics: dict) -> dict:
    """The figures the targets name, as one flat row."""
    seqeval = metrics["spans_seqeval"]
    return {
        "trigger_classification_f1": metrics["trigger_classification"]["f1"],
        "entity_micro_f1": metrics["entity_micro"]["f1"],
        "place_f1": seqeval.get("PLACE", {}).get("f1-score", 0.0),
        "argument_classification_f1": metrics["argument_classification"]["f1"],
        "all_spans_micro_f1": seqeval.get("micro avg", {}).get("f1-score", 0.0),
    }


def markdown_table(rows: dict[str, dict]) -> str:
    """Systems as rows, headline figures as columns."""
    columns = list(next(iter(rows.values())).keys())
    lines = ["| system | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, values in rows.items():
        lines.append(f"| {name} | " + " | ".join(f"{values[c]:.3f}" for c in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate a checkpoint on a split or JSONL file")
    parser.add_argument("--checkpoint", default="checkpoints/default")
    parser.add_argument("--data", default=None, help="JSONL file in the schema (default: data/build/<split>.jsonl)")
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--out", type=Path, default=None, help="write <out>.json and <out>.md")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--baselines", action="store_true", help="also score the spaCy and keyword baselines")
    args = parser.parse_args(argv)
    path = args.data or f"data/build/{args.split}.jsonl"
    documents = [doc for doc, _ in read_jsonl(path)]
    results = {"model": evaluate_extractor(EventExtractor.from_pretrained(args.checkpoint, args.device), documents)}
    if args.baselines:
        from training.baselines import KeywordBaseline, SpacyBaseline

        train_docs = [doc for doc, _ in read_jsonl(Path(path).with_name("train.jsonl"))]
        spacy_baseline = SpacyBaseline()
        keyword_baseline = KeywordBaseline(KeywordBaseline.from_documents(train_docs).lexicon, spacy_baseline)
        for name, baseline in (("spaCy en_core_web_sm", spacy_baseline), ("keyword matcher + co-occurrence", keyword_baseline)):
            results[name] = score(documents, baseline.predict([d.text for d in documents]))
    table = markdown_table({name: headline(metrics) for name, metrics in results.items()})
    print(f"{path}: {len(documents)} documents\n{table}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{args.out}.json").write_text(json.dumps({"data": str(path), "results": results}, indent=2))
        Path(f"{args.out}.md").write_text(f"Evaluation on `{path}` ({len(documents)} documents)\n\n{table}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
