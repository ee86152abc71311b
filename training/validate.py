"""Check annotated documents against the guide; report every problem as ``file:line: reason``.

Usage:
    events-validate data/authored/*.txt data/build/*.jsonl

Markup files (``.txt``) are compiled first; JSONL files are read as they are.

Example:
    >>> from training.validate import document_problems
    >>> from training.corpus import Document, Span
    >>> doc = Document(id="d", text="Kyiv hit", spans=[Span(id="P1", start=0, end=3, label="PLACE")], relations=[])
    >>> document_problems(doc)
    [(3, 'span P1 ends inside a word')]
"""

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from model.decoding import COORDINATORS  # "[killed and wounded]": one trigger, as the decoder joins them
from model.schema import EVENT_TYPES, LABEL_FOR_ROLE, SPAN_LABELS
from training.corpus import CorpusError, Document, read_jsonl
from training.markup import compile_markup

LEADING_WORDS_NOT_ALLOWED = {
    "the", "a", "an", "this", "that", "these", "those",
    "on", "in", "at", "over", "near", "from", "during", "since", "by", "into", "onto", "of", "for", "to", "with",
}  # fmt: skip
DEMONSTRATIVE_TIMES = {"this", "that"}  # "this week", "that night" are whole time expressions
VAGUE_PLACE_NOUNS = {"area", "areas"}  # "the [Rafah] area": the name only
SITE_NOUN_AFTER_PLACE = re.compile(r" (displacement camp|camp|neighbourhood)\b")  # "[Abu Shouk camp]": the noun stays in
LIGHT_VERBS = {"received", "sustained", "suffered", "got", "opened", "inflicted"}  # "received [injuries]", "opened [fire]": the noun only
TWO_PLACES = re.compile(r", [A-Z][a-z]")  # "[Palmyra], [Syria]": two places (but "Washington, D.C." is one)
NAME_AFTER_OF = re.compile(r"(^|\s)[a-z][\w-]* of [A-Z]")  # "the city of [Mosul]", "[Karrada district] of [Baghdad]"
# "[slammed into]", "[set fire to]": the preposition makes the impact verb and stays in ...
IMPACT_VERB = re.compile(r"\b(slam|crash|smash|ram|plough|plow)\w*$|\b(set|sets|setting) fire$", re.IGNORECASE)
PREPOSITION_OF_IMPACT = re.compile(r" (into|to)\b")
# ... but "[fired] on the town": the direction of an attack verb stays out
ATTACK_DIRECTION = re.compile(r"\bfir(ed|ing|es) (on|upon|at)$", re.IGNORECASE)


def document_problems(doc: Document) -> list[tuple[int | None, str]]:
    """All rule violations of one document as ``(character offset or None, reason)``."""
    problems: list[tuple[int | None, str]] = []
    problems += _span_problems(doc)
    problems += _consistency_problems(doc)
    problems += _sentence_problems(doc)
    if doc.sentences:
        problems += [(s.start, f"span {s.id} is not inside one sentence") for s in doc.spans if _sentence_of(doc, s) is None]
    if not any(reason.startswith("duplicate span id") for _, reason in problems):
        problems += _relation_problems(doc)
    return problems


def _span_problems(doc: Document):
    text, problems = doc.text, []
    for span_id, count in Counter(s.id for s in doc.spans).items():
        if count > 1:
            problems.append((None, f"duplicate span id {span_id}"))
    for span in doc.spans:
        where = span.start if 0 <= span.start < len(text) else None
        if span.label not in SPAN_LABELS:
            problems.append((where, f"span {span.id} has unknown label {span.label!r}"))
        if span.label == "TRIGGER" and span.event_type not in EVENT_TYPES:
            problems.append((where, f"trigger {span.id} has no valid event_type (got {span.event_type!r})"))
        if span.label != "TRIGGER" and span.event_type is not None:
            problems.append((where, f"span {span.id} is not a trigger but has event_type {span.event_type!r}"))
        if not 0 <= span.start < span.end <= len(text):
            problems.append((None, f"span {span.id} offsets {span.start}:{span.end} outside the text (length {len(text)})"))
            continue
        covered = text[span.start : span.end]
        if covered != covered.strip():
            problems.append((where, f"span {span.id} {covered!r} has outer whitespace"))
        if span.start > 0 and _joined(text[span.start - 1], text[span.start]):
            problems.append((where, f"span {span.id} starts inside a word"))
        if span.end < len(text) and _joined(text[span.end - 1], text[span.end]):
            problems.append((span.end, f"span {span.id} ends inside a word"))
        first_word = covered.split(maxsplit=1)[0] if covered.strip() else ""
        if first_word in LEADING_WORDS_NOT_ALLOWED and span.label != "QUANTITY" and not (
            span.label == "TIME" and first_word in DEMONSTRATIVE_TIMES
        ):
            problems.append((where, f"span {span.id} {covered!r} starts with {first_word!r} (determiners and prepositions stay outside)"))
    ordered = sorted((s for s in doc.spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, s.end))
    for previous, span in zip(ordered, ordered[1:]):
        if span.start < previous.end:
            problems.append((span.start, f"spans {previous.id} and {span.id} overlap"))
    return problems


