"""re3d (dstl) defence documents in our schema: conversion, standoff completion, annotation round-trip.

re3d's text and annotation files are never committed here. At build time its entities are
converted (``convert``); the team's hand annotations (triggers, sources, relations,
corrections of converted spans) live in ``data/re3d/<folder>.jsonl`` as standoff records
keyed by re3d document id and the SHA-256 of its text, and are applied on top
(``apply_standoff``).

Annotators work on markup renderings outside git (``data/re3d_work/``)::

    python -m training.re3d render data/re3d_work      # converted spans + current records as markup
    python -m training.re3d absorb data/re3d_work/*.txt  # edited markup -> standoff records

Example:
    >>> from training.re3d import load_re3d, convert
    >>> docs = load_re3d("../shared/data/re3d")           # doctest: +SKIP
    >>> convert(docs[0]).source                            # doctest: +SKIP
    're3d:australian_department_of_foreign_affairs'
"""

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from model.text import split_sentences
from training.corpus import CorpusError, Document, Relation, Sentence, Span
from training.markup import ID_PREFIX, compile_markup, render_markup
from training.validate import LEADING_WORDS_NOT_ALLOWED, NAME_AFTER_OF, TWO_PLACES

DEFAULT_RE3D_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "re3d"
STANDOFF_DIR = Path(__file__).resolve().parent.parent / "data" / "re3d"
LICENSES = {
    "australian_department_of_foreign_affairs": "CC-BY-3.0-AU",
    "centcom": "public-domain",
    "delegation_of_the_european_union_to_syria": "EEAS-legal-notice",
    "uk_government": "OGL-UK-3.0",
    "us_state_department": "public-domain",
    "wikipedia": "CC-BY-SA-3.0",
}
LABEL_FOR_RE3D_TYPE = {
    "Location": "PLACE",
    "Quantity": "QUANTITY",
    "Weapon": "WEAPON",
    "MilitaryPlatform": "WEAPON",
    "Temporal": "TIME",
}
MIN_CONFIDENCE = 0.5
NOT_COUNTS = re.compile(
    r"%|percent|per cent|\d(?:st|nd|rd|th)\b|\b(?:m3|km|kilomet|mile|metre|meter|ton|kg|square|dollar|euro|pound)|[$£€]",
    re.IGNORECASE,
)
COUNTS = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|dozen|dozens|million|millions)\b",
    re.IGNORECASE,
)
EVENT_NOUNS_NOT_WEAPONS = {"strike", "strikes", "airstrike", "airstrikes", "bombardment", "attack", "attacks"}
ATTACKING_PLATFORM = re.compile(r"aircraft|bomber|fighter|jet|uav|drone|helicopter|warplane|gunship|rpa", re.I)


@dataclass
class Re3dDocument:
    id: str
    folder: str
    text: str
    title: str
    entities: list[dict] = field(default_factory=list)


def load_re3d(root: str | Path) -> list[Re3dDocument]:
    """All documents of a re3d directory (one sub-folder per source), with their entities."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"re3d directory not found: {root}")
    documents = {}
    for folder in sorted(p for p in root.iterdir() if (p / "documents.json").is_file()):
        for record, _ in _read_mongo_lines(folder / "documents.json"):
            documents[record["_id"]] = Re3dDocument(record["_id"], folder.name, record["text"], record.get("title", ""))
        for record, number in _read_mongo_lines(folder / "entities.json"):
            if record["documentId"] not in documents:
                raise CorpusError(folder / "entities.json", number, f"unknown document {record['documentId']}")
            documents[record["documentId"]].entities.append(record)
    return sorted(documents.values(), key=lambda d: (d.folder, d.id))


def _read_mongo_lines(path: Path):
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line), number
                except json.JSONDecodeError as error:
                    raise CorpusError(path, number, f"invalid JSON: {error.msg}") from None


def text_checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to whole words without outer punctuation, determiners or prepositions."""
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
        end -= 1
    while True:
        first = re.match(r"([\w'’]+)\s+", text[start:end])
        if not first or first.group(1).lower() not in LEADING_WORDS_NOT_ALLOWED:
            break
        start += first.end()
    if text[end - 1 : end] == "." and not re.search(r"\b\w\.$", text[start:end]):
        end -= 1
    return start, end


