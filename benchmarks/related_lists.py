"""How the "what the other articles say" lists of claim pages scale when one arrow is restated
very often. Prints, for maps of 1,000 to 8,000 claims of a few shapes, the time to make every
claim's lists (`views.related.RelatedClaims.of`) and how much the time grows when the claims
double (2.0 is linear; 4.0 would be quadratic).

    .venv/bin/python benchmarks/related_lists.py

Shapes (20 claims per article, every claim stating the popular arrow a -> b):
- "one arrow": every claim states a -> b only, and one more claim states c -> b
- "two arrows": every claim states a -> b and b -| c
- "one popular, one rare": every claim states a -> b and b -| x_i, an entity of its own
"""

from __future__ import annotations

import time

from evidmap import views
from evidmap.analyse import analyse
from evidmap.paths import Linker
from evidmap.records import Article, Claim, Entity, Project, Relation, Source

SIZES = (1000, 2000, 4000, 8000)
PER_ARTICLE = 20


def _project(n: int, shape: str) -> Project:
    source = Source("x", 1)
    labels = {"a": "A", "b": "B", "c": "C"} | ({f"x{i:05d}": f"X {i}" for i in range(n)} if shape == "one popular, one rare" else {})
    entities = tuple(Entity(e, label, "protein", None, (), None, (), None, source) for e, label in sorted(labels.items()))
    articles = tuple(
        Article(f"art{a:04d}", f"Article {a}", None, None, None, None, None, "numbered", (), (), "", 1, source)
        for a in range(n // PER_ARTICLE + 1))
    claims = []
    for i in range(n):
        relations = [Relation("a", "activates", "b", "positive", None)]
        if shape == "two arrows":
            relations.append(Relation("b", "inhibits", "c", "negative", None))
        elif shape == "one popular, one rare":
            relations.append(Relation("b", "inhibits", f"x{i:05d}", "negative", None))
        claims.append(_claim(f"c{i:05d}", f"art{i // PER_ARTICLE:04d}", i % PER_ARTICLE + 1, tuple(relations), source))
    if shape == "one arrow":
        claims.append(_claim("z", f"art{n // PER_ARTICLE:04d}", PER_ARTICLE + 1, (Relation("c", "activates", "b", "positive", None),), source))
    return Project(articles, tuple(sorted(claims, key=lambda c: c.id)), (), entities, ())


def _claim(claim_id: str, article: str, number: int, relations: tuple, source: Source) -> Claim:
    return Claim(claim_id, article, number, "quote", f"Statement {claim_id}.", "mechanism", (), "none", relations,
                 None, None, None, None, None, (), False, source)


def main() -> None:
    print(f"{'shape':<24}" + "".join(f"{n:>10,}" for n in SIZES) + "   per doubling")
    for shape in ("one arrow", "two arrows", "one popular, one rare"):
        seconds = []
        for n in SIZES:
            project = _project(n, shape)
            related = views.RelatedClaims(views.build_index(project, analyse(project), {}, Linker("")))
            started = time.perf_counter()
            for claim in project.claims:
                related.of(claim)
            seconds.append(time.perf_counter() - started)
        growth = (seconds[-1] / seconds[0]) ** (1 / (len(SIZES) - 1))
        print(f"{shape:<24}" + "".join(f"{s:>9.2f}s" for s in seconds) + f"   {growth:.2f}x time for 2x claims")


if __name__ == "__main__":
    main()
