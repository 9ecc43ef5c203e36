#!/usr/bin/env python3
"""Synthetic evidmap projects of a given size, for benchmarks.

    python3 benchmarks/synth.py 10000 /tmp/synth-10k [--seed 1]

writes a complete, valid evidmap project (it passes `evidmap check`) with

- seeds/: one article per ~50 claims, each a Markdown seed with front matter (id, title, date,
  publisher, source, citation style, bibliography, one gap) and a body of ~380-word "pages" (one
  `##` section each) whose sentences the claims quote verbatim; every article also has a scraped
  caption block, an aside block, a bullet list and a table, as real seeds do;
- references/: CSL-YAML records (shared between articles: each work is cited by ~2 articles),
  cited through each article's bibliography; 60% carry a PMID and a DOI (both printed in the
  bibliography text, as the content guide requires; DOIs use Crossref's 10.5555 test prefix) and
  a few an `as_cited` discrepancy;
- claims/entities/: an entity vocabulary of ~4*sqrt(N) entities (400 at 10,000 claims), one file
  per entity kind, and the measures the claims' quantities name (measures.yaml); within each kind,
  most entities sit in small hierarchies four levels deep (a root, its kinds or parts, theirs, and
  theirs: `is-a` for 70% of the links, `part-of` for 30%);
- claims/: ~50 claims per article; ~70% draw one or two arrows from a fixed, layered pathway of
  ~2.3 arrows per entity (so many claims restate the same arrow, as articles do), some name an
  intervention and outcome, share a quantity, carry an appraisal or cite nothing; 30% of the
  relations carry a free-text context and 30% a structured setting (one or two of a tissue or
  source, a population, a condition, a timeframe);
- evidmap.yaml: the site title and three pathway panels.

Everything is derived from the seed with random.Random, so a given (N, seed) always produces the
same bytes. Only the standard library is used (YAML is written by hand, with JSON-quoted strings,
which YAML reads as double-quoted scalars).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

CLAIMS_PER_ARTICLE = 50
WORDS_PER_PAGE = 380
BIB_PER_ARTICLE = 8

# Plain English words for filler text; no Markdown specials, nothing that ends a sentence.
WORDS = """
about above across adults after again against almost along already also although always among
amount animals another answer appear area around arteries average back balance based became
become before began behind being below benefit better between beyond blood body brain brief
broad build burden came care cause cells central certain change changes chronic clear close
common compared complex condition consider control could course daily data deep degree demand
depends design detail develop diet different direct during early easily effect effects either
energy enough entire even evening every evidence exactly example exercise expected factor fasting
fewer field final finding first focus follow food form found fuel full further general given
glucose greater group growth habits half health healthy heart heavy high higher however human
impact important include increase indeed inside instead intake kind known large larger later
layer least less level levels light likely limited little liver local long longer looking lower
main major many marker matters meal means measure meanwhile method middle might mild model
moderate moment months more morning most movement much muscle muscles natural nearly need needs
never night normal notable number often older only order organ other others outside over overall
part particular patients pattern people period person physical place plain plan point portion
possible power practice present pressure previous primary process produce proper protein quite
range rapid rarely rather reach reason recent recovery regular related relative remain rest
result results return right role routine same second seems sense serum several short should
shown signal similar simple since single size sleep slow small smaller some source specific
stable stage standard state still storage stored strength stress strong study subject such
sugar support system tend term test than that their them then there these thing those three
through time tissue today together total toward training turn type under until usual value
various very volume walking water week weeks weight well what when where whether which while
whole wider within without women work working years young
""".split()

SYLLABLES = """
ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no
nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo
""".split()

FAMILY_PARTS = "son berg man ley ton ford wick dahl sen ova ini ez ard ell".split()

# kind -> (share of the vocabulary, layer in the pathway: arrows run from lower to higher layers)
KINDS = {
    "intervention": (0.04, 0), "drug": (0.04, 0),
    "hormone": (0.06, 1), "cytokine": (0.05, 1),
    "protein": (0.32, 2), "complex": (0.05, 2), "metabolite": (0.10, 2),
    "process": (0.16, 3), "cell": (0.02, 3), "tissue": (0.04, 3),
    "condition": (0.05, 4), "outcome": (0.07, 4),
}
KIND_SUFFIX = {
    "intervention": "training", "drug": "mab", "hormone": "tropin", "cytokine": "kine",
    "protein": "kinase", "complex": "complex", "metabolite": "ate", "process": "signalling",
    "cell": "cells", "tissue": "tissue", "condition": "syndrome", "outcome": "capacity",
}
POSITIVE = "activates stimulates increases promotes causes produces".split()
NEGATIVE = "inhibits suppresses decreases blocks reduces impairs".split()
UNSIGNED = "phosphorylates regulates binds correlates-with".split()
CLAIM_TYPES = "definition fact mechanism quantity trial-result association recommendation hypothesis".split()
DESIGNS = ("meta-analysis rct cohort case-control cross-sectional human-experimental animal cell review "
           "guideline lecture book unknown").split()
VERDICTS = "supported miscited overstated unverifiable unsupported contradicted".split()  # vocabulary.VERDICTS
DIRECTIONS = "increases decreases no-change mixed unclear".split()
CITATION_STYLES = ["numbered", "author-year", "bibliography-only"]
HIERARCHY_SIZE = 15  # entities in one tree of the vocabulary's hierarchy: a heap of 15 is four levels deep
POPULATIONS = ["older adults", "adults with type 2 diabetes", "healthy young adults", "mice", "cultured cells"]


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Entity:
    id: str
    label: str
    kind: str
    layer: int
    is_a: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)


@dataclass
class Arrow:
    subject: str
    object: str
    effect: str  # positive | negative | unknown | part


@dataclass
class Reference:
    id: str
    family: str
    given: str
    year: int
    title: str
    journal: str
    design: str
    pmid: str | None
    doi: str | None
    citing: list[str] = field(default_factory=list)


class Synth:
    def __init__(self, n_claims: int, seed: int):
        self.n = n_claims
        self.rng = random.Random(f"evidmap-synth-{seed}-{n_claims}")
        # the hierarchy and the settings draw from their own generator, so that the rest of a project
        # is the same as before they were added
        self.context_rng = random.Random(f"evidmap-synth-context-{seed}-{n_claims}")
        self.used_ids: set[str] = set()

    # --- names -------------------------------------------------------------------------------

    def word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))

    def unique_id(self, base: str) -> str:
        ident, n = base, 1
        while ident in self.used_ids:
            n += 1
            ident = f"{base}-{n}"
        self.used_ids.add(ident)
        return ident

    def words(self, n: int) -> list[str]:
        return [self.rng.choice(WORDS) for _ in range(n)]

    def sentence(self, n: int, *inserts: str) -> str:
        ws = self.words(n)
        for text in inserts:
            ws.insert(self.rng.randrange(1, len(ws)), text)
        text = " ".join(ws)
        return text[0].upper() + text[1:] + "."

    # --- vocabulary and pathway ----------------------------------------------------------------

    def entities(self) -> list[Entity]:
        total = max(30, round(4 * math.sqrt(self.n)))
        out: list[Entity] = []
        kinds = list(KINDS)
        counts = {k: max(1, round(KINDS[k][0] * total)) for k in kinds}
        for kind in kinds:
            for _ in range(counts[kind]):
                stem = self.word(self.rng.choice((2, 3)))
                label = f"{stem.capitalize()} {KIND_SUFFIX[kind]}"
                ident = self.unique_id(f"{stem}-{KIND_SUFFIX[kind]}")
                out.append(Entity(ident, label, kind, KINDS[kind][1]))
        self.hierarchies(out)
        return out

    def hierarchies(self, entities: list[Entity]) -> None:
        """Within each kind, groups of up to HIERARCHY_SIZE entities become a tree four levels deep,
        each entity a kind (70%) or a part (30%) of the one above it, as a heap orders them: the
        vocabulary's hierarchy that comparison goes through. A kind's last few entities (fewer than
        four) stay on their own."""
        by_kind: dict[str, list[Entity]] = {}
        for e in entities:
            by_kind.setdefault(e.kind, []).append(e)
        for members in by_kind.values():
            members = members[:]
            self.context_rng.shuffle(members)
            for start in range(0, len(members), HIERARCHY_SIZE):
                tree = members[start : start + HIERARCHY_SIZE]
                if len(tree) < 4:
                    continue
                for i in range(1, len(tree)):
                    parent = tree[(i - 1) // 2]
                    (tree[i].is_a if self.context_rng.random() < 0.7 else tree[i].part_of).append(parent.id)

    def arrows(self, entities: list[Entity]) -> list[Arrow]:
        """A layered pathway: each entity points at ~2.5 entities of a later layer (a few of its own),
        mostly near its own position so that the map has local structure rather than a hairball;
        a few pairs are stated with both signs (contradictions), a few are memberships."""
        by_layer: dict[int, list[Entity]] = {}
        for e in entities:
            by_layer.setdefault(e.layer, []).append(e)
        arrows: dict[tuple[str, str], Arrow] = {}
        top = max(by_layer)
        for layer, members in sorted(by_layer.items()):
            for pos, entity in enumerate(members):
                for _ in range(self.rng.choice((1, 2, 2, 3, 3, 4))):
                    target_layer = min(top, layer + self.rng.choice((0, 1, 1, 1, 2))) if layer < top else top
                    targets = by_layer[target_layer]
                    centre = pos * len(targets) // max(1, len(members))
                    other = targets[max(0, min(len(targets) - 1, centre + self.rng.randint(-4, 4)))]
                    if other.id == entity.id or (entity.id, other.id) in arrows or (other.id, entity.id) in arrows:
                        continue
                    roll = self.rng.random()
                    effect = "positive" if roll < 0.58 else "negative" if roll < 0.9 else "unknown" if roll < 0.96 else "part"
                    arrows[(entity.id, other.id)] = Arrow(entity.id, other.id, effect)
        out = list(arrows.values())
        for arrow in self.rng.sample(out, max(1, len(out) // 40)):  # the same pair stated both ways
            if arrow.effect in ("positive", "negative"):
                out.append(Arrow(arrow.subject, arrow.object, "negative" if arrow.effect == "positive" else "positive"))
        return out

    # --- references ---------------------------------------------------------------------------

    def references(self, n_articles: int) -> list[Reference]:
        total = max(BIB_PER_ARTICLE + 2, n_articles * BIB_PER_ARTICLE // 2)
        refs = []
        for _ in range(total):
            family = (self.word(2) + self.rng.choice(FAMILY_PARTS)).capitalize()
            year = self.rng.randint(1980, 2025)
            ident = self.unique_id(f"{family.lower()}-{year}")
            has_ids = self.rng.random() < 0.6
            refs.append(Reference(
                id=ident, family=family, given=f"{self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {self.rng.choice('ABCDEFGHJKLMNPRSTW')}.",
                year=year, title=self.sentence(self.rng.randint(6, 12))[:-1],
                journal=f"J {self.word(2).capitalize()} {self.rng.choice(['Res', 'Med', 'Physiol', 'Biol', 'Sci'])}",
                design=self.rng.choice(DESIGNS),
                pmid=str(self.rng.randint(1_000_000, 39_999_999)) if has_ids else None,
                doi=f"10.5555/synth.{len(refs) + 1}" if has_ids else None,
            ))
        return refs


def wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 100, break_long_words=False, break_on_hyphens=False))


def generate(n_claims: int, out: Path, seed: int = 1, skew: float = 0.7) -> dict[str, int]:
    """Write a project with `n_claims` claims into `out` (replaced if it exists). `skew` sets how
    unevenly claims restate arrows: the arrow of popularity rank r is drawn with weight
    1/(r+8)^skew, so at 10,000 claims the most-restated arrow is in ~1% of claims at 0.7 and ~10% at 2."""
    s = Synth(n_claims, seed)
    rng = s.rng
    if out.exists():
        shutil.rmtree(out)
    for folder in ("seeds", "claims/entities", "references"):
        (out / folder).mkdir(parents=True)

    entities = s.entities()
    ent = {e.id: e for e in entities}
    arrows = s.arrows(entities)
    # popularity: a few arrows are restated by many claims, most by a few
    weights = [1.0 / (rank + 8) ** skew for rank in range(len(arrows))]
    popular = arrows[:]
    rng.shuffle(popular)
    interventions = [e.id for e in entities if e.kind in ("intervention", "drug")]
    outcomes = [e.id for e in entities if e.kind in ("outcome", "process")]
    measures = list(dict.fromkeys(f"{s.word(2)}-share-of-{s.word(2)}" for _ in range(max(3, n_claims // 60))))

    n_articles = max(1, math.ceil(n_claims / CLAIMS_PER_ARTICLE))
    refs = s.references(n_articles)

    # vocabulary, one file per kind
    by_kind: dict[str, list[Entity]] = {}
    for e in entities:
        by_kind.setdefault(e.kind, []).append(e)
    for kind, members in sorted(by_kind.items()):
        lines = ["entities:"]
        for e in members:
            lines += [f"  - id: {e.id}", f"    label: {q(e.label)}", f"    kind: {e.kind}"]
            if rng.random() < 0.5:
                lines.append(f"    name: {q(e.label + ' ' + s.word(2))}")
            if rng.random() < 0.3:
                lines.append(f"    synonyms: [{q(s.word(3).capitalize())}]")
            if kind in ("protein", "complex", "metabolite") and rng.random() < 0.5:
                lines.append(f"    compartment: {rng.choice(['cytoplasm', 'nucleus', 'mitochondria', 'plasma membrane'])}")
            if e.is_a:
                lines.append(f"    is-a: [{', '.join(e.is_a)}]")
            if e.part_of:
                lines.append(f"    part-of: [{', '.join(e.part_of)}]")
        (out / "claims" / "entities" / f"{kind}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    lines = ["measures:"]
    for m in measures:
        lines += [f"  - id: {m}", f"    label: {q(m.replace('-', ' ').capitalize())}"]
    (out / "claims" / "entities" / "measures.yaml").write_text("\n".join(lines) + "\n", "utf-8")

    places = [e.id for e in entities if e.kind in ("tissue", "cell")]
    conditions = [e.id for e in entities if e.kind == "condition"]

    crng = s.context_rng

    def setting() -> str:
        """One or two fields of a relation's setting, as YAML flow-mapping entries."""
        fields = {
            "tissue": lambda: crng.choice(places),
            "source": lambda: crng.choice(places),
            "population": lambda: q(crng.choice(POPULATIONS)),
            "condition": lambda: crng.choice(conditions),
            "timeframe": lambda: crng.choice(["acute", "chronic"]),
        }
        chosen = crng.sample(sorted(fields), crng.choice((1, 1, 2)))
        return ", ".join(f"{name}: {fields[name]()}" for name in sorted(chosen))

    claim_count = 0
    n_words = 0
    n_relations = 0
    n_settings = 0
    for a in range(n_articles):
        article_id = f"article-{a + 1:04d}-{s.word(2)}-{s.word(2)}"
        n_here = min(CLAIMS_PER_ARTICLE, n_claims - claim_count)
        style = rng.choice(CITATION_STYLES)
        bib = rng.sample(refs, min(BIB_PER_ARTICLE, len(refs)))
        for r in bib:
            r.citing.append(article_id)

        # the claims' sentences first, then the body around them
        claims = []
        for c in range(n_here):
            rels = []
            roll = rng.random()
            for _ in range(0 if roll < 0.3 else 1 if roll < 0.85 else 2):
                arrow = rng.choices(popular, weights)[0]
                if arrow not in rels:
                    rels.append(arrow)
            inserts = []
            for arrow in rels:
                if arrow.effect == "part":
                    verb = "is part of"
                else:
                    verb = {"positive": "raises", "negative": "lowers", "unknown": "acts on"}[arrow.effect]
                inserts.append(f"{ent[arrow.subject].label} {verb} {ent[arrow.object].label}")
            cites = rng.sample(bib, rng.choice((1, 1, 2))) if rng.random() < 0.8 else []
            marker = ""
            if cites and style == "numbered":
                marker = " [" + ",".join(str(bib.index(r) + 1) for r in cites) + "]"
            elif cites and style == "author-year":
                marker = f" ({cites[0].family} et al., {cites[0].year})"
            quote = s.sentence(rng.randint(10, 18), *inserts)[:-1] + marker
            claims.append({"n": c, "rels": rels, "cites": cites, "quote": quote})
        claim_count += n_here

        # body: pages of ~380 words; claim sentences interleaved with filler sentences
        sentences: list[tuple[str, bool]] = []
        for claim in claims:
            sentences.append((claim["quote"] + ".", True))
            for _ in range(rng.choice((0, 1, 1, 2))):
                sentences.append((s.sentence(rng.randint(12, 20)), False))
        pages: list[list[list[str]]] = [[[]]]
        words_in_page = 0
        for text, _ in sentences:
            paragraph = pages[-1][-1]
            paragraph.append(text)
            words_in_page += len(text.split())
            if words_in_page >= WORDS_PER_PAGE:
                pages.append([[]])
                words_in_page = 0
            elif len(paragraph) >= rng.randint(3, 6):
                pages[-1].append([])
        pages = [[p for p in page if p] for page in pages]
        pages = [page for page in pages if page]

        filler_for_gap = s.sentence(14)
        gap_at = " ".join(filler_for_gap.split()[:7])
        body_parts = [
            "::: aside", "Skip to main content", ":::", "",
            wrap(filler_for_gap), "",
        ]
        for p, page in enumerate(pages):
            body_parts += [f"## {' '.join(s.words(rng.randint(2, 5))).capitalize()} {p + 1}", ""]
            for paragraph in page:
                body_parts += [wrap(" ".join(paragraph)), ""]
            if p == 0:
                body_parts += ["::: caption", wrap(s.sentence(12)), ":::", ""]
                body_parts += [f"- • {s.sentence(8)}" for _ in range(3)] + [""]
            if p == 1:
                body_parts += ["| Measure | Before | After |", "|---|---|---|"]
                body_parts += [f"| {' '.join(s.words(2))} row {r} | {rng.randint(10, 99)} | {rng.randint(10, 99)} |" for r in range(3)]
                body_parts.append("")
        body_parts += ["::: aside", "Previous / Next", ":::"]
        body = "\n".join(body_parts) + "\n"
        flat = " ".join(body.split())
        for claim in claims:  # every quote must occur exactly once; the word bank makes that near-certain
            if flat.count(claim["quote"]) != 1:
                raise RuntimeError(f"quote not unique in {article_id}: {claim['quote']!r}")
        if flat.count(gap_at) != 1:
            raise RuntimeError(f"gap position not unique in {article_id}")
        n_words += len(flat.split())

        front = [
            "---", f"id: {article_id}", f"title: {q(' '.join(s.words(rng.randint(3, 7))).title())}",
            f"date: '{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}'",
            f"publisher: {q(s.word(2).capitalize() + ' Health')}", f"source: {a:03d}_synthetic.txt",
            f"citation_style: {style}", "bibliography:",
        ]
        for r in bib:
            text = f"{r.family} {r.given.replace('.', '').replace(' ', '')} et al. ({r.year}). \"{r.title}.\" {r.journal}."
            if r.pmid:
                text += f" doi:{r.doi} PMID: {r.pmid}"
            front += [f"  - ref: {r.id}", f"    text: {q(text)}"]
        front += ["gaps:", f"  - at: {q(gap_at)}", "    missing: unknown", "---"]
        (out / "seeds" / f"{article_id}.md").write_text("\n".join(front) + "\n" + body, "utf-8")

        lines = [f"article: {article_id}", "claims:"]
        for claim in claims:
            rels, cites = claim["rels"], claim["cites"]
            cid = s.unique_id(f"{article_id.split('-')[1]}-c{claim['n'] + 1:02d}-{s.word(2)}")
            lines += [
                f"  - id: {cid}",
                f"    quote: {q(claim['quote'])}",
                f"    statement: {q('Synthetic claim ' + cid + ': ' + ' '.join(s.words(8)) + '.')}",
                f"    type: {'mechanism' if rels else rng.choice(CLAIM_TYPES)}",
                f"    cites: [{', '.join(r.id for r in cites)}]",
                f"    citation: {style if cites else 'none'}",
            ]
            if rels:
                lines.append("    relations:")
                for arrow in rels:
                    lines += [f"      - subject: {arrow.subject}"]
                    if arrow.effect == "part":
                        lines.append("        predicate: part-of")
                    elif arrow.effect == "unknown" or rng.random() < 0.15:
                        lines += [f"        predicate: {rng.choice(UNSIGNED)}", f"        effect: {arrow.effect}"]
                    else:
                        lines.append(f"        predicate: {rng.choice(POSITIVE if arrow.effect == 'positive' else NEGATIVE)}")
                    lines.append(f"        object: {arrow.object}")
                    if rng.random() < 0.3:
                        lines.append(f"        context: {q(' '.join(s.words(5)))}")
                    if crng.random() < 0.3:
                        lines.append(f"        setting: {{{setting()}}}")
                        n_settings += 1
                    n_relations += 1
            if rng.random() < 0.15:
                lines += [f"    intervention: {rng.choice(interventions)}", f"    outcome: {rng.choice(outcomes)}",
                          f"    direction: {rng.choice(DIRECTIONS)}"]
            if rng.random() < 0.05:
                lines += ["    quantity:", f"      measure: {rng.choice(measures)}", f"      value: {q(f'~{rng.randint(5, 95)}%')}"]
            if rng.random() < 0.3:
                lines += ["    appraisal:", f"      verdict: {rng.choice(VERDICTS)}", f"      note: {q(s.sentence(15))}"]
            if rng.random() < 0.3:
                lines.append(f"    tags: [{s.word(2)}]")
        (out / "claims" / f"{article_id}.yaml").write_text("\n".join(lines) + "\n", "utf-8")

    for r in refs:
        lines = [
            f"id: {r.id}", "type: article-journal", f"title: {q(r.title)}",
            "author:", f"  - {{family: {r.family}, given: {r.given}}}", "  - {literal: et al.}",
            f"issued: {{date-parts: [[{r.year}]]}}", f"container-title: {q(r.journal)}",
            f'volume: "{rng.randint(1, 90)}"', f'issue: "{rng.randint(1, 12)}"',
            f"page: {rng.randint(1, 900)}-{rng.randint(901, 1800)}",
        ]
        if r.pmid:
            lines += [f'PMID: "{r.pmid}"', f"DOI: {r.doi}"]
        lines.append(f"design: {r.design}")
        if rng.random() < 0.4:
            n = rng.randint(8, 4000)
            lines += [f"population: {q(f'{n} adults aged {rng.randint(18, 60)}-{rng.randint(61, 90)}')}", f"n: {n}"]
        if r.citing and rng.random() < 0.05:
            lines += ["as_cited:", f"  - article: {r.citing[0]}", f"    title: {q(s.sentence(7)[:-1])}"]
        (out / "references" / f"{r.id}.yaml").write_text("\n".join(lines) + "\n", "utf-8")

    # three panels: an entity and its neighbours, a few hops deep
    panels = []
    adjacency: dict[str, set[str]] = {}
    for arrow in arrows:
        adjacency.setdefault(arrow.subject, set()).add(arrow.object)
        adjacency.setdefault(arrow.object, set()).add(arrow.subject)
    starts = sorted(adjacency, key=lambda e: (-len(adjacency[e]), e))[:3]
    for i, start in enumerate(starts):
        members, frontier = [start], [start]
        while frontier and len(members) < 14:
            nxt = []
            for e in frontier:
                for other in sorted(adjacency[e]):
                    if other not in members and len(members) < 14:
                        members.append(other)
                        nxt.append(other)
            frontier = nxt
        panels.append((f"panel-{i + 1}", f"Around {ent[start].label}", members))
    lines = [f"title: {q(f'Synthetic evidence map ({n_claims:,} claims)')}",
             f"description: {q('Generated by benchmarks/synth.py for build benchmarks.')}", "pathways:"]
    for pid, title, members in panels:
        lines += [f"  - id: {pid}", f"    title: {q(title)}", f"    entities: [{', '.join(members)}]"]
    (out / "evidmap.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return {"claims": claim_count, "articles": n_articles, "references": len(refs), "entities": len(entities),
            "arrows": len(arrows), "relations": n_relations, "settings": n_settings,
            "hierarchy links": sum(len(e.is_a) + len(e.part_of) for e in entities), "article_words": n_words}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skew", type=float, default=0.7, help="how unevenly claims restate arrows (see generate)")
    args = parser.parse_args()
    stats = generate(args.claims, args.out, args.seed, args.skew)
    print(", ".join(f"{v:,} {k}" for k, v in stats.items()))


if __name__ == "__main__":
    main()
