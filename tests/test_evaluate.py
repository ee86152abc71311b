from training.evaluate import _bio
from training.markup import compile_markup


def test_overlapping_predicted_spans_are_tagged_the_same_whatever_their_order():
    # Baselines can put a trigger and an entity on the same words; sets give no fixed order.
    doc = compile_markup("@doc a\nShelling [overnight|TIME] cut power in Kherson.\n")[0][0]
    start = doc.text.index("overnight")
    time = (doc.id, start, start + len("overnight"), "TIME")
    trigger = (doc.id, start, start + len("overnight"), "DISRUPTION")
    longer = (doc.id, start, start + len("overnight cut"), "ATTACK")

    assert _bio(doc, [time, trigger]) == _bio(doc, [trigger, time]) == [["O", "B-DISRUPTION", "O", "O", "O", "O", "O"]]
    assert _bio(doc, [time, longer]) == _bio(doc, [longer, time]) == [["O", "B-ATTACK", "I-ATTACK", "O", "O", "O", "O"]]
