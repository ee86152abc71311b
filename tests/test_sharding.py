import pytest

from model.sharding import Shard


def test_shards_partition_the_input():
    shards = [list(Shard(rank=r, world=3).indices(10)) for r in range(3)]
    assert sorted(i for shard in shards for i in shard) == list(range(10))


class FakeState:
    def wait_for_everyone(self):
        pass


def test_gather_detects_lost_and_duplicated_inputs(tmp_path):
    out = str(tmp_path / "out.jsonl")
    Shard(rank=1, world=2, state=FakeState()).gather({1: "b", 3: "d"}, 4, out)
    assert Shard(rank=0, world=2, state=FakeState()).gather({0: "a", 2: "c"}, 4, out) == {0: "a", 1: "b", 2: "c", 3: "d"}
    Shard(rank=1, world=2, state=FakeState()).gather({1: "b"}, 4, out)
    with pytest.raises(RuntimeError, match=r"inputs \[3\] missing"):
        Shard(rank=0, world=2, state=FakeState()).gather({0: "a", 2: "c"}, 4, out)
    Shard(rank=1, world=2, state=FakeState()).gather({1: "b", 2: "c"}, 3, out)
    with pytest.raises(RuntimeError, match="input 2 was predicted twice"):
        Shard(rank=0, world=2, state=FakeState()).gather({0: "a", 2: "c"}, 3, out)
