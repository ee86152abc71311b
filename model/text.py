"""Sentence segmentation and word tokenisation with exact character offsets.

Every offset indexes the caller's original string, so ``text[start:end]`` is the
sentence or word itself.

Example:
    >>> from model.text import split_sentences, tokenize_words
    >>> split_sentences("Drones hit Kyiv. Two were hurt.")
    [(0, 16), (17, 31)]
    >>> tokenize_words("Kyiv’s mayor", 0, 12)
    [(0, 4), (4, 5), (5, 6), (7, 12)]
"""

import re
from functools import lru_cache

import pysbd

WORD_PATTERN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
# Titles pysbd takes for sentence ends when a name follows ("said Spc. Lorraine Walsh").
TITLE_AT_END = re.compile(
    r"\b(?:Spc|Pfc|Pvt|Cpl|Sgt|Lt|Capt|Maj|Col|Gen|Brig|Adm|Cmdr|Cdr|Rear Adm|Gov|Sen|Rep|Amb|Dr|Mr|Mrs|Ms|Prof|St)\.\s*$"
)


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets, stripped of outer whitespace.

    Paragraph breaks (a blank line) always end a sentence; within a paragraph pysbd
    decides. Whitespace-only text has no sentences.
    """
    sentences = []
    for block_start, block_end in _paragraphs(text):
        # Hard line wraps inside a paragraph are not sentence ends; the replacement keeps
        # every offset.
        block = text[block_start:block_end].replace("\n", " ").replace("\r", " ")
        cursor = 0
        for segment in _segmenter().segment(block):
            piece = segment.strip()
            if not piece:
                continue
            start = block.index(piece, cursor)
            if sentences and sentences[-1][1] > block_start and TITLE_AT_END.search(block, 0, start):
                start = sentences.pop()[0] - block_start  # "Col. | John Dorrian": one sentence
            cursor = block.index(piece, cursor) + len(piece)
            sentences.append((block_start + start, block_start + cursor))
    return sentences


def _paragraphs(text: str):
    """``(start, end)`` of the non-blank blocks between blank lines."""
    start = 0
    for separator in PARAGRAPH_BREAK.finditer(text):
        if text[start : separator.start()].strip():
            yield start, separator.start()
        start = separator.end()
    if text[start:].strip():
        yield start, len(text)


def tokenize_words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word ``(start, end)`` offsets in ``text[start:end]``: runs of word characters, or
    single other non-space characters."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in WORD_PATTERN.finditer(text, start, end)]
