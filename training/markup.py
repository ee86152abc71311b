"""Inline authoring markup <-> JSONL documents with exact character offsets.

Syntax (docs/annotation_guidelines.md §6)::

    @doc wire-0001 genre=wire theatre=russia-ukraine date=2025-03-02
    Air defences [downed|INTERCEPT#e1] [12|QUANTITY>e1] [drones|WEAPON>e1] over the
    [Kursk region|PLACE>e1], [officials|SOURCE>e1] said.

Example:
    >>> from training.markup import compile_markup
    >>> docs, errors = compile_markup("@doc d1\\n[Two|QUANTITY>e1] [died|CASUALTY#e1].")
    >>> docs[0].text, [(s.label, s.start, s.end) for s in docs[0].spans], errors
    ('Two died.', [('QUANTITY', 0, 3), ('TRIGGER', 4, 8)], [])
"""

import re
import sys
from pathlib import Path

from model.schema import ARGUMENT_LABELS, EVENT_TYPES, ROLE_FOR_LABEL
from model.text import split_sentences
from training.corpus import CorpusError, Document, Relation, Sentence, Span

HEADER = re.compile(r"@doc\s+(?P<id>[A-Za-z0-9_-]+)(?P<fields>(?:\s+\w+=\S+)*)\s*$")
HEADER_KEYS = {"genre", "theatre", "date", "license"}
TRIGGER_TAG = re.compile(r"(?P<type>[A-Z]+)#(?P<handle>e\d+)$")
ARGUMENT_TAG = re.compile(r"(?P<label>[A-Z]+)(?:>(?P<handles>e\d+(?:,e\d+)*))?$")
ESCAPABLE = "[]|\\"
ID_PREFIX = {"TRIGGER": "T", "PLACE": "P", "QUANTITY": "Q", "SOURCE": "S", "WEAPON": "W", "TIME": "M"}
DEFAULT_LICENSE = "CC-BY-4.0"


def compile_markup(source: str, path: str | Path = "<markup>") -> tuple[list[Document], list[CorpusError]]:
    """Compile a markup file's content into documents; problems are returned, not raised."""
    documents, errors = [], []
    header, body = None, []
    for number, line in enumerate(source.split("\n"), start=1):
        if line.startswith("@doc"):
            if header:
                _finish(header, body, path, documents, errors)
            match = HEADER.match(line)
            if not match:
                errors.append(CorpusError(path, number, f"malformed header {line!r}"))
                header = None
            else:
                header, body = (match, number), []
        elif header:
            body.append((number, line))
        elif line.strip() and not line.startswith("%"):
            errors.append(CorpusError(path, number, "text before the first @doc header"))
    if header:
        _finish(header, body, path, documents, errors)
    return documents, errors


def _finish(header, body, path, documents, errors) -> None:
    match, header_line = header
    while body and not body[0][1].strip():
        body.pop(0)
    while body and not body[-1][1].strip():
        body.pop()
    meta = {}
    for field in match.group("fields").split():
        key, value = field.split("=", 1)
        if key not in HEADER_KEYS:
            errors.append(CorpusError(path, header_line, f"unknown header key {key!r}"))
        meta[key] = value
    if not body:
        errors.append(CorpusError(path, header_line, f"document {match.group('id')} has no text"))
        return
    try:
        document = _parse_body(match.group("id"), body, path)
    except CorpusError as error:
        errors.append(error)
        return
    document.license = meta.pop("license", DEFAULT_LICENSE)
    document.meta = {**meta, "file": Path(path).name, "line": body[0][0]}
    documents.append(document)


