import json

import pytest
import torch
from accelerate.state import AcceleratorState
from safetensors.torch import load_file

from tests.conftest import tiny_model
from training import train as train_module
from training.config import ConfigError, TrainConfig, load_config
from training.train import STATE_DIR, build_model, train


def config_for(corpus_dir, output_dir, **values):
    settings = dict(batch_size=4, epochs=2, save_every_steps=2, learning_rate=1e-3, warmup_ratio=0.0)
    return TrainConfig(data_dir=corpus_dir, output_dir=output_dir, **{**settings, **values})


def same_weights(path_a, path_b) -> bool:
    """Whether two safetensors files hold the same tensors (up to float noise)."""
    a, b = load_file(path_a), load_file(path_b)
    return a.keys() == b.keys() and all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)


class Interrupted(Exception):
    pass


def test_resume_after_interruption_matches_an_uninterrupted_run(corpus_dir, tmp_path, tokenizer, monkeypatch):
    straight = config_for(corpus_dir, tmp_path / "straight")
    train(straight, tiny_model(), tokenizer)
    steps_per_epoch = json.loads((tmp_path / "straight" / "metrics.jsonl").read_text().splitlines()[0])["global_step"]
    fail_at = steps_per_epoch + 5  # mid-epoch 2
    last_save = max(steps_per_epoch, (fail_at - 1) // 2 * 2)  # saves every 2 steps and at epoch ends

    interrupted = config_for(corpus_dir, tmp_path / "interrupted")
    original_backward = train_module.Accelerator.backward
    calls = {"n": 0}

    def failing_backward(self, loss, **kwargs):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise Interrupted
        return original_backward(self, loss, **kwargs)

    monkeypatch.setattr(train_module.Accelerator, "backward", failing_backward)
    with pytest.raises(Interrupted):
        train(interrupted, tiny_model(), tokenizer)
    progress = json.loads((tmp_path / "interrupted" / STATE_DIR / "progress.json").read_text())
    assert (progress["epoch"], progress["step_in_epoch"], progress["global_step"]) == (1, last_save - steps_per_epoch, last_save)
    monkeypatch.setattr(train_module.Accelerator, "backward", original_backward)
    train(interrupted, tiny_model(seed=99), tokenizer)  # different init: the saved state must win

    final = json.loads((tmp_path / "interrupted" / STATE_DIR / "progress.json").read_text())
    assert final["global_step"] == json.loads((tmp_path / "straight" / STATE_DIR / "progress.json").read_text())["global_step"]
    assert same_weights(*(tmp_path / run / STATE_DIR / "model.safetensors" for run in ("straight", "interrupted")))
    log = [json.loads(line) for line in (tmp_path / "interrupted" / "metrics.jsonl").read_text().splitlines()]
    assert [entry["epoch"] for entry in log if "epoch" in entry] == [1, 2]
    assert same_weights(*(tmp_path / run / "model.safetensors" for run in ("straight", "interrupted")))
    calibrated = json.loads((tmp_path / "interrupted" / "config.json").read_text())["trigger_threshold"]
    assert log[-1]["trigger_threshold"] == calibrated and str(calibrated) in log[-1]["dev_trigger_f1_by_threshold"]


def test_bad_configs_fail_at_start_with_a_clear_message(tmp_path, corpus_dir):
    path = tmp_path / "c.yaml"
    path.write_text(f"data_dir: {corpus_dir}\nepochs: 2\nlearning_rat: 0.1\n")
    with pytest.raises(ConfigError, match="learning_rat: Extra inputs are not permitted"):
        load_config(path)
    path.write_text(f"data_dir: {corpus_dir}\nepochs: many\n")
    with pytest.raises(ConfigError, match="epochs: Input should be a valid integer"):
        load_config(path)
    path.write_text("data_dir: /nowhere\n")
    with pytest.raises(ConfigError, match="data_dir /nowhere has no train.jsonl"):
        load_config(path)
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "missing.yaml")
    path.write_text("- a list\n")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_config(path)


def test_shipped_configs_load(corpus_dir):
    for name in ("default", "gpu"):
        assert load_config(f"configs/{name}.yaml", data_dir=str(corpus_dir)).encoder


@pytest.fixture()
def fresh_accelerator_state():
    """Accelerate fixes the precision once per process; reset it around a test that changes it."""
    AcceleratorState._reset_state(reset_partial_state=True)
    yield
    AcceleratorState._reset_state(reset_partial_state=True)


def test_frozen_word_embeddings_stay_fixed_under_bf16_training(corpus_dir, tmp_path, tokenizer, fresh_accelerator_state):
    model = tiny_model()
    embeddings = model.encoder.get_input_embeddings().weight.detach().clone()
    first_layer = next(model.encoder.encoder.parameters()).detach().clone()
    train(config_for(corpus_dir, tmp_path / "frozen", epochs=1, freeze_word_embeddings=True, mixed_precision="bf16"), model, tokenizer)
    assert torch.equal(model.encoder.get_input_embeddings().weight, embeddings)
    assert not torch.equal(next(model.encoder.encoder.parameters()), first_layer)


def test_smoke_real_default_encoder_loss_goes_down(corpus_dir, tmp_path):
    config = config_for(corpus_dir, tmp_path / "smoke", epochs=1, max_train_steps=12, learning_rate=1e-4)
    model, tokenizer = build_model(config)
    assert model.encoder.config.hidden_size == 384 and model.encoder.config.num_hidden_layers == 6
    losses = []
    original = model.forward

    def recording_forward(*args, **kwargs):
        output = original(*args, **kwargs)
        losses.append(output["loss"].item())
        return output

    model.forward = recording_forward
    train(config, model, tokenizer)
    assert len(losses) == 12
    assert sum(losses[-3:]) / 3 < 0.7 * sum(losses[:3]) / 3


def test_length_grouped_sampler_cuts_padding_and_repeats_per_epoch():
    from training.sampler import LengthGroupedSampler

    lengths = [int(x) for x in torch.randint(5, 200, (640,), generator=torch.Generator().manual_seed(0))]
    sampler = LengthGroupedSampler(lengths, batch_size=16, seed=7)

    def padded(order):
        return sum(16 * max(lengths[i] for i in order[b : b + 16]) for b in range(0, len(order), 16))

    sampler.set_epoch(2)
    first = list(sampler)
    assert sorted(first) == list(range(640))
    assert padded(first) < 0.8 * padded(list(torch.randperm(640, generator=torch.Generator().manual_seed(1))))
    assert list(sampler) == first  # same epoch, same order: what a resumed run relies on
    sampler.set_epoch(3)
    assert list(sampler) != first
