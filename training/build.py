"""Compile the committed sources into ``data/build/{train,dev,test}.jsonl``.

Sources: authored markup (``data/authored/*.txt``) and re3d documents completed by the
team's standoff records (``data/re3d/*.jsonl``; the re3d text is read from
``--re3d-dir``, default ``../shared/data/re3d``, and skipped with a message when absent).
Splits are by document and fixed in ``data/splits.json``; a document not yet listed there
is assigned by a hash of its id and the file is updated, so an assignment never changes.

Usage:
    events-build                      # validate everything, write data/build/*.jsonl
    events-build --re3d-dir /path/to/re3d --out data/build

Example:
    >>> from training.build import assign_split
    >>> assign_split("wire-0001") in ("train", "dev", "test")
    True
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

from training.corpus import CorpusError, Document, write_jsonl
from training.re3d import DEFAULT_RE3D_DIR, STANDOFF_DIR, annotated_documents
from training.stats import format_report, grouped_stats
from training.validate import validate_files, document_problems

PROJECT_ROOT = Path(__file__).resolve().parent.parent
AUTHORED_DIR = PROJECT_ROOT / "data" / "authored"
SPLITS_FILE = PROJECT_ROOT / "data" / "splits.json"
BUILD_DIR = PROJECT_ROOT / "data" / "build"
SPLITS = ("train", "dev", "test")
DEV_FROM, TEST_FROM = 62, 81  # hash buckets 0-61 train, 62-80 dev, 81-99 test


def assign_split(doc_id: str) -> str:
    """The split a new document goes to, from a stable hash of its id."""
    bucket = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 100
    return "train" if bucket < DEV_FROM else "dev" if bucket < TEST_FROM else "test"


def load_splits(path: Path) -> dict[str, str]:
    """Document id -> split, from the committed assignment file."""
    if not path.exists():
        return {}
    listed = json.loads(path.read_text(encoding="utf-8"))
    return {doc_id: split for split in SPLITS for doc_id in listed.get(split, [])}


def save_splits(path: Path, assignment: dict[str, str]) -> None:
    listed = {split: sorted(d for d, s in assignment.items() if s == split) for split in SPLITS}
    path.write_text(json.dumps(listed, indent=1) + "\n", encoding="utf-8")


def collect_documents(authored_dir: Path, re3d_dir: Path | None, standoff_dir: Path) -> tuple[list[Document], list[str]]:
    """All validated documents and the problems found (an empty list when all is well)."""
    documents, problems = validate_files(sorted(authored_dir.glob("*.txt")))
    if re3d_dir is None or not re3d_dir.is_dir():
        print(f"re3d directory {re3d_dir} not found: building without re3d documents "
              "(obtain the public dataset dstl/re3d and pass --re3d-dir)", file=sys.stderr)
    else:
        try:
            for doc in annotated_documents(re3d_dir, standoff_dir):
                problems += [f"{doc.source} {doc.id}: {reason}" for _, reason in document_problems(doc)]
                documents.append(doc)
        except CorpusError as error:
            problems.append(str(error))
    return documents, problems


def build(authored_dir: Path, re3d_dir: Path | None, standoff_dir: Path, splits_file: Path, out_dir: Path) -> dict[str, list[Document]]:
    """Validate, split and write the corpus; raises SystemExit listing problems."""
    documents, problems = collect_documents(authored_dir, re3d_dir, standoff_dir)
    if problems:
        raise SystemExit("\n".join(problems + [f"build failed: {len(problems)} problem(s)"]))
    assignment = load_splits(splits_file)
    new = {d.id: assign_split(d.id) for d in documents if d.id not in assignment}
    if new:
        assignment.update(new)
        save_splits(splits_file, assignment)
        print(f"assigned {len(new)} new document(s) to splits in {splits_file}", file=sys.stderr)
    by_split = {split: [d for d in documents if assignment[d.id] == split] for split in SPLITS}
    for split, docs in by_split.items():
        write_jsonl(out_dir / f"{split}.jsonl", docs)
    return by_split


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authored-dir", type=Path, default=AUTHORED_DIR)
    parser.add_argument("--re3d-dir", type=Path, default=DEFAULT_RE3D_DIR)
    parser.add_argument("--standoff-dir", type=Path, default=STANDOFF_DIR)
    parser.add_argument("--splits", type=Path, default=SPLITS_FILE)
    parser.add_argument("--out", type=Path, default=BUILD_DIR)
    args = parser.parse_args(argv)
    build(args.authored_dir, args.re3d_dir, args.standoff_dir, args.splits, args.out)
    print(format_report(grouped_stats([str(args.out / f"{split}.jsonl") for split in SPLITS])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
