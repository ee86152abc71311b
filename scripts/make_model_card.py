"""Write model_card.md (Hugging Face model-card form) from evaluation reports and the corpus.

Usage:
    python scripts/make_model_card.py --dev reports/dev.json --test reports/test.json \
        --checkpoint checkpoints/default --out model_card.md

The YAML front matter's model-index and every figure in the card come from the reports.
"""

import argparse
import json
from pathlib import Path

import yaml

from training.evaluate import headline, markdown_table
from training.stats import format_report, grouped_stats

METRICS = [
    ("trigger_classification_f1", "Trigger classification F1"),
    ("entity_micro_f1", "Argument entity micro-F1 (PLACE QUANTITY SOURCE WEAPON TIME)"),
    ("place_f1", "PLACE F1"),
    ("argument_classification_f1", "Argument classification F1"),
    ("all_spans_micro_f1", "All spans micro-F1 (seqeval strict)"),
]


def model_index(name: str, reports: dict[str, dict]) -> list:
    results = []
    for split, report in reports.items():
        row = headline(report["results"]["model"])
        results.append({
            "task": {"type": "token-classification", "name": "Conflict event extraction"},
            "dataset": {"type": "conflict-events", "name": f"conflict-events ({split})", "split": split},
            "metrics": [{"type": key, "name": label, "value": row[key]} for key, label in METRICS],
        })
    return [{"name": name, "results": results}]


def card(reports: dict[str, dict], checkpoint: Path, build_dir: Path) -> str:
    config = json.loads((checkpoint / "config.json").read_text()) if (checkpoint / "config.json").is_file() else {}
    front = {
        "language": ["en"], "license": "apache-2.0", "library_name": "transformers",
        "pipeline_tag": "token-classification", "tags": ["event-extraction", "conflict", "relation-extraction"],
        "base_model": config.get("encoder_name", "sentence-transformers/all-MiniLM-L6-v2"),
        "model-index": model_index("conflict-event-extraction", reports),
    }
    tables = "\n\n".join(
        f"**{split}** (`{report['data']}`, {report['results']['model']['documents']} documents)\n\n"
        + markdown_table({name: headline(m) for name, m in report["results"].items()})
        for split, report in reports.items()
    )
    stats = format_report(grouped_stats([str(build_dir / f"{s}.jsonl") for s in ("train", "dev", "test")]))
    return f"""---
{yaml.safe_dump(front, sort_keys=False).strip()}
---

# conflict-event-extraction

Joint trigger/argument tagger and relation classifier for conflict and security news,
fine-tuned from `{front['base_model']}` (uncased, 6 layers, hidden 384) with a word
casing/shape feature: {config.get('use_shape_feature')}. It finds event triggers of five
types (INTERCEPT, ATTACK, DAMAGE, CASUALTY, DISRUPTION) and the PLACE, QUANTITY, SOURCE,
WEAPON and TIME spans of a sentence, and links arguments to events (quantity, place,
source, weapon, time). Spans are returned with exact character offsets.

## Intended use

Turning news articles, statements and live blogs about strikes, interceptions, damage,
casualties and disruption into structured records for analysts, journalists and
researchers, with a person checking the records before they are published or counted.

## Evaluation

Strict span matching (seqeval, IOB2 strict) and tuple matching for triggers and
arguments, computed from `predict()` output on whole documents. Baselines on the same
split: spaCy `en_core_web_sm` NER mapped to PLACE/QUANTITY/TIME, and a keyword trigger
matcher (trigger strings learnt from the training split) with sentence co-occurrence linking.

{tables}

## Training data

{stats}

Authored documents are the team's own text written for this corpus (CC BY 4.0) and
checked by a second annotator; re3d documents (dstl, UK Defence Science and Technology
Laboratory) are real government, military and Wikipedia texts on Syria and Iraq under
their own licences (public domain, OGL v3.0, CC BY 3.0 AU, CC BY-SA 3.0, EEAS legal
notice), completed by hand in our schema. See `data/README.md`.

## Limitations

- The encoder is uncased and small; English only.
- Most training text is authored in the style of wire and ministry reporting; scores on
  real articles of other styles are expected to be lower than on the test split.
- Relations are only found within a sentence; attribution given in another sentence is
  not linked. Coreference across sentences is not resolved.
- Counts of contested claims are extracted as reported, not verified.

## Licence

Model weights: Apache-2.0 (as the base encoder). Training data licences as above.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=Path("reports/dev.json"))
    parser.add_argument("--test", type=Path, default=Path("reports/test.json"))
    parser.add_argument("--checkpoint", type=Path, default=Path("checkpoints/default"))
    parser.add_argument("--build-dir", type=Path, default=Path("data/build"))
    parser.add_argument("--out", type=Path, default=Path("model_card.md"))
    args = parser.parse_args()
    reports = {split: json.loads(path.read_text()) for split, path in (("dev", args.dev), ("test", args.test)) if path.is_file()}
    args.out.write_text(card(reports, args.checkpoint, args.build_dir), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