def _candidate(text: str, entity: dict) -> tuple[int, int, str] | None:
    label = LABEL_FOR_RE3D_TYPE.get(entity["type"])
    if label is None or entity["confidence"] < MIN_CONFIDENCE:
        return None
    start, end = _trim(text, entity["begin"], entity["end"])
    covered = text[start:end]
    if start >= end or (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return None
    if label == "PLACE" and not any(c.isupper() for c in covered):
        return None
    if label == "PLACE":  # "town of Raqqah" -> "Raqqah"; "Palmyra, Syria" -> "Palmyra" (guide §5)
        after_of = NAME_AFTER_OF.search(covered)
        if after_of:
            start += after_of.end() - 1
        two_places = TWO_PLACES.search(text[start:end])
        if two_places:
            end = start + two_places.start()
    raw = text[entity["begin"] : entity["end"] + 1]  # with the character after: "20%" trims to "20"
    if label == "QUANTITY" and (NOT_COUNTS.search(raw) or not COUNTS.search(covered)):
        return None
    if label == "WEAPON":
        if covered.lower() in EVENT_NOUNS_NOT_WEAPONS:
            return None
        if entity["type"] == "MilitaryPlatform" and not ATTACKING_PLATFORM.search(covered):
            return None
        number = re.match(r"[\d,]+\s+", covered)
        if number:
            start += number.end()
    return start, end, label


def convert(document: Re3dDocument) -> Document:
    """re3d entities mapped to PLACE/QUANTITY/WEAPON/TIME, trimmed to the guide, overlaps resolved."""
    candidates = []
    for entity in document.entities:
        candidate = _candidate(document.text, entity)
        if candidate:
            candidates.append((entity["confidence"], candidate))
    chosen: list[tuple[int, int, str]] = []
    for _, (start, end, label) in sorted(candidates, key=lambda c: (-c[0], c[1][0] - c[1][1], c[1])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, label))
    return _document(document, [(s, e, label, None) for s, e, label in chosen], [])


def _document(document: Re3dDocument, spans, relations) -> Document:
    """A Document from ``(start, end, label, event_type)`` spans and ``(head key, tail key, role)`` relations."""
    counters = dict.fromkeys(ID_PREFIX, 0)
    built, ids = [], {}
    for start, end, label, event_type in sorted(spans):
        counters[label] += 1
        span = Span(id=f"{ID_PREFIX[label]}{counters[label]}", start=start, end=end, label=label, event_type=event_type)
        ids[(start, end)] = span.id
        built.append(span)
    return Document(
        id=f"re3d-{document.id}",
        text=document.text,
        spans=built,
        relations=[Relation(head=ids[h], tail=ids[t], label=role) for h, t, role in relations],
        sentences=[Sentence(start=s, end=e) for s, e in split_sentences(document.text)],
        source=f"re3d:{document.folder}",
        license=LICENSES.get(document.folder, "see re3d LICENSE"),
        meta={"title": document.title, "re3d_id": document.id},
    )


def _key(span: Span) -> list:
    return [span.start, span.end, span.label, span.event_type]


def standoff_record(document: Re3dDocument, annotated: Document) -> dict:
    """The hand annotation of a document as a difference from its conversion."""
    converted = {tuple(_key(s)) for s in convert(document).spans}
    final = {tuple(_key(s)) for s in annotated.spans}
    by_id = {s.id: s for s in annotated.spans}
    return {
        "doc": document.id,
        "folder": document.folder,
        "sha256": text_checksum(document.text),
        "drop": sorted(list(k) for k in converted - final),
        "add": sorted((list(k) for k in final - converted), key=lambda k: (k[0], k[1])),
        "relations": sorted(
            [by_id[r.head].start, by_id[r.head].end, by_id[r.tail].start, by_id[r.tail].end, r.label]
            for r in annotated.relations
        ),
    }


def apply_standoff(document: Re3dDocument, record: dict | None) -> Document:
    """The converted document completed by its standoff record (or the bare conversion if none)."""
    converted = convert(document)
    if record is None:
        return converted
    where = record.get("_file", "standoff")
    if record["sha256"] != text_checksum(document.text):
        raise CorpusError(where, record.get("_line", 0), f"re3d document {document.id} changed since it was annotated (checksum differs)")
    spans = {tuple(_key(s)) for s in converted.spans}
    dropped = {tuple(k) for k in record["drop"]}
    missing = dropped - spans
    if missing:
        raise CorpusError(where, record.get("_line", 0), f"re3d document {document.id}: dropped spans not in the conversion: {sorted(missing)}")
    spans = (spans - dropped) | {tuple(k) for k in record["add"]}
    relations = [((hs, he), (ts, te), role) for hs, he, ts, te, role in record["relations"]]
    ends = {(start, end) for start, end, _, _ in spans}
    dangling = sorted({end for head, tail, _ in relations for end in (head, tail) if end not in ends})
    if dangling:
        raise CorpusError(where, record.get("_line", 0), f"re3d document {document.id}: relations point to no span at {dangling}")
    return _document(document, spans, relations)


