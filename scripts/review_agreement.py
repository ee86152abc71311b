"""How often the second annotator (reviewer) disagreed with the writer, before resolution.

Compares each writer snapshot in ``data/reviews/before/`` with the reviewed file of the same
name in ``data/authored/``, and the re3d standoff records before review
(``data/reviews/before_re3d/``) with the current ones (``data/re3d/``): spans as (offsets,
label, event type), relations as (trigger offsets, role, argument offsets). Prints per-file
and overall figures as JSON.

Usage:
    python scripts/review_agreement.py [--before data/reviews/before] [--after data/authored]
"""

import argparse
import json
from pathlib import Path

from training.markup import compile_markup
from training.re3d import DEFAULT_RE3D_DIR, annotated_documents


def annotations(path: Path) -> dict[str, tuple[set, set, str]]:
    documents, errors = compile_markup(path.read_text(encoding="utf-8"), path)
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    return tuples(documents)


def tuples(documents) -> dict[str, tuple[set, set, str]]:
    result = {}
    for doc in documents:
        spans = {(s.start, s.end, s.label, s.event_type) for s in doc.spans}
        by_id = {s.id: s for s in doc.spans}
        relations = {(by_id[r.head].start, by_id[r.head].end, r.label, by_id[r.tail].start, by_id[r.tail].end) for r in doc.relations}
        result[doc.id] = (spans, relations, doc.text)
    return result


def compare(first: dict, second: dict) -> dict:
    counts = {"documents": 0, "documents_changed": 0, "text_changed": 0, "spans_union": 0, "spans_disagreed": 0,
              "relations_union": 0, "relations_disagreed": 0}
    for doc_id, (spans, relations, text) in first.items():
        if doc_id not in second:
            continue
        spans2, relations2, text2 = second[doc_id]
        counts["documents"] += 1
        if text != text2:
            counts["text_changed"] += 1
        changed = (spans ^ spans2) or (relations ^ relations2)
        counts["documents_changed"] += bool(changed)
        counts["spans_union"] += len(spans | spans2)
        counts["spans_disagreed"] += len(spans ^ spans2)
        counts["relations_union"] += len(relations | relations2)
        counts["relations_disagreed"] += len(relations ^ relations2)
    return counts


def rates(counts: dict) -> dict:
    return {
        **counts,
        "document_disagreement_rate": round(counts["documents_changed"] / max(1, counts["documents"]), 4),
        "span_disagreement_rate": round(counts["spans_disagreed"] / max(1, counts["spans_union"]), 4),
        "relation_disagreement_rate": round(counts["relations_disagreed"] / max(1, counts["relations_union"]), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, default=Path("data/reviews/before"))
    parser.add_argument("--after", type=Path, default=Path("data/authored"))
    parser.add_argument("--re3d-dir", type=Path, default=DEFAULT_RE3D_DIR)
    args = parser.parse_args()
    per_file, total = {}, {}
    for before in sorted(args.before.glob("*.txt")):
        counts = compare(annotations(before), annotations(args.after / before.name))
        per_file[before.name] = rates(counts)
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    report = {"files": per_file, "authored": rates(total) if total else {}}
    if args.re3d_dir.is_dir():
        re3d_before = tuples(annotated_documents(args.re3d_dir, Path("data/reviews/before_re3d")))
        report["re3d"] = rates(compare(re3d_before, tuples(annotated_documents(args.re3d_dir, Path("data/re3d")))))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
