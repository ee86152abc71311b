"""Inference speed and memory: our predict() (fp32 and int8) vs a HF pipeline vs spaCy.

Each system runs in its own subprocess on the same texts (the test split's documents,
repeated to at least --min-sentences sentences) so peak memory is its own. Reports
sentences/s, word tokens/s, p50/p95 latency over single short texts, peak RSS, and the
ratio of each system's throughput to ours; ``--f1`` also scores fp32 and int8 on the test split.

Usage:
    python scripts/benchmark.py --checkpoint checkpoints/default --out reports/benchmark
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

from model.text import split_sentences, tokenize_words
from training.corpus import read_jsonl

SYSTEMS = ["ours", "ours-int8", "hf-pipeline", "spacy"]


def workload(test_file: Path, min_sentences: int) -> tuple[list[str], list[str]]:
    """Documents repeated to the sentence budget, and short single texts for latency."""
    documents = [doc.text for doc, _ in read_jsonl(test_file)]
    texts, sentences = [], 0
    while sentences < min_sentences:
        for text in documents:
            texts.append(text)
            sentences += len(split_sentences(text))
            if sentences >= min_sentences:
                break
    short = [text[s:e] for text in documents for s, e in split_sentences(text)][:200]
    return texts, short


def run_system(system: str, checkpoint: str, texts: list[str], short: list[str], batch_size: int) -> dict:
    """Throughput over ``texts`` and latency over ``short`` for one system, in this process."""
    if system.startswith("ours"):
        from model.extractor import EventExtractor

        extractor = EventExtractor.from_pretrained(checkpoint, device="cpu", int8=system == "ours-int8")
        batch = lambda items: extractor.predict(items, batch_size=batch_size)  # noqa: E731
        single = lambda text: extractor.predict(text)  # noqa: E731
        units = texts
    elif system == "hf-pipeline":
        pipe = hf_pipeline(checkpoint)
        sentence_texts = [t[s:e] for t in texts for s, e in split_sentences(t)]
        batch = lambda items: pipe(items, batch_size=batch_size)  # noqa: E731
        single = lambda text: pipe(text)  # noqa: E731
        units = sentence_texts  # the pipeline has no sentence splitter of its own: give it sentences
    else:
        from training.baselines import SpacyBaseline

        nlp = SpacyBaseline().nlp
        batch = lambda items: list(nlp.pipe(items, batch_size=batch_size))  # noqa: E731
        single = lambda text: nlp(text)  # noqa: E731
        units = texts
    single(short[0])  # warm-up
    started = time.perf_counter()
    with torch.inference_mode():
        batch(units)
    seconds = time.perf_counter() - started
    latencies = []
    for text in short:
        began = time.perf_counter()
        single(text)
        latencies.append((time.perf_counter() - began) * 1000)
    sentences = sum(len(split_sentences(t)) for t in texts)
    words = sum(len(tokenize_words(t)) for t in texts)
    return {
        "system": system, "seconds": round(seconds, 2), "sentences": sentences,
        "sentences_per_s": round(sentences / seconds, 1), "tokens_per_s": round(words / seconds, 1),
        "latency_p50_ms": round(statistics.median(latencies), 1),
        "latency_p95_ms": round(statistics.quantiles(latencies, n=20)[18], 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def hf_pipeline(checkpoint: str):
    """A ``token-classification`` pipeline over our fine-tuned encoder and its tag head.

    The tag head's input also holds a word-shape embedding the plain HF model cannot feed;
    the pipeline uses the encoder part of the head's weights (same compute, spans only)."""
    from transformers import AutoTokenizer, BertConfig, BertForTokenClassification, pipeline

    from model.modeling import EventExtractionModel

    ours = EventExtractionModel.from_pretrained(checkpoint)
    config = BertConfig(**{**ours.config.encoder_config, "id2label": dict(enumerate(ours.config.tag_names)),
                           "label2id": {n: i for i, n in enumerate(ours.config.tag_names)}})
    model = BertForTokenClassification(config)
    model.bert.load_state_dict(ours.encoder.state_dict(), strict=False)
    hidden = config.hidden_size
    with torch.no_grad():
        model.classifier.weight.copy_(ours.tag_head.weight[:, :hidden])
        model.classifier.bias.copy_(ours.tag_head.bias)
    return pipeline("token-classification", model=model.eval(), tokenizer=AutoTokenizer.from_pretrained(checkpoint),
                    aggregation_strategy="simple", device=-1)


