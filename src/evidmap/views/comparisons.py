"""Comparisons as readers meet them: two statements of different articles side by side, each with its
claims, their contexts and verdicts, the chain through the hierarchy that made them comparable, and
one sentence in plain words ("“A” says IL-6 raises insulin sensitivity in skeletal muscle; “B” says
IL-6 from visceral fat lowers insulin signalling"). The stances come from compare.py; here they are
only put into words.

`ComparisonViews` makes each comparison's view once a build, when a page first asks for it, and the
agreement page, the findings and claim pages share it (model.SHARED_ROWS).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from evidmap.compare import Comparison, Kind
from evidmap.hierarchy import Link
from evidmap.records import Relation, Setting
from evidmap.views.index import SiteIndex
from evidmap.views.model import ComparisonView, SideView, StatementView
from evidmap.vocabulary import (
    EFFECT_VERB,
    IS_A,
    LINK_WORDS,
    SETTING_FIELDS,
    SETTING_LABEL,
    TIMEFRAME_ADVERB,
)

SIDE_LIMIT = 3  # claims shown on each side of a comparison (or in an article's column); the rest are counted
ARTICLES_NAMED = 3  # articles a plain sentence names before it counts the rest
# what a setting field is about, in a sentence saying which of them tell two statements apart
FIELD_WORDS = {
    "tissue": "where it acts",
    "population": "the population",
    "condition": "the condition",
    "timeframe": "the timeframe",
}  # and "where <the subject> comes from" for the source
# words ending in s that are not plurals (a label's last word decides its grammatical number)
SINGULAR_IN_S = ("ss", "is", "us", "diabetes")


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: 'Insulin sensitivity' -> 'insulin sensitivity', while
    names that are not plain words keep their capitals ('IL-6', 'AMPK', 'mTORC1', 'Ca2+-dependent')."""
    first, _, rest = label.partition(" ")
    if len(first) > 1 and first.isalpha() and first[1:].islower():
        return label[0].lower() + label[1:]
    return label


def plural(label: str) -> bool:
    """Whether a label reads as a plural ('Myokines', 'β-cells', 'Rab GTPases'; not 'Type 2
    diabetes', 'Mitochondrial biogenesis' or an acronym such as 'ROS'), for the verb after it."""
    last = label.split()[-1] if label.split() else label
    return last.endswith("s") and not last.lower().endswith(SINGULAR_IN_S) and not last.isupper()


def _agreeing(verb: str, label: str) -> str:
    """'is' or 'raises' as it reads after `label`: 'are', 'raise' after a plural."""
    if not plural(label):
        return verb
    return {"is": "are"}.get(verb, verb.removesuffix("s"))


def _quoted(title: str) -> str:
    return f"“{title}”"


def _names(titles: list[str]) -> str:
    """'“A”', '“A” and “B”', '“A”, “B”, “C” and 2 more articles'."""
    named = [_quoted(t) for t in titles[:ARTICLES_NAMED]]
    rest = len(titles) - len(named)
    if rest:
        named.append(f"{rest} more article{'s' if rest > 1 else ''}")
    return _and(named)


def chain_words(path: tuple[Link, ...], label: Callable[[str], str]) -> str:
    """'walking is a kind of aerobic training, which is a kind of exercise'; 'IL-6 is a kind of
    myokine' (a plural class in the singular after 'a kind of'); 'ceramides are part of ectopic fat'."""
    before = mid_sentence(label(path[0].narrower))
    words = before
    for n, link in enumerate(path):
        verb, rest = LINK_WORDS[link.kind].split(" ", 1)
        broader = mid_sentence(label(link.broader))
        if link.kind == IS_A and plural(broader):
            broader = broader.removesuffix("s")
        words += f"{', which' if n else ''} {_agreeing(verb, before)} {rest} {broader}"
        before = broader
    return words


