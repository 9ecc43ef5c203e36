"""Validate: raw documents -> frozen records, with every problem found in one pass.

Each file is first checked against its JSON Schema (field names, types, allowed values); then the
records are cross-checked: ids unique, every reference/entity/article id known (with the nearest
known id suggested), every quote found verbatim in its article, citations consistent with the
article's bibliography. Nothing stops at the first problem: the result is the records that could be
built plus the full, sorted list of diagnostics. The project is usable only if none is an error.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from evidmap import articles as text
from evidmap import schema
from evidmap.diagnostics import Diagnostic, did_you_mean
from evidmap.hierarchy import cycles
from evidmap.load import RawProject, SeedDoc, YamlDoc
from evidmap.memo import Caches
from evidmap.records import (
    Appraisal,
    Article,
    Author,
    BibEntry,
    CitedAs,
    Claim,
    Curator,
    Entity,
    ErrorReports,
    Gap,
    Licence,
    Measure,
    Panel,
    Project,
    Quantity,
    QuoteSpan,
    Reference,
    Relation,
    Setting,
    Source,
    effect_of,
)
from evidmap.vocabulary import IS_A, LINK_WORDS, PART_OF, SETTING_FIELDS


class _Report:
    """Collects diagnostics for one run, and carries the caches its checks may use."""

    def __init__(self, caches: Caches | None = None) -> None:
        self.items: list[Diagnostic] = []
        self.schema_checks = caches.schema_checks if caches else None
        self.article_texts = caches.article_texts if caches else None

    def error(self, doc: YamlDoc | SeedDoc | str, where: tuple[int, int], message: str) -> None:
        path = doc if isinstance(doc, str) else doc.path
        self.items.append(Diagnostic(path, where[0], where[1], "error", message))

    def warning(self, doc: YamlDoc | SeedDoc | str, where: tuple[int, int], message: str) -> None:
        path = doc if isinstance(doc, str) else doc.path
        self.items.append(Diagnostic(path, where[0], where[1], "warning", message))


# the setting fields that name an entity, and the kinds of entity each may name
SETTING_ENTITY_KINDS = {"source": ("tissue", "cell"), "tissue": ("tissue", "cell"), "condition": ("condition",)}


# the form the schema asks of a day; whether the day exists is checked here
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _real_day(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _stem(path: str) -> str:
    return PurePosixPath(path).stem


def validate(raw: RawProject, caches: Caches | None = None) -> tuple[Project, list[Diagnostic]]:
    """The project's records and every diagnostic; `caches` lets a rebuild skip unchanged files."""
    report = _Report(caches)
    entities = _entities(raw.entity_files, report)
    measures = _measures(raw.entity_files, report)
    references = _references(raw.reference_files, report)
    articles, indexes = _articles(raw.seeds, references, report)
    claims, spans = _claims(raw.claim_files, articles, indexes, references, entities, measures, report)
    docs = {d.path: d for d in raw.reference_files}
    for ref in references.values():
        doc = docs[ref.source.path]
        for i, entry in enumerate(doc.data.get("as_cited", [])):
            if entry["article"] not in articles:
                report.error(
                    doc,
                    doc.at("as_cited", i, "article"),
                    f"as_cited names unknown article '{entry['article']}'{did_you_mean(entry['article'], articles)}",
                )
    project = Project(
        **_settings(raw.settings, entities, report),
        articles=tuple(articles[k] for k in sorted(articles)),
        claims=tuple(claims[k] for k in sorted(claims)),
        references=tuple(references[k] for k in sorted(references)),
        entities=tuple(entities[k] for k in sorted(entities)),
        spans=tuple(sorted(spans, key=lambda s: s.claim)),
        measures=tuple(measures[k] for k in sorted(measures)),
    )
    return project, sorted(set(report.items))


def _items(doc: YamlDoc, key: str, schema_name: str, report: _Report) -> Iterable[tuple[int, dict[str, Any]]]:
    """The entries of the list at `key` that are well-shaped enough to cross-check, after reporting
    every schema problem of the file. An entry with only a bad value (unknown enum, bad id) is still
    cross-checked, so one run shows all its problems."""
    problems, misshapen = schema.check(doc, schema_name, report.schema_checks)
    report.items.extend(problems)
    if () in misshapen or not isinstance(doc.data, dict) or not isinstance(doc.data.get(key), list):
        return []
    return [
        (i, item)
        for i, item in enumerate(doc.data[key])
        if isinstance(item, dict) and not any(path[:2] == (key, i) for path in misshapen)
    ]


