import csv
import io
import json
import subprocess
import sys


def run(args, tiny_checkpoint, stdin=None):
    command = [sys.executable, "-m", "model.cli", "--checkpoint", str(tiny_checkpoint), "--device", "cpu", *map(str, args)]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=300)


def test_txt_and_jsonl_inputs_give_one_record_each_in_order(tmp_path, tiny_checkpoint):
    (tmp_path / "a.txt").write_text("Drones struck Odesa overnight.\r\nTwo were hurt.")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x1", "text": "Kyiv was hit.", "document_date": "2025-03-02"}) + "\n\n"
                    + json.dumps({"id": "x2", "text": "Nothing happened."}) + "\n")
    done = run([tmp_path / "a.txt", feed, "--out", tmp_path / "out.jsonl"], tiny_checkpoint)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == ["a.txt", "x1", "x2"]
    assert records[0]["text"] == "Drones struck Odesa overnight.\r\nTwo were hurt."
    assert "3 document(s) processed, 0 skipped" in done.stderr


def test_stdin_and_csv_summaries(tiny_checkpoint):
    done = run(["--format", "csv"], tiny_checkpoint, stdin="Russian drones struck Odesa and two people were killed.")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["id", "type", "trigger", "quantity", "quantity_value", "places", "weapon", "time",
                             "time_value", "source"] if rows else True
    assert all(row["id"] == "stdin" for row in rows)


def test_malformed_line_fails_with_path_and_line(tmp_path, tiny_checkpoint):
    feed = tmp_path / "bad.jsonl"
    feed.write_text(json.dumps({"id": "ok", "text": "Fine."}) + "\n{broken\n" + json.dumps({"id": "n", "txt": "x"}) + "\n")
    done = run([feed], tiny_checkpoint)
    assert done.returncode == 2
    assert f"{feed}:2: invalid JSON" in done.stderr
    skipped = run([feed, tmp_path / "missing.txt", "--skip-bad"], tiny_checkpoint)
    assert skipped.returncode == 0, skipped.stderr
    assert [json.loads(line)["id"] for line in skipped.stdout.splitlines()] == ["ok"]
    assert f"skipped: {feed}:3: expected an object with a string 'text'" in skipped.stderr
    assert "missing.txt: cannot read" in skipped.stderr
    assert "1 document(s) processed, 3 skipped" in skipped.stderr


def test_missing_checkpoint_is_a_clear_error(tmp_path):
    done = run(["-"], tmp_path / "none", stdin="text")
    assert done.returncode == 2 and f"checkpoint not found: {tmp_path / 'none'}" in done.stderr


def test_sharded_prediction_under_accelerate_launch_merges_in_order(tmp_path, tiny_checkpoint):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Drones struck Odesa {i} times."}) + "\n" for i in range(7)))
    command = [sys.executable, "-m", "accelerate.commands.launch", "--cpu", "--num_processes", "2", "--num_machines", "1",
               "--mixed_precision", "no", "--dynamo_backend", "no", "-m", "model.cli", str(feed),
               "--checkpoint", str(tiny_checkpoint), "--out", str(tmp_path / "out.jsonl")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    merged = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in merged] == [f"d{i}" for i in range(7)]  # input order, none lost or doubled
    assert not list(tmp_path.glob("out.jsonl.part*"))
    single = run([feed], tiny_checkpoint)
    assert [json.loads(line) for line in single.stdout.splitlines()] == merged  # same as one process


def test_bad_document_date_fails_or_is_skipped_with_the_id(tmp_path, tiny_checkpoint):
    feed = tmp_path / "dates.jsonl"
    feed.write_text(json.dumps({"id": "good", "text": "Kyiv was hit.", "document_date": "2025-03-02"}) + "\n"
                    + json.dumps({"id": "bad", "text": "Kyiv was hit.", "document_date": "someday"}) + "\n")
    failed = run([feed], tiny_checkpoint)
    assert failed.returncode == 2 and f"{feed}:2: 'document_date' must be an ISO date string (YYYY-MM-DD), got 'someday'" in failed.stderr
    skipped = run([feed, "--skip-bad"], tiny_checkpoint)
    assert [json.loads(line)["id"] for line in skipped.stdout.splitlines()] == ["good"]
    assert "1 document(s) processed, 1 skipped" in skipped.stderr