def _consistency_problems(doc: Document):
    """Boundary decisions settled in review (guide §5), checked so they stay applied."""
    text, problems = doc.text, []
    spans = sorted((s for s in doc.spans if 0 <= s.start < s.end <= len(text)), key=lambda s: s.start)
    for span in spans:
        covered = text[span.start : span.end]
        words = covered.split()
        if span.label == "PLACE":
            if TWO_PLACES.search(covered):
                problems.append((span.start, f"PLACE {span.id}: a comma separates two places; mark each"))
            if NAME_AFTER_OF.search(covered):
                problems.append((span.start, f"PLACE {span.id}: after a common noun + 'of' only the name is the place"))
            if len(words) > 1 and words[-1] in VAGUE_PLACE_NOUNS:
                problems.append((span.start, f"PLACE {span.id}: {words[-1]!r} stays outside the place"))
            if SITE_NOUN_AFTER_PLACE.match(text, span.end):
                problems.append((span.start, f"PLACE {span.id}: the site noun after it belongs inside the place"))
        if span.label == "TRIGGER":
            problems += [(span.start, f"trigger {span.id}: {reason}") for reason in _trigger_boundary_problems(text, span)]
    triggers = [s for s in spans if s.label == "TRIGGER"]
    for previous, span in zip(triggers, triggers[1:]):
        if previous.event_type == span.event_type and text[previous.end : span.start].strip().lower() in COORDINATORS:
            problems.append((span.start, f"triggers {previous.id} and {span.id} are coordinated: mark them as one trigger"))
    return problems


def _trigger_boundary_problems(text: str, span) -> list[str]:
    covered = text[span.start : span.end]
    words = covered.split()
    problems = []
    if len(words) > 1 and words[0].lower() in LIGHT_VERBS:
        problems.append(f"the light verb {words[0]!r} stays outside")
    if IMPACT_VERB.search(covered) and (following := PREPOSITION_OF_IMPACT.match(text, span.end)):
        problems.append(f"{following.group(1)!r} after the impact verb belongs inside")
    if ATTACK_DIRECTION.search(covered):
        problems.append(f"the preposition {words[-1]!r} after 'fired' stays outside")
    return problems


def _joined(left: str, right: str) -> bool:
    return (left.isalnum() or left == "_") and (right.isalnum() or right == "_")


def _sentence_problems(doc: Document):
    problems, previous_end = [], 0
    for sentence in doc.sentences or []:
        if not previous_end <= sentence.start < sentence.end <= len(doc.text):
            problems.append((None, f"sentence {sentence.start}:{sentence.end} is outside the text or out of order"))
        previous_end = max(previous_end, sentence.end)
    return problems


def _relation_problems(doc: Document):
    spans = {s.id: s for s in doc.spans}
    problems = []
    for relation, count in Counter((r.head, r.tail, r.label) for r in doc.relations).items():
        if count > 1:
            problems.append((None, f"duplicate relation {relation}"))
    for relation in doc.relations:
        head, tail = spans.get(relation.head), spans.get(relation.tail)
        name = f"relation {relation.head}->{relation.tail} ({relation.label})"
        if head is None or tail is None:
            problems.append((None, f"{name} points to an unknown span id"))
            continue
        if head.label != "TRIGGER":
            problems.append((tail.start, f"{name}: head is a {head.label}, not a TRIGGER"))
        if relation.label not in LABEL_FOR_ROLE:
            problems.append((tail.start, f"{name}: unknown relation label"))
        elif tail.label != LABEL_FOR_ROLE[relation.label]:
            problems.append((tail.start, f"{name}: a {relation.label} argument must be {LABEL_FOR_ROLE[relation.label]}, not {tail.label}"))
        if doc.sentences and _sentence_of(doc, head) != _sentence_of(doc, tail):
            problems.append((tail.start, f"{name} crosses a sentence boundary"))
    return problems


def _sentence_of(doc: Document, span) -> int | None:
    for index, sentence in enumerate(doc.sentences):
        if sentence.start <= span.start and span.end <= sentence.end:
            return index
    return None


def load_documents(path: str | Path) -> tuple[list[tuple[Document, int]], list[CorpusError]]:
    """Documents of a markup (``.txt``) or JSONL file with the line each starts on."""
    path = Path(path)
    try:
        if path.suffix == ".jsonl":
            return list(read_jsonl(path)), []
        documents, errors = compile_markup(path.read_text(encoding="utf-8"), path)
    except CorpusError as error:
        return [], [error]
    except (OSError, UnicodeDecodeError) as error:
        return [], [CorpusError(path, 0, f"cannot read: {error}")]
    return [(doc, doc.meta["line"]) for doc in documents], errors


def line_of(doc: Document, line: int, offset: int | None, is_markup: bool) -> int:
    """The file line of a character offset: markup keeps the text's line breaks."""
    if is_markup and offset is not None:
        return line + doc.text.count("\n", 0, offset)
    return line


def validate_files(paths: list[str | Path]) -> tuple[list[Document], list[str]]:
    """Validate files together (ids must be unique across them); return documents and problems."""
    all_documents, messages, seen = [], [], {}
    for path in paths:
        documents, errors = load_documents(path)
        messages += [str(error) for error in errors]
        for doc, line in documents:
            where = f"{path}:{line}"
            if doc.id in seen:
                messages.append(f"{where}: duplicate document id {doc.id!r} (first at {seen[doc.id]})")
            seen.setdefault(doc.id, where)
            for offset, reason in document_problems(doc):
                at = line_of(doc, line, offset, Path(path).suffix != ".jsonl")
                messages.append(f"{path}:{at}: {doc.id}: {reason}")
            all_documents.append(doc)
    return all_documents, messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="markup (.txt) or JSONL (.jsonl) files")
    args = parser.parse_args(argv)
    documents, messages = validate_files(args.files)
    for message in messages:
        print(message)
    if messages:
        print(f"FAILED: {len(messages)} problem(s) in {len(args.files)} file(s)", file=sys.stderr)
        return 1
    spans = sum(len(d.spans) for d in documents)
    relations = sum(len(d.relations) for d in documents)
    print(f"OK: {len(documents)} documents, {spans} spans, {relations} relations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
