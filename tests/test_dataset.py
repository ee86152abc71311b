from training.dataset import documents_to_dataset, sentence_examples
from training.markup import compile_markup

AWKWARD = (
    "@doc a\n"
    "“Russia’s [drones|WEAPON>e1] [hit|ATTACK#e1] [Zaporizhzhia|PLACE>e1] — again,” said "
    "[Governor Ivan Fedorov|SOURCE>e1]. A [pre-dawn|TIME] [strike|ATTACK#e2] on [Kharkiv’s Saltivka|PLACE>e2] "
    "\u00a0[wounded|CASUALTY#e3] [3|QUANTITY>e3] people in [Хар­ків|PLACE>e3] (Kharkiv).\n"
)


def test_bio_alignment_on_quotes_dashes_apostrophes_and_non_ascii():
    doc = compile_markup(AWKWARD)[0][0]
    examples = sentence_examples(doc)
    assert len(examples) == 2
    tagged = [
        (word, tag) for ex in examples for word, tag in zip(ex["words"], ex["tags"]) if tag != "O"
    ]
    assert tagged == [
        ("drones", "B-WEAPON"), ("hit", "B-ATTACK"), ("Zaporizhzhia", "B-PLACE"),
        ("Governor", "B-SOURCE"), ("Ivan", "I-SOURCE"), ("Fedorov", "I-SOURCE"),
        ("pre", "B-TIME"), ("-", "I-TIME"), ("dawn", "I-TIME"), ("strike", "B-ATTACK"),
        ("Kharkiv", "B-PLACE"), ("’", "I-PLACE"), ("s", "I-PLACE"), ("Saltivka", "I-PLACE"),
        ("wounded", "B-CASUALTY"), ("3", "B-QUANTITY"),
        ("Хар", "B-PLACE"), ("\u00ad", "I-PLACE"), ("ків", "I-PLACE"),  # a soft hyphen is its own token
    ]
    for ex in examples:
        for word, start, end in zip(ex["words"], ex["word_starts"], ex["word_ends"]):
            assert doc.text[start:end] == word


def test_relations_are_indices_into_the_sentence_spans():
    doc = compile_markup(AWKWARD)[0][0]
    first = sentence_examples(doc)[0]
    labels = [s["label"] for s in first["spans"]]
    assert labels == ["WEAPON", "ATTACK", "PLACE", "SOURCE"]
    assert sorted((r["head"], r["tail"], r["role"]) for r in first["relations"]) == [
        (1, 0, "weapon"), (1, 2, "place"), (1, 3, "source"),
    ]


def test_dataset_has_one_row_per_sentence():
    doc = compile_markup(AWKWARD)[0][0]
    dataset = documents_to_dataset([doc, doc])
    assert dataset.num_rows == 4 and dataset[1]["doc_id"] == "a"
