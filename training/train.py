"""Train the joint model with ``accelerate``: CPU, one GPU, or ``accelerate launch`` on many.

AdamW with warm-up, gradient clipping, fixed seeds, evaluation on dev every epoch, the best
checkpoint kept in ``output_dir``, early stopping, metrics appended to
``output_dir/metrics.jsonl``, and resumption: training state is saved every
``save_every_steps`` and at each epoch end under ``output_dir/training_state``; a restarted
run continues from there.

Usage:
    events-train --config configs/default.yaml
    accelerate launch -m training.train --config configs/gpu.yaml

Example:
    >>> from training.config import load_config
    >>> from training.train import train
    >>> train(load_config("configs/default.yaml", epochs=1))   # doctest: +SKIP
"""

import argparse
import json
import math
import shutil
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import torch
from accelerate import Accelerator
from accelerate.utils import set_seed
from torch.utils.data import DataLoader
from tqdm.auto import tqdm
from transformers import AutoTokenizer, get_linear_schedule_with_warmup

from model.encoders import resolve_encoder
from model.extractor import EventExtractor
from model.features import collate
from model.modeling import EventExtractionModel
from training.config import ConfigError, TrainConfig, load_config
from training.corpus import read_jsonl
from training.dataset import documents_to_dataset
from training.evaluate import calibrate_trigger_threshold, evaluate_extractor, headline
from training.preprocess import example_windows
from training.sampler import LengthGroupedSampler

STATE_DIR = "training_state"
PROGRESS_FILE = "progress.json"


