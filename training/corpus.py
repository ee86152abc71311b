"""Annotated documents and their JSONL file format (docs/annotation_guidelines.md §7).

Example:
    >>> from training.corpus import Document, read_jsonl, write_jsonl
    >>> doc = Document(id="d1", text="Drones hit Kyiv.", spans=[], relations=[])
    >>> write_jsonl("/tmp/d.jsonl", [doc]); [d.id for d, _ in read_jsonl("/tmp/d.jsonl")]
    ['d1']
"""

import json
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, ValidationError


class CorpusError(ValueError):
    """A problem in a data file, reported as ``file:line: reason``."""

    def __init__(self, path: str | Path, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = str(path), line, reason


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Record):
    id: str
    start: int
    end: int
    label: str
    event_type: str | None = None


class Relation(_Record):
    head: str
    tail: str
    label: str


class Sentence(_Record):
    start: int
    end: int


class Document(_Record):
    id: str
    text: str
    spans: list[Span]
    relations: list[Relation]
    sentences: list[Sentence] | None = None
    source: str | None = None
    license: str | None = None
    meta: dict | None = None

    def span(self, span_id: str) -> Span:
        return next(s for s in self.spans if s.id == span_id)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def to_json(self) -> str:
        return json.dumps(self.model_dump(exclude_none=True), ensure_ascii=False)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    return f"{where}: {first['msg']}"


def parse_line(line: str, path: str | Path, number: int) -> Document:
    """One JSONL line as a Document; a ``CorpusError`` naming file and line if malformed."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise CorpusError(path, number, f"invalid JSON: {error.msg}") from None
    if not isinstance(record, dict):
        raise CorpusError(path, number, "a document must be a JSON object")
    try:
        return Document.model_validate(record)
    except ValidationError as error:
        raise CorpusError(path, number, _describe(error)) from None


def read_jsonl(path: str | Path) -> Iterator[tuple[Document, int]]:
    """Yield ``(document, line number)`` for each non-blank line of a JSONL file."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield parse_line(line, path, number), number


def write_jsonl(path: str | Path, documents: Iterable[Document]) -> None:
    """Write documents one per line (UTF-8), creating parent folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for document in documents:
            handle.write(document.to_json() + "\n")
