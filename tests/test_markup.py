from hypothesis import given, strategies as st

from training.markup import compile_markup, escape, render_markup

EXAMPLE = """% a comment line
@doc d1 genre=wire theatre=russia-ukraine date=2025-03-02
Overnight, air defences [downed|INTERCEPT#e1] [12|QUANTITY>e1] [drones|WEAPON>e1] over the [Kursk region|PLACE>e1], [regional officials|SOURCE>e1] said.

Kyiv’s mayor said a \\[1\\] [fire|DAMAGE#e2] broke out.
"""


def compile_one(source):
    documents, errors = compile_markup(source, "f.txt")
    assert errors == []
    return documents[0]


def test_offsets_are_exact_and_relations_follow_labels():
    doc = compile_one(EXAMPLE)
    assert [(s.label, doc.span_text(s)) for s in doc.spans] == [
        ("TRIGGER", "downed"), ("QUANTITY", "12"), ("WEAPON", "drones"),
        ("PLACE", "Kursk region"), ("SOURCE", "regional officials"), ("TRIGGER", "fire"),
    ]
    assert doc.spans[0].event_type == "INTERCEPT" and doc.spans[-1].event_type == "DAMAGE"
    assert {(r.head, r.tail, r.label) for r in doc.relations} == {
        ("T1", "Q1", "quantity"), ("T1", "W1", "weapon"), ("T1", "P1", "place"), ("T1", "S1", "source"),
    }
    assert "a [1] fire" in doc.text and doc.text.count("\n\n") == 1
    assert doc.meta == {"genre": "wire", "theatre": "russia-ukraine", "date": "2025-03-02", "file": "f.txt", "line": 3}


def test_render_round_trips():
    doc = compile_one(EXAMPLE)
    again = compile_one(render_markup(doc))
    assert again.text == doc.text and again.spans == doc.spans and again.relations == doc.relations


def test_errors_name_file_and_line():
    source = "@doc a\nfine [x|PLACE]\n[unclosed|PLACE\n@doc b\n[y|WHAT]\n@doc c\n[z|PLACE>e9]\n"
    documents, errors = compile_markup(source, "bad.txt")
    assert documents == []
    assert [str(e) for e in errors] == [
        "bad.txt:3: span tag not closed with ']' on the same line",
        "bad.txt:5: unknown span tag 'WHAT' (expected TYPE#eN or LABEL[>eN,...])",
        "bad.txt:7: link to undefined event handle e9",
    ]


def test_duplicate_handles_nesting_and_stray_brackets_are_rejected():
    for body, reason in [
        ("[a|ATTACK#e1] [b|ATTACK#e1]", "event handle e1 defined twice"),
        ("[a [b|PLACE]|PLACE]", "spans cannot nest"),
        ("a ] b", "unescaped ']' outside a span tag"),
        ("a \\x b", "a backslash must escape"),
    ]:
        _, errors = compile_markup(f"@doc d\n{body}\n", "f.txt")
        assert len(errors) == 1 and reason in str(errors[0]), (body, errors)


plain_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r@"), min_size=1)


@given(before=plain_text, inside=plain_text.filter(lambda t: t.strip() == t and t), after=plain_text)
def test_escaped_text_compiles_to_exact_offsets(before, inside, after):
    doc = compile_one(f"@doc d\nx{escape(before)}[{escape(inside)}|PLACE]{escape(after)}x\n")
    span = doc.spans[0]
    assert doc.text == f"x{before}{inside}{after}x"
    assert doc.text[span.start : span.end] == inside
