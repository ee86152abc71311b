import json

import pytest

from training.build import build
from training.corpus import CorpusError, read_jsonl
from training.re3d import absorb, annotated_documents, convert, load_re3d, render

TEXT = "On 3 March, coalition aircraft struck two ISIL vehicles near the town of Raqqah, the command said. 20% fell."


def entity(doc_id, begin, end, kind, confidence=1.0):
    return {"_id": f"{doc_id}-{begin}", "begin": begin, "end": end, "type": kind, "value": TEXT[begin:end],
            "documentId": doc_id, "confidence": confidence}


@pytest.fixture()
def re3d_dir(tmp_path):
    folder = tmp_path / "re3d" / "centcom"
    folder.mkdir(parents=True)
    (folder / "documents.json").write_text(json.dumps({"_id": "D1", "text": TEXT, "title": "t"}) + "\n")
    entities = [
        entity("D1", 0, 10, "Temporal"),                # "On 3 March" -> "3 March"
        entity("D1", 12, 30, "MilitaryPlatform"),       # "coalition aircraft"
        entity("D1", 38, 41, "Quantity"),               # "two"
        entity("D1", 38, 55, "Vehicle"),                # not mapped
        entity("D1", 61, 80, "Location"),               # "the town of Raqqah" -> "Raqqah" (name after "of")
        entity("D1", 74, 80, "Location", 0.9),          # "Raqqah" overlaps: lower confidence loses
        entity("D1", 99, 102, "Quantity"),              # "20%" is a percentage: dropped
        entity("D1", 82, 93, "Organisation", 0.2),      # low confidence, unmapped anyway
    ]
    (folder / "entities.json").write_text("".join(json.dumps(e) + "\n" for e in entities))
    return tmp_path / "re3d"


def spans_of(doc):
    return [(s.label, doc.span_text(s)) for s in doc.spans]


def test_conversion_maps_trims_and_resolves_overlaps(re3d_dir):
    doc = convert(load_re3d(re3d_dir)[0])
    assert spans_of(doc) == [("TIME", "3 March"), ("WEAPON", "coalition aircraft"), ("QUANTITY", "two"),
                             ("PLACE", "Raqqah")]
    assert doc.source == "re3d:centcom" and doc.license == "public-domain"


def test_hand_annotation_round_trips_through_standoff_records(re3d_dir, tmp_path):
    work, standoff = tmp_path / "work", tmp_path / "standoff"
    render(re3d_dir, work, standoff)
    markup = (work / "centcom.txt").read_text()
    edited = (markup.replace("[coalition aircraft|WEAPON]", "coalition [aircraft|WEAPON>e1]")
              .replace("struck", "[struck|ATTACK#e1]")
              .replace("[Raqqah|PLACE]", "[Raqqah|PLACE>e1]")
              .replace("[3 March|TIME]", "[3 March|TIME>e1]")
              .replace("the command said", "the [command|SOURCE>e1] said"))
    (work / "centcom.txt").write_text(edited)
    assert absorb(re3d_dir, [work / "centcom.txt"], standoff) == 0
    record = json.loads((standoff / "centcom.jsonl").read_text())
    assert TEXT not in json.dumps(record) and record["doc"] == "D1"
    doc = annotated_documents(re3d_dir, standoff)[0]
    assert spans_of(doc) == [("TIME", "3 March"), ("WEAPON", "aircraft"), ("TRIGGER", "struck"),
                             ("QUANTITY", "two"), ("PLACE", "Raqqah"), ("SOURCE", "command")]
    assert len(doc.relations) == 4


def test_changed_text_is_detected_not_misaligned(re3d_dir, tmp_path):
    standoff = tmp_path / "standoff"
    render(re3d_dir, tmp_path / "work", standoff)
    assert absorb(re3d_dir, [tmp_path / "work" / "centcom.txt"], standoff) == 0
    documents = re3d_dir / "centcom" / "documents.json"
    documents.write_text(json.dumps({"_id": "D1", "text": TEXT.replace("two", "2"), "title": "t"}) + "\n")
    with pytest.raises(CorpusError, match="changed since it was annotated"):
        annotated_documents(re3d_dir, standoff)


def test_a_relation_to_no_span_is_rejected_with_file_and_line(re3d_dir, tmp_path):
    standoff = tmp_path / "standoff"
    render(re3d_dir, tmp_path / "work", standoff)
    assert absorb(re3d_dir, [tmp_path / "work" / "centcom.txt"], standoff) == 0
    record = json.loads((standoff / "centcom.jsonl").read_text())
    struck, raqqah = TEXT.index("struck"), TEXT.index("Raqqah")
    record["relations"] = [[struck, struck + 6, raqqah, raqqah + 6, "place"]]  # "struck" is no span in this record
    (standoff / "centcom.jsonl").write_text(json.dumps(record) + "\n")
    with pytest.raises(CorpusError, match=rf"centcom.jsonl:1: .*relations point to no span at \[\({struck}, {struck + 6}\)\]"):
        annotated_documents(re3d_dir, standoff)


def test_absorb_refuses_edited_text(re3d_dir, tmp_path, capsys):
    work = tmp_path / "work"
    render(re3d_dir, work, tmp_path / "standoff")
    (work / "centcom.txt").write_text((work / "centcom.txt").read_text().replace("near", "close to"))
    assert absorb(re3d_dir, [work / "centcom.txt"], tmp_path / "standoff") == 1
    assert "text differs from the re3d original" in capsys.readouterr().err


def test_build_splits_by_document_with_and_without_re3d(re3d_dir, tmp_path):
    authored = tmp_path / "authored"
    authored.mkdir()
    (authored / "a.txt").write_text("".join(
        f"@doc a-{i}\n[Two|QUANTITY>e1] [drones|WEAPON>e1] were [downed|INTERCEPT#e1] over [Kyiv|PLACE>e1].\n"
        for i in range(30)))
    splits, out = tmp_path / "splits.json", tmp_path / "build"
    by_split = build(authored, None, tmp_path / "none", splits, out)
    assert sum(len(d) for d in by_split.values()) == 30
    assigned = json.loads(splits.read_text())
    assert sorted(sum(assigned.values(), [])) == sorted(f"a-{i}" for i in range(30))
    by_split = build(authored, re3d_dir, tmp_path / "none", splits, out)
    ids = {split: [d.id for d, _ in read_jsonl(out / f"{split}.jsonl")] for split in by_split}
    assert sum(len(v) for v in ids.values()) == 31
    assert json.loads(splits.read_text())["train"][:0] == []
    for split, listed in json.loads(splits.read_text()).items():
        assert set(listed) == set(ids[split])  # the committed assignment is what was written


def test_build_fails_listing_every_problem(tmp_path):
    authored = tmp_path / "authored"
    authored.mkdir()
    (authored / "bad.txt").write_text("@doc x\nover [the Kyiv|PLACE]\n@doc x\nfine\n")
    with pytest.raises(SystemExit) as failure:
        build(authored, None, tmp_path, tmp_path / "s.json", tmp_path / "out")
    message = str(failure.value)
    assert "bad.txt:2: x: span P1 'the Kyiv' starts with 'the'" in message
    assert "duplicate document id 'x'" in message and "2 problem(s)" in message