def _parse_body(doc_id: str, body: list[tuple[int, str]], path) -> Document:
    first_line = body[0][0]
    source = "\n".join(line for _, line in body)
    text, marks = [], []  # marks: (start, end, tag, line)
    line, position, open_at = first_line, 0, None
    while position < len(source):
        char = source[position]
        if char == "\\":
            following = source[position + 1 : position + 2]
            if not following or following not in ESCAPABLE:
                raise CorpusError(path, line, "a backslash must escape one of [ ] | \\")
            text.append(following)
            position += 2
            continue
        if char == "[":
            if open_at is not None:
                raise CorpusError(path, line, "spans cannot nest: '[' inside a span")
            open_at = (len(text), line)
        elif char == "|" and open_at is not None:
            close = source.find("]", position)
            newline = source.find("\n", position)
            if close < 0 or 0 <= newline < close:
                raise CorpusError(path, line, "span tag not closed with ']' on the same line")
            start = open_at[0]
            marks.append((start, len(text), source[position + 1 : close], open_at[1]))
            open_at, position = None, close + 1
            continue
        elif char in "]|":
            raise CorpusError(path, line, f"unescaped {char!r} outside a span tag")
        else:
            if char == "\n":
                line += 1
                if open_at is not None:
                    raise CorpusError(path, line - 1, "span not closed before the end of line")
            text.append(char)
        position += 1
    if open_at is not None:
        raise CorpusError(path, open_at[1], "span opened with '[' but never closed")
    return _build_document(doc_id, "".join(text), marks, path)


def _build_document(doc_id: str, text: str, marks, path) -> Document:
    spans, links, handles = [], [], {}
    counters = dict.fromkeys(ID_PREFIX, 0)
    for start, end, tag, line in marks:
        trigger, argument = TRIGGER_TAG.match(tag), ARGUMENT_TAG.match(tag)
        if trigger and trigger.group("type") in EVENT_TYPES:
            label, event_type = "TRIGGER", trigger.group("type")
        elif argument and argument.group("label") in ARGUMENT_LABELS:
            label, event_type = argument.group("label"), None
        else:
            raise CorpusError(path, line, f"unknown span tag {tag!r} (expected TYPE#eN or LABEL[>eN,...])")
        if start == end:
            raise CorpusError(path, line, f"empty span tagged {tag!r}")
        counters[label] += 1
        span = Span(id=f"{ID_PREFIX[label]}{counters[label]}", start=start, end=end, label=label, event_type=event_type)
        spans.append(span)
        if trigger and label == "TRIGGER":
            if trigger.group("handle") in handles:
                raise CorpusError(path, line, f"event handle {trigger.group('handle')} defined twice")
            handles[trigger.group("handle")] = span.id
        elif argument.group("handles"):
            links += [(handle, span, line) for handle in argument.group("handles").split(",")]
    relations = []
    for handle, span, line in links:
        if handle not in handles:
            raise CorpusError(path, line, f"link to undefined event handle {handle}")
        relations.append(Relation(head=handles[handle], tail=span.id, label=ROLE_FOR_LABEL[span.label]))
    sentences = [Sentence(start=s, end=e) for s, e in split_sentences(text)]
    return Document(id=doc_id, text=text, spans=spans, relations=relations, sentences=sentences, source="authored")


def escape(text: str) -> str:
    """Escape markup characters in plain text."""
    return "".join("\\" + c if c in ESCAPABLE else c for c in text)


def render_markup(document: Document) -> str:
    """The document as a markup block (header + body); inverse of ``compile_markup``."""
    handles = {s.id: f"e{i}" for i, s in enumerate((s for s in document.spans if s.label == "TRIGGER"), 1)}
    links: dict[str, list[str]] = {}
    for relation in document.relations:
        links.setdefault(relation.tail, []).append(handles[relation.head])
    pieces, cursor = [], 0
    for span in sorted(document.spans, key=lambda s: s.start):
        if span.label == "TRIGGER":
            tag = f"{span.event_type}#{handles[span.id]}"
        else:
            tag = span.label + (">" + ",".join(links[span.id]) if span.id in links else "")
        pieces += [escape(document.text[cursor : span.start]), "[", escape(document.span_text(span)), "|", tag, "]"]
        cursor = span.end
    pieces.append(escape(document.text[cursor:]))
    fields = "".join(f" {k}={v}" for k, v in (document.meta or {}).items() if k in HEADER_KEYS)
    return f"@doc {document.id}{fields}\n" + "".join(pieces) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Compile markup files and print the JSONL to stdout (errors to stderr)."""
    status = 0
    for path in argv if argv is not None else sys.argv[1:]:
        documents, errors = compile_markup(Path(path).read_text(encoding="utf-8"), path)
        for error in errors:
            print(error, file=sys.stderr)
            status = 1
        for document in documents:
            print(document.to_json())
    return status


if __name__ == "__main__":
    sys.exit(main())
