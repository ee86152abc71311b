"""``EventExtractor``: a checkpoint on CPU or GPU turned into event records for raw text.

Example:
    >>> from model import EventExtractor
    >>> ex = EventExtractor.from_pretrained("checkpoints/default", device="auto")   # doctest: +SKIP
    >>> ex.predict("Air defences downed 12 drones over Kyiv.").events[0].type       # doctest: +SKIP
    'INTERCEPT'
"""

import datetime as dt
from pathlib import Path

import torch
from transformers import AutoTokenizer

from model.decoding import candidate_pairs, merge_triggers, tags_to_spans, viterbi_tags
from model.features import collate, encode_words
from model.modeling import EventExtractionModel
from model.normalize import normalize_quantity, normalize_time
from model.results import Argument, Entity, Event, Extraction, Trigger
from model.schema import ARGUMENT_LABELS, EVENT_TYPES, NO_RELATION
from model.text import split_sentences, tokenize_words

REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer_config.json")


class CheckpointError(OSError):
    """A checkpoint directory that is missing, incomplete or unreadable."""


def resolve_device(device: str) -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


class EventExtractor:
    """Wraps model + tokenizer; ``predict`` accepts one text or a list of texts."""

    def __init__(self, model: EventExtractionModel, tokenizer, device: str = "auto"):
        self.device = resolve_device(device)
        self.model = model.to(self.device).eval()
        self.tokenizer = tokenizer
        self.config = model.config

    @classmethod
    def from_pretrained(cls, path: str | Path, device: str = "auto", int8: bool = False) -> "EventExtractor":
        """Load a checkpoint directory; ``int8=True`` applies dynamic int8 quantisation to the
        linear layers (CPU only), a faster opt-in path."""
        path = Path(path)
        if not path.is_dir():
            raise CheckpointError(f"checkpoint not found: {path} is not a directory")
        missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
        if missing:
            raise CheckpointError(f"incomplete checkpoint {path}: missing {', '.join(missing)}")
        try:
            model = EventExtractionModel.from_pretrained(path)
            tokenizer = AutoTokenizer.from_pretrained(path)
        except Exception as error:  # safetensors, JSON and tokenizer errors all mean a corrupt checkpoint
            raise CheckpointError(f"corrupt checkpoint {path}: {type(error).__name__}: {error}") from error
        if int8:
            if resolve_device(device).type != "cpu":
                raise ValueError("int8 quantisation runs on the CPU only; use device='cpu'")
            model = torch.ao.quantization.quantize_dynamic(model.eval(), {torch.nn.Linear}, dtype=torch.qint8)
        return cls(model, tokenizer, device)

    def save_pretrained(self, path: str | Path) -> None:
        self.model.save_pretrained(path)
        self.tokenizer.save_pretrained(path)

    def predict(self, texts: str | list[str], batch_size: int = 32, threshold: float = 0.0,
                document_date: str | None = None):
        """Extraction for one text, or a list of them in input order for a list of texts.

        ``threshold`` drops spans and arguments scored below it (triggers also below the
        checkpoint's dev-calibrated ``trigger_threshold``); ``document_date`` (ISO) anchors
        relative TIME expressions."""
        single = isinstance(texts, str)
        if not single and not isinstance(texts, (list, tuple)):
            raise TypeError(f"predict() takes a str or a list of str, not {type(texts).__name__}")
        batch = [texts] if single else list(texts)
        for index, text in enumerate(batch):
            if not isinstance(text, str):
                raise TypeError(f"text at index {index} is {type(text).__name__}, not str")
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if document_date is not None:
            try:
                dt.date.fromisoformat(str(document_date)[:10])
            except ValueError:
                raise ValueError(f"document_date must be an ISO date (YYYY-MM-DD), got {document_date!r}") from None
        results = self._extract(batch, batch_size, threshold, document_date)
        return results[0] if single else results

    def _windows(self, text: str) -> list[dict]:
        windows = []
        for sentence_start, sentence_end in split_sentences(text):
            offsets = tokenize_words(text, sentence_start, sentence_end)
            words = [text[s:e] for s, e in offsets]
            for window in encode_words(self.tokenizer, words, self.config.window_size):
                first = window["first_word"]
                window["offsets"] = offsets[first : first + len(window["word_index"])]
                window["words"] = words[first : first + len(window["word_index"])]
                window["sentence"] = {"start": sentence_start, "end": sentence_end}
                windows.append(window)
        return windows

    @torch.inference_mode()
    def _extract(self, texts: list[str], batch_size: int, threshold: float, document_date: str | None) -> list[Extraction]:
        """All sentence windows of all texts, batched by length across texts (one encoder pass each)."""
        windows = [(index, window) for index, text in enumerate(texts) for window in self._windows(text)]
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][1]["input_ids"]))
        decoded = {}
        for begin in range(0, len(order), batch_size):
            chosen = order[begin : begin + batch_size]
            for index, value in zip(chosen, self._decode_batch([windows[i][1] for i in chosen])):
                decoded[index] = value
        results = [Extraction(text=text) for text in texts]
        for position, (index, window) in enumerate(windows):
            self._collect(texts[index], window, *decoded[position], threshold, results[index], document_date)
        return results

    def _decode_batch(self, windows: list[dict]):
        names = self.config.tag_names
        batch = {k: v.to(self.device) for k, v in collate(windows, self.tokenizer.pad_token_id).items()}
        words = self.model.word_representations(batch["input_ids"], batch["attention_mask"], batch["word_index"], batch["shape_ids"])
        log_probs = torch.log_softmax(self.model.tag_head(words).float(), dim=-1).cpu()
        class_id = {name: i for i, name in enumerate(self.config.tag_classes)}
        all_spans, all_pairs = [], []
        for row, window in enumerate(windows):
            row_log_probs = log_probs[row, : len(window["word_index"])]
            tags = viterbi_tags(row_log_probs, names)
            spans = [
                (s, e, c, float(row_log_probs[torch.arange(s, e), torch.tensor(tags[s:e])].exp().mean()))
                for s, e, c in tags_to_spans(tags, names)
            ]
            spans = merge_triggers(spans, window["words"], EVENT_TYPES)
            pairs = candidate_pairs([(s, e, c) for s, e, c, _ in spans], EVENT_TYPES, ARGUMENT_LABELS)
            all_spans.append(spans)
            all_pairs.append(pairs)
        most = max((len(p) for p in all_pairs), default=0)
        relation_probs = [None] * len(windows)
        if most:
            pair_tensor = torch.zeros(len(windows), most, 6, dtype=torch.long)
            for row, (spans, pairs) in enumerate(zip(all_spans, all_pairs)):
                for column, (t, a) in enumerate(pairs):
                    (hs, he, hc, _), (ts, te, tc, _) = spans[t], spans[a]
                    pair_tensor[row, column] = torch.tensor([hs, he, ts, te, class_id[hc], class_id[tc]])
            probs = torch.softmax(self.model.relation_logits(words, pair_tensor.to(self.device)).float(), dim=-1).cpu()
            relation_probs = [probs[row, : len(pairs)] for row, pairs in enumerate(all_pairs)]
        return [(spans, pairs, probs) for spans, pairs, probs in zip(all_spans, all_pairs, relation_probs)]

    def _collect(self, text, window, spans, pairs, probs, threshold, result: Extraction, document_date) -> None:
        offsets = window["offsets"]

        def chars(span):
            return offsets[span[0]][0], offsets[span[1] - 1][1]

        events = {}
        for index, span in enumerate(spans):
            if span[3] < threshold:
                continue
            start, end = chars(span)
            if span[2] in EVENT_TYPES:
                if span[3] < self.config.trigger_threshold:
                    continue
                trigger = Trigger(start, end, text[start:end], round(span[3], 4))
                events[index] = Event(span[2], trigger, [], dict(window["sentence"]))
            else:
                result.entities.append(Entity(start, end, span[2], text[start:end], round(span[3], 4),
                                              _attributes(span[2], text[start:end], document_date)))
        roles = self.config.relation_classes
        for column, (t, a) in enumerate(pairs):
            if t not in events or spans[a][3] < threshold:
                continue
            best = int(probs[column].argmax())
            score = float(probs[column, best])
            if roles[best] != NO_RELATION and score >= threshold:
                start, end = chars(spans[a])
                events[t].arguments.append(Argument(start, end, spans[a][2], text[start:end], round(score, 4),
                                                    _attributes(spans[a][2], text[start:end], document_date), role=roles[best]))
        result.events.extend(events[i] for i in sorted(events))


def _attributes(label: str, text: str, document_date: str | None) -> dict:
    """Normalised values of QUANTITY and TIME spans."""
    if label == "QUANTITY":
        return normalize_quantity(text)
    if label == "TIME":
        return {"normalized": normalize_time(text, document_date)}
    return {}