class ComparisonViews:
    """The views of one build's comparisons, each made once (see the module docstring)."""

    def __init__(self, site: SiteIndex):
        self.site = site
        self._views: dict[str, ComparisonView] = {}

    def label(self, entity_id: str) -> str:
        return self.site.entities[entity_id].label

    def of(self, comparison: Comparison) -> ComparisonView:
        found = self._views.get(comparison.id)
        if found is None:
            found = self._views[comparison.id] = self._make(comparison)
        return found

    def all(self, comparisons: Iterable[Comparison]) -> tuple[ComparisonView, ...]:
        return tuple(self.of(c) for c in comparisons)

    def setting_words(self, relation: Relation) -> tuple[tuple[str, str], ...]:
        """(label, value) of each setting field the relation states, as pages list them."""
        setting = relation.setting
        shown = []
        for name in SETTING_FIELDS:
            value = getattr(setting, name)
            if value is None:
                continue
            if name in ("source", "tissue", "condition"):
                value = self.label(value)
            shown.append((SETTING_LABEL[name], value))
        return tuple(shown)

    def sentence(self, relation: Relation) -> str:
        """'IL-6 from visceral fat lowers insulin signalling chronically'."""
        setting: Setting = relation.setting
        subject = mid_sentence(self.label(relation.subject))
        words = [subject]
        if setting.source:
            words.append(f"from {mid_sentence(self.label(setting.source))}")
        words.append(_agreeing(EFFECT_VERB[relation.effect], subject))
        words.append(mid_sentence(self.label(relation.object)))
        if setting.tissue:
            words.append(f"in {mid_sentence(self.label(setting.tissue))}")
        if setting.population:
            words.append(f"in {setting.population}")
        if setting.condition:
            words.append(f"with {mid_sentence(self.label(setting.condition))}")
        if setting.timeframe:
            words.append(TIMEFRAME_ADVERB[setting.timeframe])
        return " ".join(words)

    def _side(self, kind: Kind) -> SideView:
        site = self.site
        shown = kind.statements[:SIDE_LIMIT]
        sentence = self.sentence(kind.relation)
        return SideView(
            sentence=sentence[0].upper() + sentence[1:],
            setting=self.setting_words(kind.relation),
            statements=tuple(
                StatementView(site.claim_row(s.claim), site.relation_text(s.relation), s.relation.context)
                for s in shown
            ),
            more=len(kind.statements) - len(shown),
        )

    def chains(self, comparison: Comparison) -> list[str]:
        """The chains of links that put the two subjects, and the two objects, in line, in words."""
        return [chain_words(p, self.label) for p in (comparison.subject_path, comparison.object_path) if p]

    def _make(self, comparison: Comparison) -> ComparisonView:
        a = comparison.first.relation

        def says(kind: Kind) -> str:
            titles = [
                self.site.articles[x].title for x in sorted(kind.articles, key=self.site.article_order.__getitem__)
            ]
            return f"{_names(titles)} say{'s' if len(titles) == 1 else ''} {self.sentence(kind.relation)}"

        def broader(entity_id: str, path: tuple[Link, ...]) -> str:
            """The label of the broader of two entities in line (the pair's own when they are the same)."""
            return self.label(path[-1].broader if path else entity_id)

        subject = broader(a.subject, comparison.subject_path)
        chains = self.chains(comparison)
        differs = [
            f"where {mid_sentence(subject)} {_agreeing('comes', subject)} from"
            if name == "source"
            else FIELD_WORDS[name]
            for name in comparison.differs
        ]
        return ComparisonView(
            anchor=f"compared-{comparison.id}",
            stance=comparison.stance,
            heading=f"{subject} and {mid_sentence(broader(a.object, comparison.object_path))}",
            plain=f"{says(comparison.first)}; {says(comparison.second)}.",
            path=f"Compared because {'; and '.join(chains)}." if chains else None,
            differs=f"The stated contexts differ in {_and(differs)}." if differs else None,
            first=self._side(comparison.first),
            second=self._side(comparison.second),
        )


def _and(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
