"""Split batch prediction over ``accelerate launch`` processes and merge in input order.

Each process takes every N-th input, writes its results to a part file next to the
output, and the main process merges the parts by input index, checking that every input
appears exactly once (nothing lost, nothing duplicated).

Example:
    >>> from model.sharding import Shard
    >>> list(Shard(rank=1, world=2).indices(5))
    [1, 3]
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Shard:
    rank: int = 0
    world: int = 1
    device: str = "auto"
    state: object = None

    @classmethod
    def from_environment(cls) -> "Shard":
        """This process's shard under ``accelerate launch`` (or torchrun); the whole input otherwise."""
        if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
            return cls()
        from accelerate import PartialState

        state = PartialState()
        return cls(state.process_index, state.num_processes, str(state.device), state)

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def indices(self, count: int) -> range:
        return range(self.rank, count, self.world)

    def gather(self, results: dict[int, object], count: int, out: str) -> dict[int, object] | None:
        """All results by index on the main process (``None`` elsewhere)."""
        if self.world == 1:
            return results
        part = Path(f"{out}.part{self.rank}")
        with open(part, "w", encoding="utf-8") as handle:
            for index, value in results.items():
                handle.write(json.dumps({"index": index, "value": value}, ensure_ascii=False) + "\n")
        self.state.wait_for_everyone()
        if not self.is_main:
            return None
        merged: dict[int, object] = {}
        for rank in range(self.world):
            path = Path(f"{out}.part{rank}")
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                if item["index"] in merged:
                    raise RuntimeError(f"input {item['index']} was predicted twice (part {rank})")
                merged[item["index"]] = item["value"]
            path.unlink()
        missing = sorted(set(range(count)) - set(merged))
        if missing:
            raise RuntimeError(f"inputs {missing[:10]} missing from the merged output")
        return merged
