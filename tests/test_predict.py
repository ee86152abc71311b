import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from model.extractor import EventExtractor


@pytest.fixture(scope="module")
def extractor(tiny_checkpoint):
    return EventExtractor.from_pretrained(tiny_checkpoint, device="cpu")


def all_spans(result: dict):
    yield from result["entities"]
    for event in result["events"]:
        yield event["trigger"]
        yield from event["arguments"]


def test_contract_keys_order_and_types(extractor):
    texts = ["Air defences shot down 12 drones over Kyiv overnight.", "", "Two people died in Kharkiv."]
    results = extractor.predict(texts, batch_size=2)
    assert [r.text for r in results] == texts
    single = extractor.predict(texts[0]).to_dict()
    assert single == results[0].to_dict()
    assert set(single) == {"text", "entities", "events"}
    assert results[1].to_dict() == {"text": "", "entities": [], "events": []}
    for entity in single["entities"]:
        assert {"start", "end", "label", "text", "score"} <= set(entity)
    for event in single["events"]:
        assert {"type", "trigger", "arguments", "sentence"} <= set(event)
        assert {"start", "end", "text", "score"} <= set(event["trigger"])
        for argument in event["arguments"]:
            assert {"role", "label", "start", "end", "text", "score"} <= set(argument)
    assert any(True for _ in all_spans(single))


def test_bad_input_is_refused_clearly(extractor):
    with pytest.raises(TypeError, match="not int"):
        extractor.predict(42)
    with pytest.raises(TypeError, match="text at index 1 is NoneType"):
        extractor.predict(["ok", None])
    with pytest.raises(ValueError, match="document_date must be an ISO date"):
        extractor.predict("text", document_date="last Tuesday")
    with pytest.raises(ValueError, match="threshold must be between 0 and 1, got 1.5"):
        extractor.predict("text", threshold=1.5)
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        extractor.predict(["text"], batch_size=0)


def test_threshold_filters_scores(extractor):
    text = "Air defences shot down 12 drones over Kyiv overnight, the mayor said."
    everything = list(all_spans(extractor.predict(text).to_dict()))
    assert everything and all(0.0 <= s["score"] <= 1.0 for s in everything)
    entity_scores = sorted(e["score"] for e in extractor.predict(text).to_dict()["entities"])
    cut = entity_scores[len(entity_scores) // 2]
    kept = list(all_spans(extractor.predict(text, threshold=cut).to_dict()))
    assert kept and all(s["score"] >= cut for s in kept) and len(kept) < len(everything)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
       | st.lists(st.sampled_from(["Kyiv", "drones", "\r\n", "\t", "\u00a0", "“quoted”", "😀", "Харків", "—", "12", ".", " "]),
                  max_size=40).map("".join))
def test_offsets_index_the_original_string(extractor, text):
    for span in all_spans(extractor.predict(text).to_dict()):
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["text"] and span["text"] == span["text"].strip()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Drones hit Kyiv.", "Two people died in Lviv overnight.", "Officials said.",
                                 "Missiles were shot down over Odesa", "!", "\n\n"]), min_size=1, max_size=12).map(" ".join))
def test_spans_and_arguments_stay_inside_their_sentence(extractor, text):
    from model.text import split_sentences

    bounds = split_sentences(text)

    def sentence_of(span):
        inside = [(s, e) for s, e in bounds if s <= span["start"] and span["end"] <= e]
        assert inside, f"span {span} crosses a sentence boundary"
        return inside[0]

    result = extractor.predict(text).to_dict()
    for entity in result["entities"]:
        sentence_of(entity)
    for event in result["events"]:
        sentence = sentence_of(event["trigger"])
        assert (event["sentence"]["start"], event["sentence"]["end"]) == sentence
        assert all(sentence_of(argument) == sentence for argument in event["arguments"])


def test_long_documents_are_covered_completely(extractor):
    sentence = "Russian drones struck Odesa overnight and two people were hurt. "
    text = sentence * 400 + "Kyiv " * 600  # many sentences, then one very long "sentence"
    result = extractor.predict(text)
    last_word = text.rstrip().rfind("Kyiv")
    ends = [s["end"] for s in all_spans(result.to_dict())]
    assert max(ends) > last_word - 200  # spans are found right up to the end: nothing truncated


def test_quantity_and_time_values_are_attached(tokenizer):
    from model.results import Argument
    from model.extractor import _attributes

    assert _attributes("QUANTITY", "at least 12", None)["min"] == 12
    assert _attributes("TIME", "Sunday", "2025-03-02") == {"normalized": {"value": "2025-03-02", "precision": "day"}}
    assert _attributes("TIME", "Sunday", None) == {"normalized": None}
    argument = Argument(0, 2, "QUANTITY", "25", 0.9, _attributes("QUANTITY", "25", None), role="quantity")
    assert argument.to_dict()["value"] == 25
