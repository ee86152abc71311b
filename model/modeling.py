"""The joint model: one encoder pass feeds a BIO tagging head and a pairwise relation head.

Words are represented by their first sub-word (plus an optional casing/shape embedding).
The tag head predicts IOB2 tags over trigger types and argument labels. The relation head
scores each (trigger span, argument span) pair of a window as ``none`` or the one role that
fits the argument's label; every other role is masked out.

Example:
    >>> from model.modeling import EventExtractionModel
    >>> model = EventExtractionModel.from_encoder("sentence-transformers/all-MiniLM-L6-v2")  # doctest: +SKIP
    >>> model.save_pretrained("checkpoints/x")                                              # doctest: +SKIP
"""

from functools import lru_cache

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PreTrainedModel

from model.configuration import EventExtractionConfig
from model.encoders import resolve_encoder
from model.features import SHAPE_COUNT
from model.schema import LABEL_FOR_ROLE, NO_RELATION

DISTANCE_BUCKETS = (0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64)


@lru_cache(maxsize=8)
def _relation_mask(tag_classes: tuple[str, ...], relation_classes: tuple[str, ...]) -> torch.Tensor:
    """``[tag class, relation class]`` -> whether that relation may end on that class."""
    mask = torch.zeros(len(tag_classes), len(relation_classes), dtype=torch.bool, device="cpu")
    mask[:, relation_classes.index(NO_RELATION)] = True
    for class_index, name in enumerate(tag_classes):
        for relation_index, role in enumerate(relation_classes):
            if LABEL_FOR_ROLE.get(role) == name:
                mask[class_index, relation_index] = True
    return mask


def _without_pooler(make, source):
    """The encoder without its sentence pooler (unused here) where the architecture has one."""
    try:
        return make(source, add_pooling_layer=False)
    except TypeError:
        return make(source)


class EventExtractionModel(PreTrainedModel):
    config_class = EventExtractionConfig
    base_model_prefix = "event_extraction"
    _no_split_modules = []

    def __init__(self, config: EventExtractionConfig, encoder: PreTrainedModel | None = None):
        super().__init__(config)
        if encoder is None:
            encoder_config = AutoConfig.for_model(**config.encoder_config)
            encoder = _without_pooler(AutoModel.from_config, encoder_config)
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        shape_dim = config.shape_dim if config.use_shape_feature else 0
        word_dim = hidden + shape_dim
        self.shape_embedding = nn.Embedding(SHAPE_COUNT, config.shape_dim) if config.use_shape_feature else None
        self.dropout = nn.Dropout(config.classifier_dropout)
        self.tag_head = nn.Linear(word_dim, len(config.tag_names))
        self.class_embedding = nn.Embedding(len(config.tag_classes), config.label_embedding_dim)
        self.distance_embedding = nn.Embedding(len(DISTANCE_BUCKETS) * 2, config.label_embedding_dim)
        pair_dim = 4 * word_dim + 3 * config.label_embedding_dim
        self.relation_head = nn.Sequential(
            nn.Linear(pair_dim, config.relation_hidden_dim),
            nn.GELU(),
            nn.Dropout(config.classifier_dropout),
            nn.Linear(config.relation_hidden_dim, len(config.relation_classes)),
        )
        self.post_init()

    def _init_weights(self, module):
        if module is self.encoder or any(module is m for m in self.encoder.modules()):
            return
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=self.config.initializer_range)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=self.config.initializer_range)

    @classmethod
    def from_encoder(cls, name_or_path: str, **config_kwargs) -> "EventExtractionModel":
        """A new model around a pretrained encoder (hub id, local path or bundled copy)."""
        encoder = _without_pooler(AutoModel.from_pretrained, resolve_encoder(name_or_path))
        encoder_config = encoder.config.to_dict()
        config = EventExtractionConfig(encoder_config=encoder_config, encoder_name=name_or_path, **config_kwargs)
        return cls(config, encoder=encoder)

    def word_representations(self, input_ids, attention_mask, word_index, shape_ids):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        words = torch.gather(hidden, 1, word_index.unsqueeze(-1).expand(-1, -1, hidden.size(-1)))
        if self.shape_embedding is not None:
            words = torch.cat([words, self.shape_embedding(shape_ids)], dim=-1)
        return self.dropout(words)

    def relation_logits(self, words: torch.Tensor, pairs: torch.Tensor) -> torch.Tensor:
        """Masked logits ``[batch, pairs, relation classes]``; ``pairs`` rows hold
        head start, head end, tail start, tail end (word indices, end exclusive), head class, tail class."""
        def at(index):
            return torch.gather(words, 1, index.clamp(min=0).unsqueeze(-1).expand(-1, -1, words.size(-1)))

        head_start, head_end, tail_start, tail_end, head_class, tail_class = pairs.unbind(-1)
        distance = tail_start - head_start
        # Built per call, not held as buffers: from_pretrained creates the model on the meta
        # device and would leave non-persistent buffers uninitialised.
        edges = torch.tensor(DISTANCE_BUCKETS, device=pairs.device)
        bucket = torch.bucketize(distance.abs(), edges) + (distance < 0) * len(DISTANCE_BUCKETS)
        bucket = bucket.clamp(max=2 * len(DISTANCE_BUCKETS) - 1)
        features = torch.cat([
            at(head_start), at(head_end - 1), at(tail_start), at(tail_end - 1),
            self.class_embedding(head_class), self.class_embedding(tail_class), self.distance_embedding(bucket),
        ], dim=-1)
        logits = self.relation_head(features)
        allowed = _relation_mask(tuple(self.config.tag_classes), tuple(self.config.relation_classes)).to(pairs.device)[tail_class]
        return logits.masked_fill(~allowed, torch.finfo(logits.dtype).min)

    def forward(self, input_ids, attention_mask, word_index, word_mask, shape_ids, pairs, pair_mask,
                tag_labels=None, pair_labels=None, relation_loss_weight: float = 1.0):
        words = self.word_representations(input_ids, attention_mask, word_index, shape_ids)
        tag_logits = self.tag_head(words)
        relation_logits = self.relation_logits(words, pairs)
        output = {"tag_logits": tag_logits, "relation_logits": relation_logits}
        if tag_labels is not None:
            loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
            tag_loss = loss_fn(tag_logits.reshape(-1, tag_logits.size(-1)).float(), tag_labels.reshape(-1))
            relation_loss = loss_fn(relation_logits.reshape(-1, relation_logits.size(-1)).float(), pair_labels.reshape(-1))
            if torch.isnan(relation_loss):  # a batch without any candidate pair
                relation_loss = tag_loss.new_zeros(())
            output.update(tag_loss=tag_loss, relation_loss=relation_loss, loss=tag_loss + relation_loss_weight * relation_loss)
        return output


AutoModel.register(EventExtractionConfig, EventExtractionModel)
