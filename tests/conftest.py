"""Shared fixtures: a tiny randomly initialised encoder and a small built corpus."""

import pytest
from transformers import AutoTokenizer, BertConfig, BertModel

from model.configuration import EventExtractionConfig
from model.encoders import DEFAULT_ENCODER, resolve_encoder
from model.modeling import EventExtractionModel
from training.build import build

CORPUS = """@doc t-{i}
[Ukraine's air force|SOURCE>e1] said its units [shot down|INTERCEPT#e1] [{n}|QUANTITY>e1] [Shahed drones|WEAPON>e1] over the [Odesa region|PLACE>e1] [overnight|TIME>e1].
A missile [strike|ATTACK#e2] on [Kharkiv|PLACE>e2] [killed|CASUALTY#e3] [two|QUANTITY>e3] people and [damaged|DAMAGE#e4] [five|QUANTITY>e4] buildings, [Governor Oleh Syniehubov|SOURCE>e2,e3,e4] said.
Trains were [delayed|DISRUPTION#e5] near [Lviv|PLACE>e5]. No casualties were reported.
"""


@pytest.fixture(scope="session")
def tokenizer():
    return AutoTokenizer.from_pretrained(resolve_encoder(DEFAULT_ENCODER))


def tiny_model(seed: int = 0, **config_kwargs) -> EventExtractionModel:
    import torch

    torch.manual_seed(seed)
    encoder = BertModel(BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                   intermediate_size=64, max_position_embeddings=128), add_pooling_layer=False)
    config = EventExtractionConfig(encoder_config=encoder.config.to_dict(), encoder_name="tiny", window_size=64,
                                   relation_hidden_dim=32, **config_kwargs)
    return EventExtractionModel(config, encoder=encoder)


@pytest.fixture()
def corpus_dir(tmp_path):
    authored = tmp_path / "authored"
    authored.mkdir()
    (authored / "a.txt").write_text("".join(CORPUS.format(i=i, n=10 + i) for i in range(24)), encoding="utf-8")
    build(authored, None, tmp_path / "standoff", tmp_path / "splits.json", tmp_path / "build")
    return tmp_path / "build"


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory, tokenizer):
    """A saved checkpoint of the tiny model (its tag bias favours spans, so output is not empty)."""
    import torch

    from model.extractor import EventExtractor

    model = tiny_model(seed=1)
    with torch.no_grad():
        model.tag_head.bias[0] = -3.0
    path = tmp_path_factory.mktemp("checkpoint") / "tiny"
    EventExtractor(model, tokenizer, "cpu").save_pretrained(path)
    return path
