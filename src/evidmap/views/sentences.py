"""Sentences: where a curator's note ends its first sentence, for the claim cards of article pages.

A sentence ends at '.', '!' or '?' (with any closing quotes or brackets after it) followed by white
space and then something that can start a sentence: a capital letter, a digit, or an opening quote
or bracket before one. Not every such full stop ends a sentence in the notes of a health map:

    Gwinn et al. 2008 showed ...          'et al.' never ends one (it is followed by a year, a verb,
                                          a bracket; a sentence ending in it is rare and short)
    e.g. AICAR, i.e. Raptor, vs. Placebo  'e.g.', 'i.e.', 'vs.', 'approx.', 'cf.', 'ca.', 'Dr.' ...
                                          are abbreviations, and 'No.', 'Fig.', 'vol.', 'pp.' are
                                          before a number
    Ralph A. DeFronzo, J. Clin. Invest.   a single capital letter before the stop is an initial
    U.S. adults                           as is each letter of a dotted run of them
    2.5 mg, p = .003                      a stop between digits, or before one, is a decimal point
                                          (no white space follows it, so it never ends a sentence)
"""

from __future__ import annotations

import re

# Words that end in a full stop without ending a sentence, lower-cased, without their final stop
ABBREVIATIONS = frozenset("al e.g i.e vs approx ca cf resp dr prof mr mrs".split())
# and words that do so before a number ('No. 5', 'Fig. 2', 'pp. 12-19'), but may end one otherwise
BEFORE_NUMBER = frozenset("no nos fig figs vol vols p pp ref refs".split())

# A candidate end: a stop, the closing quotes and brackets after it, the white space after those, and
# a look at what follows (a capital, a digit, or an opening quote or bracket before one).
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]*[A-Z0-9])""")
# The word before a full stop: letters and inner dots ('e.g', 'U.S', 'al').
_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])([A-Za-z][A-Za-z.]*)$")


def sentences(text: str) -> list[str]:
    """`text` split into sentences, each stripped of the white space around it; runs of white space
    inside a sentence stay as they were written."""
    found, start = [], 0
    for end in _END.finditer(text):
        if _ends_sentence(text, end.start(), end.group()):
            found.append(text[start : end.end()].strip())
            start = end.end()
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return [s for s in found if s]


def first_sentence(text: str) -> str:
    """The first sentence of `text` ('' for a text with none)."""
    split = sentences(text)
    return split[0] if split else ""


def _ends_sentence(text: str, at: int, stop: str) -> bool:
    """Whether the stop that starts at `at` ends a sentence (a '!' or '?' always does)."""
    if not stop.startswith(".") or stop.startswith(".."):
        return True
    word = _WORD_BEFORE.search(text[max(0, at - 24) : at])
    if word is None:
        return True  # after a digit, a bracket, a quote: '... 85%.', '(2008).'
    letters = word.group(1)
    lowered = letters.lower().rstrip(".")
    if lowered in ABBREVIATIONS:
        return False
    if lowered in BEFORE_NUMBER and re.match(r"\.\s+\d", text[at:]):
        return False
    # an initial, or a dotted run of them: 'A.' in 'Ralph A. DeFronzo', 'U.S.', 'J.'
    return not re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", letters)