def load_standoff(directory: str | Path = STANDOFF_DIR) -> dict[str, dict]:
    """Standoff records of all ``*.jsonl`` files in a folder, by re3d document id."""
    records = {}
    for path in sorted(Path(directory).glob("*.jsonl")):
        for record, number in _read_mongo_lines(path):
            record["_file"], record["_line"] = str(path), number
            if record.get("doc") in records:
                raise CorpusError(path, number, f"second record for re3d document {record.get('doc')}")
            records[record["doc"]] = record
    return records


def annotated_documents(root: str | Path, standoff: str | Path = STANDOFF_DIR) -> list[Document]:
    """Every re3d document converted and completed by the team's standoff records."""
    records = load_standoff(standoff)
    return [apply_standoff(d, records.get(d.id)) for d in load_re3d(root)]


def render(root: Path, out_dir: Path, standoff: Path) -> None:
    """Write one markup file per re3d folder for annotators (never committed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    by_folder: dict[str, list[str]] = {}
    for doc in annotated_documents(root, standoff):
        folder = doc.source.split(":", 1)[1]
        by_folder.setdefault(folder, []).append(render_markup(doc))
    for folder, blocks in by_folder.items():
        (out_dir / f"{folder}.txt").write_text("\n".join(blocks), encoding="utf-8")
        print(f"wrote {out_dir / f'{folder}.txt'} ({len(blocks)} documents)")


def absorb(root: Path, files: list[Path], standoff: Path) -> int:
    """Turn edited markup back into standoff records (merged into the standoff file)."""
    originals = {f"re3d-{d.id}": d for d in load_re3d(root)}
    records, problems, absorbed = load_standoff(standoff), [], []
    for path in files:
        documents, errors = compile_markup(path.read_text(encoding="utf-8"), path)
        problems += [str(e) for e in errors]
        for doc in documents:
            original = originals.get(doc.id)
            if original is None:
                problems.append(f"{path}:{doc.meta['line']}: unknown re3d document {doc.id}")
                continue
            aligned = _align(original, doc)
            if aligned is None:
                problems.append(f"{path}:{doc.meta['line']}: {doc.id}: text differs from the re3d original (only add tags, never edit text)")
                continue
            records[original.id] = standoff_record(original, aligned)
            absorbed.append(original.id)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    standoff.mkdir(parents=True, exist_ok=True)
    touched = {originals[f"re3d-{doc_id}"].folder for doc_id in absorbed}
    for folder in sorted(touched):  # only the absorbed folders' files: annotators may work in parallel
        chosen = [records[k] for k in sorted(records) if records[k]["folder"] == folder]
        with open(standoff / f"{folder}.jsonl", "w", encoding="utf-8") as handle:
            for record in chosen:
                handle.write(json.dumps({k: v for k, v in record.items() if not k.startswith("_")}, ensure_ascii=False) + "\n")
        print(f"wrote {len(chosen)} standoff records to {standoff / f'{folder}.jsonl'}")
    return 0


def _align(original: Re3dDocument, edited: Document) -> Document | None:
    """The edited document on the original text (markup drops outer blank lines)."""
    if original.text.strip() != edited.text.strip():
        return None
    shift = (len(original.text) - len(original.text.lstrip())) - (len(edited.text) - len(edited.text.lstrip()))
    for span in edited.spans:
        span.start += shift
        span.end += shift
    edited.text = original.text
    return edited


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="re3d annotation round-trip")
    parser.add_argument("command", choices=["render", "absorb"])
    parser.add_argument("paths", nargs="+", type=Path, help="render: output folder; absorb: edited markup files")
    parser.add_argument("--re3d-dir", type=Path, default=DEFAULT_RE3D_DIR)
    parser.add_argument("--standoff", type=Path, default=STANDOFF_DIR, help="folder of standoff records")
    args = parser.parse_args(argv)
    if args.command == "render":
        render(args.re3d_dir, args.paths[0], args.standoff)
        return 0
    return absorb(args.re3d_dir, args.paths, args.standoff)


if __name__ == "__main__":
    sys.exit(main())
