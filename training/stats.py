"""Corpus statistics: documents, sentences, spans, triggers, relations, sources, per split.

Usage:
    events-stats data/build/train.jsonl data/build/dev.jsonl data/build/test.jsonl
    events-stats data/authored/*.txt --json

JSONL files named after a split (train/dev/test) are reported per split; all other files
are pooled under "all".

Example:
    >>> from training.stats import corpus_stats
    >>> from training.corpus import Document
    >>> corpus_stats([Document(id="d", text="Quiet day.", spans=[], relations=[])])["documents"]
    1
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from model.schema import ARGUMENT_LABELS, EVENT_TYPES, ROLES
from model.text import split_sentences
from training.corpus import Document
from training.validate import load_documents

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
    "thousand thousands million dozen dozens"
).split()
SHAPE_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
SHAPE_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")


def sentence_shape(sentence: str) -> str:
    """A sentence with numbers and capitalised words replaced: equal shapes mean template-like text."""
    shape = SHAPE_NUMBER.sub("<num>", sentence)
    return SHAPE_CAPITALISED.sub("<Cap>", shape).lower()


def sentences_of(doc: Document) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.sentences] if doc.sentences is not None else split_sentences(doc.text)


def corpus_stats(documents: list[Document]) -> dict:
    """Counts for one group of documents."""
    spans = Counter(s.label for d in documents for s in d.spans)
    triggers = Counter(s.event_type for d in documents for s in d.spans if s.label == "TRIGGER")
    relations = Counter(r.label for d in documents for r in d.relations)
    trigger_strings = {d.span_text(s).lower() for d in documents for s in d.spans if s.label == "TRIGGER"}
    by_source = Counter(d.source or "unknown" for d in documents)
    return {
        "documents": len(documents),
        "sentences": sum(len(sentences_of(d)) for d in documents),
        "spans": {label: spans[label] for label in ("TRIGGER",) + ARGUMENT_LABELS},
        "triggers": {event_type: triggers[event_type] for event_type in EVENT_TYPES},
        "relations": {role: relations[role] for role in ROLES},
        "distinct_trigger_strings": len(trigger_strings),
        "documents_by_source": dict(sorted(by_source.items())),
        "sentences_by_source": dict(
            sorted(Counter(d.source or "unknown" for d in documents for _ in sentences_of(d)).items())
        ),
    }


def shared_shape_rate(documents: list[Document]) -> float:
    """Share of authored sentences whose shape also occurs in another authored sentence."""
    shapes = [
        sentence_shape(d.text[s:e]) for d in documents if d.source == "authored" for s, e in sentences_of(d)
    ]
    counts = Counter(shapes)
    return sum(1 for shape in shapes if counts[shape] > 1) / len(shapes) if shapes else 0.0


def grouped_stats(paths: list[str]) -> dict:
    """Statistics per split (or 'all'), plus the total and the template-likeness measure."""
    groups: dict[str, list[Document]] = {}
    for path in paths:
        documents, errors = load_documents(path)
        if errors:
            raise SystemExit("\n".join(str(e) for e in errors))
        name = Path(path).stem if Path(path).stem in ("train", "dev", "test") else "all"
        groups.setdefault(name, []).extend(doc for doc, _ in documents)
    everything = [doc for docs in groups.values() for doc in docs]
    report = {name: corpus_stats(docs) for name, docs in groups.items()}
    if len(groups) > 1:
        report["total"] = corpus_stats(everything)
    total = report.get("total", next(iter(report.values()), {}))
    for name in report:
        if isinstance(report[name], dict):
            report[name]["share_of_documents"] = round(report[name]["documents"] / max(1, total["documents"]), 3)
    report["authored_shared_shape_rate"] = round(shared_shape_rate(everything), 4)
    return report


def format_report(report: dict) -> str:
    """A plain-text table of the report, one column per group."""
    groups = [name for name, value in report.items() if isinstance(value, dict)]
    rows = [("", groups)]

    def add(title, key, sub=None):
        rows.append((title, [report[g][key] if sub is None else report[g][key].get(sub, 0) for g in groups]))

    add("documents", "documents")
    add("share of documents", "share_of_documents")
    add("sentences", "sentences")
    for label in report[groups[0]]["spans"]:
        add(f"spans {label}", "spans", label)
    for event_type in EVENT_TYPES:
        add(f"triggers {event_type}", "triggers", event_type)
    for role in ROLES:
        add(f"relations {role}", "relations", role)
    add("distinct trigger strings", "distinct_trigger_strings")
    sources = sorted({s for g in groups for s in report[g]["documents_by_source"]})
    for source in sources:
        add(f"documents {source}", "documents_by_source", source)
    for source in sources:
        add(f"sentences {source}", "sentences_by_source", source)
    width = max(len(title) for title, _ in rows) + 2
    lines = [title.ljust(width) + "".join(f"{v!s:>10}" for v in values) for title, values in rows]
    lines.append(f"authored sentences sharing a shape with another: {report['authored_shared_shape_rate']:.2%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="markup (.txt) or JSONL files")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    report = grouped_stats(args.files)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
