import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_model_card.py"
spec = importlib.util.spec_from_file_location("make_model_card", SCRIPT)
make_model_card = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_model_card)


def test_training_cost_is_read_from_time_output(tmp_path):
    log = tmp_path / "train.log"
    log.write_text("epoch 12/12 ...\n\tElapsed (wall clock) time (h:mm:ss or m:ss): 15:47.90\n"
                   "\tMaximum resident set size (kbytes): 2668372\n")
    assert make_model_card.training_cost(log) == "15 min 47 s wall, 2.5 GiB peak memory"
    log.write_text("\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02:03\n\tMaximum resident set size (kbytes): 1048576\n")
    assert make_model_card.training_cost(log) == "62 min 03 s wall, 1.0 GiB peak memory"


def test_a_log_without_time_output_is_named_not_guessed(tmp_path):
    log = tmp_path / "train.log"
    log.write_text("training finished\n")
    assert make_model_card.training_cost(log) == f"(no /usr/bin/time -v output in {log})"
    assert "(no /usr/bin/time -v output in" in make_model_card.training_cost(tmp_path / "missing.log")
