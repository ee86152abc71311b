import json

import pytest

from training.corpus import Document, Relation, Sentence, Span
from training.validate import document_problems, main, validate_files

TEXT = "Air defences downed 12 drones over Kursk. Officials said."


def doc(spans, relations=(), text=TEXT, sentences=((0, 41), (42, 57))):
    return Document(
        id="d", text=text, spans=[Span(**s) for s in spans], relations=[Relation(**r) for r in relations],
        sentences=[Sentence(start=s, end=e) for s, e in sentences],
    )


TRIGGER = {"id": "T1", "start": 13, "end": 19, "label": "TRIGGER", "event_type": "INTERCEPT"}
QUANTITY = {"id": "Q1", "start": 20, "end": 22, "label": "QUANTITY"}
PLACE = {"id": "P1", "start": 35, "end": 40, "label": "PLACE"}
SOURCE = {"id": "S1", "start": 42, "end": 51, "label": "SOURCE"}


def reasons(document):
    return [reason for _, reason in document_problems(document)]


def test_a_clean_document_has_no_problems():
    assert reasons(doc([TRIGGER, QUANTITY, PLACE], [{"head": "T1", "tail": "P1", "label": "place"}])) == []


@pytest.mark.parametrize("spans, expected", [
    ([TRIGGER, {**QUANTITY, "start": 16}], "overlap"),                            # nested/overlapping
    ([{**PLACE, "end": 99}], "outside the text"),                                  # offsets off the text
    ([{**PLACE, "start": 34}], "outer whitespace"),
    ([{**PLACE, "end": 38}], "ends inside a word"),
    ([{**PLACE, "label": "CITY"}], "unknown label 'CITY'"),
    ([{**TRIGGER, "event_type": "PARADE"}], "no valid event_type"),
    ([{**TRIGGER, "event_type": None}], "no valid event_type"),
    ([{**PLACE, "event_type": "ATTACK"}], "is not a trigger but has event_type"),
    ([PLACE, {**QUANTITY, "id": "P1"}], "duplicate span id P1"),
    ([{**PLACE, "start": 30}], "starts with 'over'"),
])
def test_each_bad_span_class_is_reported(spans, expected):
    assert any(expected in r for r in reasons(doc(spans))), reasons(doc(spans))


@pytest.mark.parametrize("relation, expected", [
    ({"head": "Q1", "tail": "P1", "label": "place"}, "head is a QUANTITY"),
    ({"head": "T1", "tail": "Q1", "label": "place"}, "must be PLACE, not QUANTITY"),
    ({"head": "T1", "tail": "P1", "label": "location"}, "unknown relation label"),
    ({"head": "T1", "tail": "X9", "label": "place"}, "unknown span id"),
    ({"head": "T1", "tail": "S1", "label": "source"}, "crosses a sentence boundary"),
])
def test_each_bad_relation_class_is_reported(relation, expected):
    assert any(expected in r for r in reasons(doc([TRIGGER, QUANTITY, PLACE, SOURCE], [relation])))


def test_duplicate_relations_and_spans_across_sentences_are_reported():
    twice = [{"head": "T1", "tail": "P1", "label": "place"}] * 2
    assert any("duplicate relation" in r for r in reasons(doc([TRIGGER, PLACE], twice)))
    across = {"id": "P2", "start": 35, "end": 51, "label": "PLACE"}
    assert any("not inside one sentence" in r for r in reasons(doc([across])))


def test_cli_reports_file_line_and_fails(tmp_path, capsys):
    good = doc([TRIGGER]).model_dump(exclude_none=True)
    bad = doc([{**PLACE, "label": "CITY"}]).model_dump(exclude_none=True) | {"id": "e"}
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps(bad) + "\n{not json\n" + json.dumps(good) + "\n")
    assert main([str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}:4: invalid JSON: Expecting property name enclosed in double quotes"]
    path.write_text(json.dumps(good) + "\n\n" + json.dumps(bad) + "\n" + json.dumps(good) + "\n")
    assert main([str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:3: e: span P1 has unknown label 'CITY'" in out
    assert any(line.startswith(f"{path}:4: duplicate document id 'd'") for line in out)


def test_markup_problems_point_at_the_markup_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("@doc a\nFirst line.\nThen [the Kursk region|PLACE].\n")
    _, messages = validate_files([path])
    assert messages == [f"{path}:3: a: span P1 'the Kursk region' starts with 'the' (determiners and prepositions stay outside)"]


def test_missing_fields_are_reported_with_the_line(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"id": "x", "text": "t", "spans": [{"id": "A", "start": 0}], "relations": []}\n')
    _, messages = validate_files([path])
    assert messages == [f"{path}:1: spans.0.end: Field required"]


@pytest.mark.parametrize("markup, expected", [
    ("Drones hit the [Rafah area|PLACE].", "'area' stays outside the place"),
    ("Shells hit the [Abu Shouk|PLACE] camp.", "the site noun after it belongs inside"),
    ("Shells hit the [Daraj|PLACE] neighbourhood.", "the site noun after it belongs inside"),
    ("Two men [received injuries|CASUALTY#e1].", "the light verb 'received' stays outside"),
    ("Troops [opened fire|ATTACK#e1] on the crowd.", "the light verb 'opened' stays outside"),
    ("Forces [inflicted damage|ATTACK#e1] on two brigades.", "the light verb 'inflicted' stays outside"),
    ("Rockets [slammed|ATTACK#e1] into the base.", "'into' after the impact verb belongs inside"),
    ("Gunmen [set fire|DAMAGE#e1] to a market.", "'to' after the impact verb belongs inside"),
    ("Boats [fired on|ATTACK#e1] the ship.", "the preposition 'on' after 'fired' stays outside"),
    ("Ten were [killed|CASUALTY#e1] and [wounded|CASUALTY#e2].", "are coordinated: mark them as one trigger"),
    ("Fighting near [Palmyra, Syria|PLACE].", "a comma separates two places"),
    ("Troops entered the [city of Mosul|PLACE].", "only the name is the place"),
    ("A strike hit the [Karrada district of Baghdad|PLACE].", "only the name is the place"),
])
def test_boundary_decisions_settled_in_review_are_enforced(tmp_path, markup, expected):
    path = tmp_path / "r.txt"
    path.write_text(f"@doc r\n{markup}\n")
    _, messages = validate_files([path])
    assert len(messages) == 1 and expected in messages[0] and messages[0].startswith(f"{path}:2: r: "), messages


@pytest.mark.parametrize("markup", [
    "Drones hit the [Rafah|PLACE] area and the [Abu Shouk camp|PLACE].",
    "Shells hit the [Daraj|PLACE] campaign office.",                         # 'camp' only as a whole word
    "Two men received [injuries|CASUALTY#e1].",
    "Rockets [slammed into|ATTACK#e1] the base; gunmen [set fire to|DAMAGE#e2] a market.",
    "Boats [fired|ATTACK#e1] on the ship; a drone [crashed|ATTACK#e2] in a field.",   # only 'into' joins
    "Ten were [killed|CASUALTY#e1] and homes [damaged|DAMAGE#e2].",          # different types stay apart
])
def test_the_settled_forms_pass(tmp_path, markup):
    path = tmp_path / "ok.txt"
    path.write_text(f"@doc ok\n{markup}\n")
    assert validate_files([path])[1] == []


def test_proper_names_with_of_and_dc_stay_whole(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("@doc w\nShips in the [Gulf of Aden|PLACE] and officials in [Washington, D.C.|PLACE] said.\n")
    assert validate_files([path])[1] == []
