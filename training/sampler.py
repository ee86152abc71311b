"""A shuffling sampler that puts windows of similar length in the same batch (less padding).

The order depends only on the seed and the epoch (``set_epoch``, which ``accelerate`` calls),
so a run resumed mid-epoch sees exactly the batches the interrupted run would have seen.

Example:
    >>> from training.sampler import LengthGroupedSampler
    >>> lengths = [5, 50, 6, 48]
    >>> sampler = LengthGroupedSampler(lengths, batch_size=2, seed=1)
    >>> sampler.set_epoch(3)
    >>> sorted(sampler) == [0, 1, 2, 3], max(lengths[i] for i in list(sampler)[:2])   # the longest batch first
    (True, 50)
"""

import torch
from torch.utils.data import Sampler
from transformers.trainer_pt_utils import get_length_grouped_indices


class LengthGroupedSampler(Sampler[int]):
    def __init__(self, lengths: list[int], batch_size: int, seed: int):
        self.lengths = list(lengths)
        self.batch_size = batch_size
        self.seed = seed
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.lengths)

    def __iter__(self):
        generator = torch.Generator().manual_seed(self.seed + self.epoch)
        return iter(get_length_grouped_indices(self.lengths, self.batch_size, generator=generator))
