"""``events-predict``: run the extractor over files or stdin, write JSONL or CSV.

Inputs: ``.txt`` files (one document each, id = file name), ``.jsonl`` files with
``{"id", "text", "document_date"?}`` per line, or ``-``/nothing for stdin (JSONL if every
line is a JSON object, else one text). A file that cannot be read or a malformed line fails
the run with its path and line number, or is skipped and counted with ``--skip-bad``.

Usage:
    events-predict news/*.txt --out events.jsonl
    events-predict feed.jsonl --format csv --out events.csv --device cuda --batch-size 64

Example:
    >>> from model.cli import read_inputs
    >>> list(read_inputs(["missing.txt"], skip_bad=True, problems=[]))
    []

Under ``accelerate launch --num_processes N -m model.cli ... --out FILE`` each process
takes every N-th document; the parts are merged in input order, each document once.
"""

import argparse
import csv
import json
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Iterator

from tqdm.auto import tqdm

CHUNK = 64  # documents per predict() call: batching across texts, bounded memory
SUMMARY_FIELDS = ["id", "type", "trigger", "quantity", "quantity_value", "places", "weapon", "time", "time_value", "source"]


class InputError(ValueError):
    pass


def _jsonl_records(lines, name: str, skip_bad: bool, problems: list[str]) -> Iterator[dict]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _record(line, name, number)
        except InputError as error:
            if not skip_bad:
                raise
            problems.append(str(error))


def _record(line: str, name: str, number: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{name}:{number}: invalid JSON: {error.msg}") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f"{name}:{number}: expected an object with a string 'text'")
    date = record.get("document_date")
    if date is not None and not _is_iso_date(date):
        raise InputError(f"{name}:{number}: 'document_date' must be an ISO date string (YYYY-MM-DD), got {date!r}")
    return {"id": str(record.get("id", f"{name}:{number}")), "text": record["text"], "document_date": date}


def _is_iso_date(value) -> bool:
    try:
        dt.date.fromisoformat(value[:10])
        return isinstance(value, str)
    except (TypeError, ValueError):
        return False


def read_inputs(paths: list[str], skip_bad: bool, problems: list[str]) -> Iterator[dict]:
    """Input records in order; problems are raised, or recorded and skipped with ``skip_bad``."""
    for source in paths or ["-"]:
        try:
            if source == "-":
                content = sys.stdin.read()
                lines = content.splitlines()
                if lines and all(line.lstrip().startswith("{") for line in lines if line.strip()):
                    yield from _jsonl_records(lines, "<stdin>", skip_bad, problems)
                elif content.strip():
                    yield {"id": "stdin", "text": content, "document_date": None}
            elif source.endswith(".jsonl"):
                with open(source, encoding="utf-8") as handle:
                    yield from _jsonl_records(handle, source, skip_bad, problems)
            else:
                with open(source, encoding="utf-8", newline="") as handle:  # keep "\r\n": offsets index the file
                    yield {"id": Path(source).name, "text": handle.read(), "document_date": None}
        except (OSError, UnicodeDecodeError) as error:
            message = f"{source}: cannot read: {error}"
            if not skip_bad:
                raise InputError(message) from None
            problems.append(message)


def _rows(extractor, records: list[dict], args) -> list[list[dict]]:
    """Output rows per record: one ``to_dict()`` for JSONL, one summary per event for CSV.
    Records with the same document date are predicted together, batched across texts."""
    rows: list[list[dict]] = [[] for _ in records]
    for date in dict.fromkeys(record["document_date"] for record in records):
        positions = [i for i, record in enumerate(records) if record["document_date"] == date]
        extractions = extractor.predict([records[i]["text"] for i in positions], batch_size=args.batch_size,
                                        threshold=args.threshold, document_date=date)
        for position, extraction in zip(positions, extractions):
            record_id = records[position]["id"]
            if args.format == "csv":
                rows[position] = [{"id": record_id, **event.summary()} for event in extraction.events]
            else:
                rows[position] = [{"id": record_id, **extraction.to_dict()}]
    return rows


def _write(rows: list[dict], handle, fmt: str) -> None:
    if fmt == "csv":
        writer = csv.DictWriter(handle, fieldnames=SUMMARY_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Extract conflict events from text files or JSONL")
    parser.add_argument("inputs", nargs="*", help=".txt or .jsonl files; '-' or nothing reads stdin")
    parser.add_argument("--checkpoint", default=None, help="checkpoint directory (default: $CONFLICT_EVENTS_CHECKPOINT or checkpoints/default)")
    parser.add_argument("--out", default="-", help="output file (default stdout; required under accelerate launch)")
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threshold", type=float, default=0.0)
    parser.add_argument("--int8", action="store_true", help="dynamic int8 quantisation (faster on CPU)")
    parser.add_argument("--skip-bad", action="store_true", help="skip unreadable files and malformed lines, counting them")
    args = parser.parse_args(argv)

    from model import CHECKPOINT_ENV, DEFAULT_CHECKPOINT, CheckpointError, EventExtractor
    from model.sharding import Shard

    shard = Shard.from_environment()
    if shard.world > 1 and args.out == "-":
        print("error: under accelerate launch, give --out (each process writes a part, merged in input order)", file=sys.stderr)
        return 2
    checkpoint = args.checkpoint or os.environ.get(CHECKPOINT_ENV, DEFAULT_CHECKPOINT)
    problems: list[str] = []
    try:
        records = list(read_inputs(args.inputs, args.skip_bad, problems))
        device = shard.device if args.device == "auto" and shard.world > 1 else args.device
        extractor = EventExtractor.from_pretrained(checkpoint, device=device, int8=args.int8)
    except (InputError, CheckpointError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    results: dict[int, list[dict]] = {}
    mine = list(shard.indices(len(records)))
    with tqdm(total=len(mine), desc="documents", unit="doc", file=sys.stderr, disable=not shard.is_main) as bar:
        for begin in range(0, len(mine), CHUNK):
            chunk = mine[begin : begin + CHUNK]
            for index, rows in zip(chunk, _rows(extractor, [records[i] for i in chunk], args)):
                results[index] = rows
            bar.update(len(chunk))
    merged = shard.gather(results, len(records), args.out)
    if merged is None:  # not the main process
        return 0
    rows = [row for index in sorted(merged) for row in merged[index]]
    if args.out == "-":
        _write(rows, sys.stdout, args.format)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as handle:
            _write(rows, handle, args.format)
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    print(f"{len(merged)} document(s) processed, {len(problems)} skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