def _settings(doc: YamlDoc | None, entities: dict[str, Entity], report: _Report) -> dict[str, Any]:
    """The Project fields evidmap.yaml sets (all optional): site title and description, pathway
    panels, the curators, the content's licence, and where readers report errors."""
    if doc is None:
        return {}
    problems, misshapen = schema.check(doc, "project", report.schema_checks)
    report.items.extend(problems)
    if misshapen or not isinstance(doc.data, dict):
        return {}
    data = doc.data
    panels, seen = [], set()
    for i, panel in enumerate(data.get("pathways", [])):
        if panel["id"] in seen:
            report.error(doc, doc.at("pathways", i, "id"), f"duplicate pathway id '{panel['id']}'")
            continue
        seen.add(panel["id"])
        for n, entity in enumerate(panel["entities"]):
            if entity not in entities:
                report.error(
                    doc,
                    doc.at("pathways", i, "entities", n),
                    f"unknown entity '{entity}'{did_you_mean(entity, entities)}",
                )
        panels.append(Panel(panel["id"], str(panel["title"]), _opt(panel.get("description")), tuple(panel["entities"])))
    licence, reports = data.get("licence"), data.get("report_errors")
    return dict(
        title=str(data.get("title", Project.title)),
        description=_opt(data.get("description")),
        panels=tuple(panels),
        curators=tuple(
            Curator(str(c["name"]), _opt(c.get("url")), c.get("kind", "person")) for c in data.get("curators", [])
        ),
        # every SPDX id has its page on spdx.org, so a licence always has a page to link to
        licence=Licence(licence["id"], licence.get("url", f"https://spdx.org/licenses/{licence['id']}.html"))
        if licence
        else None,
        report_errors=ErrorReports(_opt(reports.get("url")), _opt(reports.get("email")))
        if reports and (reports.get("url") or reports.get("email"))
        else None,
    )


def _entities(files: tuple[YamlDoc, ...], report: _Report) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    links: dict[tuple[str, str, str], tuple[YamlDoc, tuple[int, int]]] = {}  # (entity, kind, broader) -> where
    for doc in files:
        for i, item in _items(doc, "entities", "entities", report):
            line = doc.at("entities", i)[0]
            entity_id = item["id"]
            if entity_id in entities:
                first = entities[entity_id].source
                report.error(
                    doc,
                    doc.at("entities", i, "id"),
                    f"duplicate entity id '{entity_id}' (first defined at {first.path}:{first.line})",
                )
                continue
            entities[entity_id] = Entity(
                id=entity_id,
                label=str(item["label"]),
                kind=item["kind"],
                name=_opt(item.get("name")),
                synonyms=tuple(str(s) for s in item.get("synonyms", [])),
                compartment=_opt(item.get("compartment")),
                xrefs=tuple(sorted((k, str(v)) for k, v in item.get("xrefs", {}).items())),
                note=_opt(item.get("note")),
                is_a=tuple(item.get(IS_A, [])),
                part_of=tuple(item.get(PART_OF, [])),
                source=Source(doc.path, line),
            )
            for kind in (IS_A, PART_OF):
                for n, broader in enumerate(item.get(kind, [])):
                    links.setdefault((entity_id, kind, broader), (doc, doc.at("entities", i, kind, n)))
    _check_hierarchy(entities, links, report)
    return entities


def _check_hierarchy(
    entities: dict[str, Entity], links: dict[tuple[str, str, str], tuple[YamlDoc, tuple[int, int]]], report: _Report
) -> None:
    """Every `is-a` and `part-of` names a known entity other than itself, and following them never
    leads back to where it started (the hierarchy would have no top, and comparison no meaning)."""
    up: dict[str, list[str]] = {}
    for (entity_id, kind, broader), (doc, where) in links.items():
        if broader not in entities:
            report.error(
                doc,
                where,
                f"{kind} names unknown entity '{broader}'{did_you_mean(broader, entities)}; add it or fix the id",
            )
        else:
            up.setdefault(entity_id, []).append(broader)
    for ring in cycles(up):
        steps = list(zip(ring, ring[1:]))
        said = []
        for narrower, broader in steps:
            kind = IS_A if (narrower, IS_A, broader) in links else PART_OF
            doc, (line, _) = links[(narrower, kind, broader)]
            said.append(f"{narrower} {LINK_WORDS[kind]} {broader} ({doc.path}:{line})")
        first = steps[0]
        doc, where = links[(first[0], IS_A if (first[0], IS_A, first[1]) in links else PART_OF, first[1])]
        report.error(
            doc,
            where,
            f"the entity hierarchy goes round in a circle: {', '.join(said)}; remove one of these links",
        )


