import pytest
import torch
from hypothesis import given, settings, strategies as st
from transformers import AutoModel

from model.decoding import merge_triggers, tags_to_spans, viterbi_tags
from model.extractor import CheckpointError, EventExtractor
from model.features import collate, encode_words
from model.schema import RELATION_CLASSES, TAG_CLASSES, bio_tags
from tests.conftest import tiny_model
from training.dataset import documents_to_dataset
from training.markup import compile_markup
from training.preprocess import example_windows

NAMES = bio_tags()
DOC = compile_markup(
    "@doc d\n[Two|QUANTITY>e1] [drones|WEAPON>e1] were [downed|INTERCEPT#e1] over [Kyiv|PLACE>e1], [officials|SOURCE>e1] said.\n"
)[0][0]


def batch_of(model, tokenizer):
    features = [w for ex in documents_to_dataset([DOC]) for w in example_windows(ex, tokenizer, model.config)]
    return collate(features, tokenizer.pad_token_id)


def test_output_shapes_and_pair_labels(tokenizer):
    model = tiny_model()
    batch = batch_of(model, tokenizer)
    assert batch["pairs"].shape == (1, 4, 6)  # one trigger x four arguments
    assert batch["pair_labels"].tolist() == [[RELATION_CLASSES.index(r) for r in ("quantity", "weapon", "place", "source")]]
    output = model(**batch)
    words = len("Two drones were downed over Kyiv , officials said .".split())
    assert output["tag_logits"].shape == (1, words, len(NAMES))
    assert output["relation_logits"].shape == (1, 4, len(RELATION_CLASSES))
    assert output["loss"].ndim == 0 and output["loss"] > 0


def test_masked_positions_do_not_count_in_the_loss(tokenizer):
    model = tiny_model().eval()
    batch = batch_of(model, tokenizer)
    full = model(**batch)
    batch["pair_labels"][:] = -100
    no_pairs = model(**batch)
    assert no_pairs["relation_loss"] == 0 and torch.isclose(no_pairs["tag_loss"], full["tag_loss"])
    batch["tag_labels"][0, 1:] = -100
    expected = torch.nn.functional.cross_entropy(full["tag_logits"][0, :1], batch["tag_labels"][0, :1])
    assert torch.isclose(model(**batch)["tag_loss"], expected)


def test_relation_head_only_allows_the_role_that_fits_the_argument(tokenizer):
    model = tiny_model().eval()
    batch = batch_of(model, tokenizer)
    probs = torch.softmax(model(**batch)["relation_logits"], dim=-1)[0]
    for row, allowed in zip(probs, ("quantity", "weapon", "place", "source")):
        permitted = {RELATION_CLASSES.index("none"), RELATION_CLASSES.index(allowed)}
        assert all(p == 0 for i, p in enumerate(row.tolist()) if i not in permitted)
        assert torch.isclose(row.sum(), torch.tensor(1.0))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.floats(-20, 0), min_size=len(NAMES), max_size=len(NAMES)), min_size=1, max_size=12))
def test_decoding_never_emits_an_invalid_iob2_sequence(rows):
    tags = [NAMES[t] for t in viterbi_tags(torch.tensor(rows), NAMES)]
    for previous, tag in zip(["O"] + tags, tags):
        if tag.startswith("I-"):
            assert previous[2:] == tag[2:] and previous != "O"


def test_decoding_repairs_a_stray_inside_tag():
    log_probs = torch.full((3, len(NAMES)), -10.0)
    log_probs[0, NAMES.index("O")] = 0
    log_probs[1, NAMES.index("I-PLACE")] = 0  # invalid after O
    log_probs[1, NAMES.index("B-PLACE")] = -1
    log_probs[2, NAMES.index("I-PLACE")] = 0
    tags = viterbi_tags(log_probs, NAMES)
    assert tags_to_spans(tags, NAMES) == [(1, 3, "PLACE")]


@pytest.mark.parametrize("words, spans, expected", [
    (["air", "strikes", "hit"], [(0, 1, "ATTACK", 0.9), (1, 2, "ATTACK", 0.5)], [(0, 2, "ATTACK", 0.7)]),
    (["killed", "or", "wounded"], [(0, 1, "CASUALTY", 1.0), (2, 3, "CASUALTY", 0.8)], [(0, 3, "CASUALTY", 0.9)]),
    (["strike", "killed"], [(0, 1, "ATTACK", 0.9), (1, 2, "CASUALTY", 0.9)], [(0, 1, "ATTACK", 0.9), (1, 2, "CASUALTY", 0.9)]),
    (["killed", ",", "wounded"], [(0, 1, "CASUALTY", 0.9), (2, 3, "CASUALTY", 0.9)], [(0, 1, "CASUALTY", 0.9), (2, 3, "CASUALTY", 0.9)]),
    (["Kyiv", "Odesa"], [(0, 1, "PLACE", 0.9), (1, 2, "PLACE", 0.9)], [(0, 1, "PLACE", 0.9), (1, 2, "PLACE", 0.9)]),
])
def test_pieces_of_one_trigger_phrase_are_joined(words, spans, expected):
    assert merge_triggers(spans, words, {"ATTACK", "CASUALTY"}) == expected


def test_long_sentences_are_windowed_not_truncated(tokenizer):
    words = ["drones"] * 150 + ["\u200b"]  # the last word has no sub-word of its own
    windows = encode_words(tokenizer, words, 64)
    assert sum(len(w["word_index"]) for w in windows) == len(words)
    assert all(len(w["input_ids"]) <= 64 for w in windows)
    assert windows[-1]["input_ids"][-2] == tokenizer.unk_token_id


def test_save_and_reload_give_identical_predictions(tmp_path, tokenizer):
    extractor = EventExtractor(tiny_model(seed=3), tokenizer, "cpu")
    text = "Air defences shot down 12 drones over Kyiv overnight, the mayor said. Two people were injured."
    before = extractor.predict(text).to_dict()
    extractor.save_pretrained(tmp_path / "ck")
    again = EventExtractor.from_pretrained(tmp_path / "ck", device="cpu").predict(text).to_dict()
    assert again == before
    reloaded = EventExtractor.from_pretrained(tmp_path / "ck", device="cpu")
    assert reloaded.config.tag_classes == list(TAG_CLASSES)
    batch = batch_of(extractor.model, tokenizer)  # gold pairs: relation scores exist even if none is predicted
    batch.pop("tag_labels"), batch.pop("pair_labels")
    assert torch.equal(extractor.model(**batch)["relation_logits"], reloaded.model(**batch)["relation_logits"])
    assert type(AutoModel.from_pretrained(tmp_path / "ck")) is type(extractor.model)  # registered with the Auto classes


def test_missing_or_corrupt_checkpoints_name_the_path_and_problem(tmp_path, tokenizer):
    with pytest.raises(CheckpointError, match=f"checkpoint not found: {tmp_path / 'nope'}"):
        EventExtractor.from_pretrained(tmp_path / "nope")
    EventExtractor(tiny_model(), tokenizer, "cpu").save_pretrained(tmp_path / "ck")
    (tmp_path / "ck" / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(CheckpointError, match=f"corrupt checkpoint {tmp_path / 'ck'}"):
        EventExtractor.from_pretrained(tmp_path / "ck")
    (tmp_path / "ck" / "model.safetensors").unlink()
    with pytest.raises(CheckpointError, match="missing model.safetensors"):
        EventExtractor.from_pretrained(tmp_path / "ck")
