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
"""

import argparse
import csv
import json
import os
import sys
from pathlib import Path
from typing import Iterator

from tqdm.auto import tqdm

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
    if date is not None and not isinstance(date, str):
        raise InputError(f"{name}:{number}: 'document_date' must be an ISO date string")
    return {"id": str(record.get("id", f"{name}:{number}")), "text": record["text"], "document_date": date}


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Extract conflict events from text files or JSONL")
    parser.add_argument("inputs", nargs="*", help=".txt or .jsonl files; '-' or nothing reads stdin")
    parser.add_argument("--checkpoint", default=None, help="checkpoint directory (default: $CONFLICT_EVENTS_CHECKPOINT or checkpoints/default)")
    parser.add_argument("--out", default="-", help="output file (default stdout)")
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threshold", type=float, default=0.0)
    parser.add_argument("--skip-bad", action="store_true", help="skip unreadable files and malformed lines, counting them")
    args = parser.parse_args(argv)

    from model import CHECKPOINT_ENV, DEFAULT_CHECKPOINT, CheckpointError, EventExtractor

    checkpoint = args.checkpoint or os.environ.get(CHECKPOINT_ENV, DEFAULT_CHECKPOINT)
    problems: list[str] = []
    try:
        records = list(read_inputs(args.inputs, args.skip_bad, problems))
        extractor = EventExtractor.from_pretrained(checkpoint, device=args.device)
    except (InputError, CheckpointError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    output = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="")
    writer = csv.DictWriter(output, fieldnames=SUMMARY_FIELDS) if args.format == "csv" else None
    if writer:
        writer.writeheader()
    processed = 0
    try:
        for record in tqdm(records, desc="documents", unit="doc", file=sys.stderr):
            try:
                extraction = extractor.predict(record["text"], batch_size=args.batch_size, threshold=args.threshold,
                                               document_date=record["document_date"])
            except ValueError as error:
                if not args.skip_bad:
                    print(f"error: {record['id']}: {error}", file=sys.stderr)
                    return 2
                problems.append(f"{record['id']}: {error}")
                continue
            processed += 1
            if writer:
                for event in extraction.events:
                    writer.writerow({"id": record["id"], **event.summary()})
            else:
                output.write(json.dumps({"id": record["id"], **extraction.to_dict()}, ensure_ascii=False) + "\n")
    finally:
        if output is not sys.stdout:
            output.close()
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    print(f"{processed} document(s) processed, {len(problems)} skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