def _measures(files: tuple[YamlDoc, ...], report: _Report) -> dict[str, Measure]:
    measures: dict[str, Measure] = {}
    for doc in files:
        for i, item in _items(doc, "measures", "entities", report):
            measure_id = item["id"]
            if measure_id in measures:
                first = measures[measure_id].source
                report.error(
                    doc,
                    doc.at("measures", i, "id"),
                    f"duplicate measure id '{measure_id}' (first defined at {first.path}:{first.line})",
                )
                continue
            measures[measure_id] = Measure(measure_id, str(item["label"]), Source(doc.path, doc.at("measures", i)[0]))
    return measures


def _author(value: dict[str, Any]) -> Author:
    return Author(
        family=str(value.get("family", "")), given=str(value.get("given", "")), literal=str(value.get("literal", ""))
    )


def _year(issued: Any) -> int | None:
    try:
        return int(issued["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _named_record(doc: YamlDoc, schema_name: str, noun: str, suffix: str, seen, report: _Report) -> dict | None:
    """The document's mapping when it is well shaped, its id matches its file name and is not taken;
    otherwise None, with the reason reported."""
    problems, misshapen = schema.check(doc, schema_name, report.schema_checks)
    report.items.extend(problems)
    if misshapen or not isinstance(doc.data, dict):
        return None
    ident = doc.data["id"]
    if _stem(doc.path) != ident:
        report.error(
            doc, doc.at("id"), f"{noun} id '{ident}' does not match the file name; rename the file to {ident}{suffix}"
        )
        return None
    if ident in seen:
        report.error(doc, doc.at("id"), f"duplicate {noun} id '{ident}'")
        return None
    return doc.data


def _references(files: tuple[YamlDoc, ...], report: _Report) -> dict[str, Reference]:
    references: dict[str, Reference] = {}
    for doc in files:
        data = _named_record(doc, "reference", "reference", ".yaml", references, report)
        if data is None:
            continue
        ref_id = data["id"]
        if "title" not in data and "note" not in data:
            report.warning(doc, (1, 1), "reference has no title; add it, or a note saying why it is unknown")
        cited = []
        for entry in data.get("as_cited", []):
            fields = []
            for key, value in sorted(entry.items()):
                if key == "article":
                    continue
                if key == "author":
                    value = ", ".join(_author(a).short for a in value)
                elif key == "issued":
                    value = str(_year(value) or value.get("literal", ""))
                fields.append((key, str(value)))
            cited.append(CitedAs(article=entry["article"], fields=tuple(fields)))
        references[ref_id] = Reference(
            id=ref_id,
            type=data["type"],
            title=_opt(data.get("title")),
            authors=tuple(_author(a) for a in data.get("author", [])),
            year=_year(data.get("issued")),
            container=_opt(data.get("container-title")),
            volume=_opt(data.get("volume")),
            issue=_opt(data.get("issue")),
            page=_opt(data.get("page")),
            publisher=_opt(data.get("publisher")),
            pmid=_opt(data.get("PMID")),
            doi=_opt(data.get("DOI")),
            url=_opt(data.get("URL")),
            design=data.get("design", "unknown"),
            population=_opt(data.get("population")),
            n=data.get("n"),
            note=_opt(data.get("note")),
            as_cited=tuple(sorted(cited, key=lambda c: c.article)),
            source=Source(doc.path, 1),
        )
    return references


def _articles(
    seeds: tuple[SeedDoc, ...], references: dict[str, Reference], report: _Report
) -> tuple[dict[str, Article], dict[str, text.QuoteIndex]]:
    articles: dict[str, Article] = {}
    indexes: dict[str, text.QuoteIndex] = {}
    for seed in seeds:
        front = seed.front
        data = _named_record(front, "seed", "article", ".md", articles, report)
        if data is None:
            continue
        article_id = data["id"]
        bibliography = []
        seen: set[str] = set()
        for n, entry in enumerate(data["bibliography"]):
            ref = entry["ref"]
            if ref not in references:
                report.error(
                    seed,
                    front.at("bibliography", n, "ref"),
                    f"unknown reference '{ref}'{did_you_mean(ref, references)}; add references/{ref}.yaml or fix the id",
                )
            elif ref in seen:
                report.error(
                    seed, front.at("bibliography", n, "ref"), f"reference '{ref}' is listed twice in the bibliography"
                )
            seen.add(ref)
            bibliography.append(BibEntry(ref=ref, text=str(entry["text"]).strip(), number=n + 1))
        index = text.quote_index(seed.body, report.article_texts)
        gaps = []
        for n, gap in enumerate(data.get("gaps", [])):
            found = index.find_all(gap["at"])
            if len(found) != 1:
                how = "does not occur in" if not found else f"occurs {len(found)} times in"
                report.error(
                    seed,
                    front.at("gaps", n, "at"),
                    f"gap position '{gap['at']}' {how} the article text; quote the words just before the gap, exactly once",
                )
                continue
            gaps.append(Gap(at=str(gap["at"]), missing=str(gap["missing"])))
        articles[article_id] = Article(
            id=article_id,
            title=str(data["title"]),
            date=_opt(data.get("date")),
            publisher=_opt(data.get("publisher")),
            url=_opt(data.get("url")),
            source_file=_opt(data.get("source")),
            note=_opt(data.get("note")),
            citation_style=data["citation_style"],
            bibliography=tuple(bibliography),
            gaps=tuple(gaps),
            body=seed.body,
            body_line=seed.body_line,
            source=Source(seed.path, 1),
        )
        indexes[article_id] = index
    return articles, indexes


def _claims(
    files: tuple[YamlDoc, ...],
    articles: dict[str, Article],
    indexes: dict[str, text.QuoteIndex],
    references: dict[str, Reference],
    entities: dict[str, Entity],
    measures: dict[str, Measure],
    report: _Report,
) -> tuple[dict[str, Claim], list[QuoteSpan]]:
    claims: dict[str, Claim] = {}
    spans: list[QuoteSpan] = []
    for doc in files:
        items = _items(doc, "claims", "claims", report)
        if not isinstance(doc.data, dict) or "article" not in doc.data:
            continue
        article_id = doc.data["article"]
        if not isinstance(article_id, str):  # the schema check has reported it
            continue
        article = articles.get(article_id)
        if article is None:
            report.error(
                doc,
                doc.at("article"),
                f"unknown article '{article_id}'{did_you_mean(str(article_id), articles)}; it must match a seeds/<id>.md file",
            )
            continue
        if _stem(doc.path) != article_id:
            report.error(doc, doc.at("article"), f"claims of article '{article_id}' belong in claims/{article_id}.yaml")
        bibliography = {entry.ref for entry in article.bibliography}
        for i, item in items:
            claim = _claim(
                doc,
                i,
                item,
                article,
                bibliography,
                indexes[article_id],
                references,
                entities,
                measures,
                claims,
                spans,
                report,
            )
            if claim is not None:
                claims[claim.id] = claim
    return claims, spans


def _claim(
    doc, i, item, article, bibliography, index, references, entities, measures, claims, spans, report
) -> Claim | None:
    where = lambda *keys: doc.at("claims", i, *keys)  # noqa: E731
    claim_id = item["id"]
    if claim_id in claims:
        first = claims[claim_id].source
        report.error(doc, where("id"), f"duplicate claim id '{claim_id}' (first defined at {first.path}:{first.line})")
        return None
    found = index.find_all(item["quote"])
    if not found:
        prefix, passage = index.nearest_passage(item["quote"])
        hint = (
            f"; the text matches up to '…{prefix[-40:]}' and then reads '{passage[len(prefix) : len(prefix) + 40]}…'"
            if prefix
            else "; copy it from the article"
        )
        report.error(
            doc, where("quote"), f"quote of claim '{claim_id}' not found verbatim in seeds/{article.id}.md{hint}"
        )
    elif len(found) > 1:
        report.error(
            doc,
            where("quote"),
            f"quote of claim '{claim_id}' occurs {len(found)} times in the article; lengthen it so it occurs once",
        )
    else:
        spans.append(QuoteSpan(claim_id, found[0].unit, found[0].start, found[0].end))
    for n, ref in enumerate(item["cites"]):
        if ref not in references:
            report.error(doc, where("cites", n), f"unknown reference '{ref}'{did_you_mean(ref, references)}")
        elif ref not in bibliography:
            report.error(
                doc,
                where("cites", n),
                f"claim cites '{ref}', which is not in the bibliography of article '{article.id}'{did_you_mean(ref, bibliography)}",
            )
    if bool(item["cites"]) == (item["citation"] == "none"):
        message = (
            "cites nothing, so its citation must be 'none'"
            if not item["cites"]
            else "cites references, so its citation cannot be 'none'"
        )
        report.error(doc, where("citation"), f"claim '{claim_id}' {message}")
    relations = []
    for n, rel in enumerate(item.get("relations", [])):
        for role in ("subject", "object"):
            if rel[role] not in entities:
                report.error(
                    doc,
                    where("relations", n, role),
                    f"unknown entity '{rel[role]}'{did_you_mean(rel[role], entities)}; add it to claims/entities/",
                )
        setting = rel.get("setting", {})
        for role, kinds in SETTING_ENTITY_KINDS.items():
            if role not in setting:
                continue
            named = entities.get(setting[role])
            if named is None:
                report.error(
                    doc,
                    where("relations", n, "setting", role),
                    f"unknown entity '{setting[role]}'{did_you_mean(setting[role], entities)}; add it to claims/entities/",
                )
            elif named.kind not in kinds:
                report.error(
                    doc,
                    where("relations", n, "setting", role),
                    f"setting.{role} names '{named.id}', a {named.kind}; it must name a {' or '.join(kinds)}",
                )
        relations.append(
            Relation(
                rel["subject"],
                rel["predicate"],
                rel["object"],
                effect_of(rel["predicate"], rel.get("effect")),
                _opt(rel.get("context")),
                Setting(**{k: str(v) for k, v in setting.items() if k in SETTING_FIELDS}),  # unknown ones reported
            )
        )
    for role in ("intervention", "outcome"):
        if role in item and item[role] not in entities:
            report.error(
                doc,
                where(role),
                f"unknown entity '{item[role]}'{did_you_mean(item[role], entities)}; add it to claims/entities/",
            )
    if "direction" in item and "outcome" not in item:
        report.error(doc, where("direction"), f"claim '{claim_id}' has a direction but no outcome")
    quantity = item.get("quantity")
    if quantity and quantity["measure"] not in measures:
        report.error(
            doc,
            where("quantity", "measure"),
            f"unknown measure '{quantity['measure']}'{did_you_mean(quantity['measure'], measures)};"
            " add it to the measures of a file in claims/entities/",
        )
    appraisal = item.get("appraisal")
    for n, ref in enumerate(appraisal.get("concerns", []) if appraisal else []):
        if ref not in item["cites"]:
            report.error(
                doc,
                where("appraisal", "concerns", n),
                f"appraisal of claim '{claim_id}' concerns '{ref}', which the claim does not cite"
                f"{did_you_mean(ref, item['cites'])}; name works from its cites",
            )
    appraised_on = _opt(appraisal.get("date")) if appraisal else None
    if appraised_on and _ISO_DAY.fullmatch(appraised_on) and not _real_day(appraised_on):
        report.error(
            doc, where("appraisal", "date"), f"appraisal date '{appraised_on}' of claim '{claim_id}' is not a real date"
        )
    return Claim(
        id=claim_id,
        article=article.id,
        number=i + 1,
        quote=" ".join(str(item["quote"]).split()),
        statement=str(item["statement"]).strip(),
        type=item["type"],
        cites=tuple(item["cites"]),
        citation=item["citation"],
        relations=tuple(relations),
        intervention=_opt(item.get("intervention")),
        outcome=_opt(item.get("outcome")),
        direction=_opt(item.get("direction")),
        quantity=Quantity(quantity["measure"], str(quantity["value"])) if quantity else None,
        appraisal=Appraisal(
            appraisal["verdict"],
            str(appraisal["note"]).strip(),
            tuple(r for r in appraisal.get("concerns", []) if r in item["cites"]),
            appraised_on,
        )
        if appraisal
        else None,
        tags=tuple(item.get("tags", [])),
        draft=bool(item.get("draft", False)),
        source=Source(doc.path, where()[0]),
    )