def profile(checkpoint: str, texts: list[str], batch_size: int, out: Path) -> None:
    """cProfile of one predict() call over the workload, by cumulative time, to a text file."""
    import cProfile
    import io
    import pstats

    from model.extractor import EventExtractor

    extractor = EventExtractor.from_pretrained(checkpoint, device="cpu")
    extractor.predict(texts[:5])
    profiler = cProfile.Profile()
    profiler.enable()
    extractor.predict(texts, batch_size=batch_size)
    profiler.disable()
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(40)
    out.write_text(report.getvalue())


def long_document(checkpoint: str, texts: list[str], size: int, batch_size: int) -> dict:
    """One document of ``size`` characters (the workload joined by blank lines): time, peak memory, coverage."""
    from model.extractor import EventExtractor

    document = "\n\n".join(texts)
    while len(document) < size:
        document += "\n\n" + document
    document = document[:size]
    extractor = EventExtractor.from_pretrained(checkpoint, device="cpu")
    started = time.perf_counter()
    result = extractor.predict(document, batch_size=batch_size)
    last_end = max((e.end for e in result.entities), default=0)
    return {"characters": len(document), "seconds": round(time.perf_counter() - started, 1),
            "entities": len(result.entities), "events": len(result.events), "last_entity_end": last_end,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def f1_rows(checkpoint: str, test_file: Path) -> dict:
    from model.extractor import EventExtractor
    from training.evaluate import evaluate_extractor, headline

    documents = [doc for doc, _ in read_jsonl(test_file)]
    return {name: headline(evaluate_extractor(EventExtractor.from_pretrained(checkpoint, device="cpu", int8=int8), documents))
            for name, int8 in (("ours", False), ("ours-int8", True))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", default="checkpoints/default")
    parser.add_argument("--test-file", type=Path, default=Path("data/build/test.jsonl"))
    parser.add_argument("--min-sentences", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--systems", nargs="+", default=SYSTEMS, choices=SYSTEMS)
    parser.add_argument("--f1", action="store_true", help="also score fp32 and int8 on the test split")
    parser.add_argument("--out", type=Path, default=None, help="write <out>.json and <out>.md")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile of predict() to this file and stop")
    parser.add_argument("--long-document", type=int, default=None, metavar="CHARS",
                        help="time one predict() call on a single document of this many characters, and stop")
    parser.add_argument("--one", choices=SYSTEMS, help=argparse.SUPPRESS)  # child process mode
    args = parser.parse_args()
    texts, short = workload(args.test_file, args.min_sentences)
    if args.long_document:
        print(json.dumps(long_document(args.checkpoint, texts, args.long_document, args.batch_size)))
        return
    if args.profile:
        profile(args.checkpoint, texts, args.batch_size, args.profile)
        return
    if args.one:
        print(json.dumps(run_system(args.one, args.checkpoint, texts, short, args.batch_size)))
        return
    rows = []
    for system in args.systems:
        child = subprocess.run([sys.executable, __file__, "--one", system, "--checkpoint", args.checkpoint,
                                "--test-file", str(args.test_file), "--min-sentences", str(args.min_sentences),
                                "--batch-size", str(args.batch_size)], capture_output=True, text=True, check=True)
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr)
    base = next((r for r in rows if r["system"] == "ours"), rows[0])
    for row in rows:
        row["throughput_vs_ours"] = round(row["sentences_per_s"] / base["sentences_per_s"], 2)
    header = ["system", "sentences_per_s", "tokens_per_s", "latency_p50_ms", "latency_p95_ms", "peak_rss_mb", "throughput_vs_ours"]
    table = "\n".join(["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
                      + ["| " + " | ".join(str(r[h]) for h in header) + " |" for r in rows])
    result = {"threads": torch.get_num_threads(), "sentences": base["sentences"], "rows": rows}
    if args.f1:
        result["f1"] = f1_rows(args.checkpoint, args.test_file)
        table += "\n\n" + "\n".join(f"- {name}: {json.dumps(values)}" for name, values in result["f1"].items())
    print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{args.out}.json").write_text(json.dumps(result, indent=2))
        Path(f"{args.out}.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
