from training.markup import compile_markup
from training.stats import corpus_stats, sentence_shape, shared_shape_rate

FIXTURE = """@doc a
[Two|QUANTITY>e1] [drones|WEAPON>e1] were [downed|INTERCEPT#e1] over [Kyiv|PLACE>e1]. [Three|QUANTITY>e2] were [killed|CASUALTY#e2].
@doc b
[Five|QUANTITY>e1] [drones|WEAPON>e1] were [downed|INTERCEPT#e1] over [Lviv|PLACE>e1]. The [fire|DAMAGE#e2] spread.
"""


def test_counts_on_a_small_fixture():
    docs = compile_markup(FIXTURE)[0]
    stats = corpus_stats(docs)
    assert stats["documents"] == 2 and stats["sentences"] == 4
    assert stats["spans"] == {"TRIGGER": 4, "PLACE": 2, "QUANTITY": 3, "SOURCE": 0, "WEAPON": 2, "TIME": 0}
    assert stats["triggers"] == {"INTERCEPT": 2, "ATTACK": 0, "DAMAGE": 1, "CASUALTY": 1, "DISRUPTION": 0}
    assert stats["relations"] == {"quantity": 3, "place": 2, "source": 0, "weapon": 2, "time": 0}
    assert stats["distinct_trigger_strings"] == 3
    assert stats["documents_by_source"] == {"authored": 2}


def test_template_like_sentences_share_a_shape():
    assert sentence_shape("Two drones were downed over Kyiv.") == sentence_shape("5 drones were downed over Lviv.")
    docs = compile_markup(FIXTURE)[0]
    assert shared_shape_rate(docs) == 0.5  # the two "N drones were downed over X." sentences
