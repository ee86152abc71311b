"""Training configuration from YAML, checked at start: unknown keys, wrong types, missing paths.

Example:
    >>> from training.config import load_config
    >>> cfg = load_config("configs/default.yaml")     # doctest: +SKIP
    >>> cfg.encoder
    'sentence-transformers/all-MiniLM-L6-v2'
"""

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class ConfigError(ValueError):
    """A configuration file that cannot be used, with the file and the reason."""


class TrainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    encoder: str = "sentence-transformers/all-MiniLM-L6-v2"
    data_dir: Path = Path("data/build")
    output_dir: Path = Path("checkpoints/default")
    epochs: int = Field(10, ge=1)
    batch_size: int = Field(16, ge=1)
    learning_rate: float = Field(5e-5, gt=0)
    head_learning_rate: float = Field(1e-3, gt=0)
    weight_decay: float = Field(0.01, ge=0)
    warmup_ratio: float = Field(0.1, ge=0, le=1)
    max_grad_norm: float = Field(1.0, gt=0)
    relation_loss_weight: float = Field(1.0, ge=0)
    use_shape_feature: bool = True
    freeze_word_embeddings: bool = False
    window_size: int = Field(256, ge=16)
    seed: int = 13
    patience: int = Field(3, ge=1)
    save_every_steps: int = Field(200, ge=1)
    mixed_precision: Literal["no", "fp16", "bf16"] = "no"
    num_workers: int = Field(0, ge=0)
    max_train_steps: int | None = Field(None, ge=1)


def load_config(path: str | Path, **overrides) -> TrainConfig:
    """Read and check a YAML config; ``overrides`` replace keys (e.g. from the command line)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: expected a mapping of keys to values")
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        config = TrainConfig.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"{path}: {problems}") from None
    for split in ("train", "dev"):
        if not (config.data_dir / f"{split}.jsonl").is_file():
            raise ConfigError(f"{path}: data_dir {config.data_dir} has no {split}.jsonl (run events-build first)")
    return config