def library_versions() -> dict:
    """Versions of the installed libraries a checkpoint depends on (saved in its config)."""
    versions = {}
    for name in ("torch", "transformers", "accelerate", "conflict-event-extraction"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            pass
    return versions


def selection_score(metrics: dict) -> float:
    """Dev figure used for keeping the best checkpoint and early stopping."""
    row = headline(metrics)
    return (row["all_spans_micro_f1"] + row["argument_classification_f1"]) / 2


def build_model(config: TrainConfig):
    tokenizer = AutoTokenizer.from_pretrained(resolve_encoder(config.encoder))
    model = EventExtractionModel.from_encoder(
        config.encoder, use_shape_feature=config.use_shape_feature, window_size=config.window_size,
        library_versions=library_versions(),
    )
    return model, tokenizer


def train(config: TrainConfig, model=None, tokenizer=None, resume: bool = True) -> dict:
    """Run training; returns the best dev metrics. ``model``/``tokenizer`` default to the config's encoder."""
    accelerator = Accelerator(mixed_precision=config.mixed_precision)
    set_seed(config.seed)
    if model is None:
        model, tokenizer = build_model(config)
    output_dir = Path(config.output_dir)
    state_dir, progress_path = output_dir / STATE_DIR, output_dir / STATE_DIR / PROGRESS_FILE
    train_docs = [doc for doc, _ in read_jsonl(config.data_dir / "train.jsonl")]
    dev_docs = [doc for doc, _ in read_jsonl(config.data_dir / "dev.jsonl")]
    features = [w for ex in documents_to_dataset(train_docs) for w in example_windows(ex, tokenizer, model.config)]
    # Batches of similar-length windows (less padding). The loader's own generator keeps
    # iterator creation from drawing on the global RNG, so a resumed run's dropout masks match
    # those of an uninterrupted one.
    sampler = LengthGroupedSampler([len(f["input_ids"]) for f in features], config.batch_size, config.seed)
    loader = DataLoader(features, batch_size=config.batch_size, sampler=sampler, num_workers=config.num_workers,
                        collate_fn=lambda batch: collate(batch, tokenizer.pad_token_id),
                        generator=torch.Generator().manual_seed(config.seed))
    if config.freeze_word_embeddings:
        model.encoder.get_input_embeddings().weight.requires_grad_(False)
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    encoder_params = [p for n, p in trainable if n.startswith("encoder.")]
    head_params = [p for n, p in trainable if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW([
        {"params": encoder_params, "lr": config.learning_rate},
        {"params": head_params, "lr": config.head_learning_rate},
    ], weight_decay=config.weight_decay)
    steps_per_epoch = math.ceil(len(loader) / accelerator.num_processes)
    total_steps = config.max_train_steps or steps_per_epoch * config.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(config.warmup_ratio * total_steps), total_steps)
    model, optimizer, loader, scheduler = accelerator.prepare(model, optimizer, loader, scheduler)

    progress = {"epoch": 0, "step_in_epoch": 0, "global_step": 0, "best": -1.0, "best_metrics": None, "bad_epochs": 0}
    if resume and progress_path.is_file():
        accelerator.load_state(str(state_dir))
        progress = json.loads(progress_path.read_text())
        accelerator.print(f"resuming from {state_dir}: epoch {progress['epoch']}, step {progress['step_in_epoch']}")

    def save_state():
        accelerator.wait_for_everyone()
        accelerator.save_state(str(state_dir))
        if accelerator.is_main_process:
            progress_path.write_text(json.dumps(progress))

    started = time.time()
    for epoch in range(progress["epoch"], config.epochs):
        model.train()
        loader.set_epoch(epoch)
        skip = progress["step_in_epoch"]
        batches = accelerator.skip_first_batches(loader, skip) if skip else loader
        bar = tqdm(batches, desc=f"epoch {epoch + 1}/{config.epochs}", initial=skip, total=len(loader),
                   disable=not accelerator.is_local_main_process)
        for batch in bar:
            output = model(**batch, relation_loss_weight=config.relation_loss_weight)
            accelerator.backward(output["loss"])
            accelerator.clip_grad_norm_(model.parameters(), config.max_grad_norm)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            progress["step_in_epoch"] += 1
            progress["global_step"] += 1
            bar.set_postfix(loss=f"{output['loss'].item():.3f}")
            if progress["global_step"] % config.save_every_steps == 0:
                save_state()
            if config.max_train_steps and progress["global_step"] >= config.max_train_steps:
                break
        metrics = _evaluate(accelerator, model, tokenizer, dev_docs)
        improved = metrics is not None and selection_score(metrics) > progress["best"]
        if accelerator.is_main_process:
            record = {"epoch": epoch + 1, "global_step": progress["global_step"], "seconds": round(time.time() - started, 1),
                      "loss": round(output["loss"].item(), 4), "dev": headline(metrics)}
            with open(output_dir / "metrics.jsonl", "a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")
            accelerator.print(json.dumps(record))
            if improved:
                EventExtractor(accelerator.unwrap_model(model), tokenizer, "cpu").save_pretrained(output_dir)
                accelerator.unwrap_model(model).to(accelerator.device)
        if improved:
            progress.update(best=selection_score(metrics), best_metrics=headline(metrics), bad_epochs=0)
        else:
            progress["bad_epochs"] += 1
        progress.update(epoch=epoch + 1, step_in_epoch=0)
        save_state()
        if progress["bad_epochs"] >= config.patience or (config.max_train_steps and progress["global_step"] >= config.max_train_steps):
            break
    if accelerator.is_main_process and (output_dir / "config.json").is_file() and dev_docs:
        _calibrate(output_dir, dev_docs)
    return progress["best_metrics"] or {}


def _calibrate(output_dir: Path, dev_docs) -> None:
    """Store the dev-calibrated trigger threshold in the best checkpoint's config."""
    extractor = EventExtractor.from_pretrained(output_dir, device="cpu")
    extractor.config.trigger_threshold = 0.0
    threshold, scores = calibrate_trigger_threshold(extractor, dev_docs)
    extractor.config.trigger_threshold = threshold
    extractor.config.save_pretrained(output_dir)
    with open(output_dir / "metrics.jsonl", "a", encoding="utf-8") as log:
        log.write(json.dumps({"trigger_threshold": threshold, "dev_trigger_f1_by_threshold": scores}) + "\n")


def _evaluate(accelerator, model, tokenizer, documents):
    if not accelerator.is_main_process or not documents:
        return None
    extractor = EventExtractor(accelerator.unwrap_model(model), tokenizer, str(accelerator.device))
    metrics = evaluate_extractor(extractor, documents)
    model.train()
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the joint event-extraction model")
    parser.add_argument("--config", default="configs/default.yaml")
    parser.add_argument("--output-dir", default=None)
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--max-train-steps", type=int, default=None)
    parser.add_argument("--no-resume", action="store_true", help="start afresh, discarding saved training state")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config, output_dir=args.output_dir, epochs=args.epochs, max_train_steps=args.max_train_steps)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.no_resume and (Path(config.output_dir) / STATE_DIR).exists():
        shutil.rmtree(Path(config.output_dir) / STATE_DIR)
    Path(config.output_dir).mkdir(parents=True, exist_ok=True)
    best = train(config, resume=not args.no_resume)
    print(json.dumps({"best_dev": best}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
