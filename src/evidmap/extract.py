"""Extract: a new seed article -> draft claims and draft reference records for a curator to review.

`evidmap extract seeds/NEW.md` splits the article's text into sentences and drafts one claim per
factual-looking sentence (statements of five words or more that are not questions), quoting it
verbatim, with the citation markers it carries: numbered ([1], [2-4]), superscript (¹²) or
author-year ("(Samuel and Shulman, 2012)", "DeFronzo and Tripathy (2009, …)"). The bibliography comes
from the seed's front matter or, failing that, from a "References" section of the body, parsed by
bibparse into draft CSL records. Everything drafted carries `draft: true` and passes validation, so
the site shows it at once, marked as a draft. Existing files are never overwritten without --force.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evidmap import articles as text
from evidmap import schema
from evidmap.bibparse import MAX_PARSED_LENGTH, parse_entry, slug, too_long
from evidmap.diagnostics import Diagnostic
from evidmap.load import YamlDoc, parse_yaml, read_text, split_front_matter
from evidmap.paths import is_slug

_REFERENCES_HEADING = re.compile(r"^(references|bibliography|sources|works cited|literature cited)\s*:?$", re.I)
_NUMBERED = re.compile(r"\[(\d+(?:\s*[-–,]\s*\d+)*)\]")
_SUPERSCRIPT = re.compile(r"(?<=[^\s\d])([⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,⁻–-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
_NAME = r"[A-Z][A-Za-z'’-]+"
_PAREN_AUTHOR_YEAR = re.compile(rf"\(({_NAME})(?: et al\.?| (?:and|&) {_NAME})?,? (\d{{4}})[^)]*\)")
_NARRATIVE_AUTHOR_YEAR = re.compile(rf"\b({_NAME})(?: et al\.?| (?:and|&) {_NAME})? \((\d{{4}})")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[A-Z“\"(\[])")
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "Dr.", "Fig.", "approx.", "cf.", "St.", "no.", "vol.")
_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_TYPE_HINTS = [
    ("recommendation", re.compile(r"\b(should|aim for|try|consider|avoid|action step|prioriti[sz]e|focus on)\b", re.I)),
    ("trial-result", re.compile(r"\b(trial|randomi[sz]ed|placebo|participants|cohort)\b", re.I)),
    ("definition", re.compile(r"\b(is when|is defined as|refers to|stands for|is called|known as)\b", re.I)),
    ("quantity", re.compile(r"\d+(?:\.\d+)?\s*(?:%|percent|hours|weeks|days|mg|kg)")),
    (
        "mechanism",
        re.compile(r"\b(activat|inhibit|phosphorylat|suppress|stimulat|trigger|bind|block|transloca|secret)\w*", re.I),
    ),
]


@dataclass
class Extraction:
    files: dict[str, str] = field(default_factory=dict)  # project-relative path -> text
    messages: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def sentences(unit_text: str) -> list[str]:
    """The sentences of one text unit, as exact substrings of it."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(unit_text):
        candidate = unit_text[start : match.start() + len(match.group(0).rstrip())].strip()
        if candidate.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", candidate):
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(unit_text[start:].strip())
    return [p for p in pieces if p]


def _numbers(marker: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", marker.translate(_SUPER)):
        if re.fullmatch(r"\d+\s*[-–]\s*\d+", part):
            low, high = (int(x) for x in re.split(r"\s*[-–]\s*", part))
            out.extend(range(low, high + 1))
        elif part.strip().isdigit():
            out.append(int(part))
    return out


def _guess_type(sentence: str) -> str:
    for name, pattern in _TYPE_HINTS:
        if pattern.search(sentence):
            return name
    return "fact"


def seed_location_problem(seed: Path, root: Path) -> str | None:
    """Why `seed` cannot be extracted into the project at `root`, or None. Extract writes into the
    project (claims/, references/ and the seed's own front matter), so the seed must be a .md file
    in the project's own seeds/ folder, and not a link to a file elsewhere."""
    seeds = root / "seeds"
    real = os.path.realpath(seed)
    if real.endswith(".md") and os.path.dirname(real) == os.path.join(os.path.realpath(root), "seeds"):
        return None
    if os.path.dirname(os.path.abspath(seed)) == os.path.abspath(seeds):
        return f"seed is a symbolic link to {real}, outside the project; copy the file itself into {seeds}/"
    return f"seed is not a .md file in {seeds}/, the project's seeds folder; move it there, or name its project with --project"


def extract(seed_path: Path, root: Path, force: bool = False) -> Extraction:
    """Drafts for the seed at `seed_path`, a file of the project at `root` that
    `seed_location_problem` accepts; nothing is drafted while its front matter has problems."""
    result = Extraction()
    rel = f"seeds/{seed_path.name}"
    raw, problems = read_text(seed_path, rel)
    if raw is None:
        result.problems.extend(problems)
        return result
    front, body, _, problems = split_front_matter(raw, rel)
    if front is None or not isinstance(front.data, dict):
        result.problems.extend(
            problems or [Diagnostic(rel, 1, 1, "error", "front matter must be a mapping with id and title")]
        )
        return result
    meta = dict(front.data)
    article_id = meta.get("id")
    if not is_slug(article_id) or "title" not in meta:
        result.problems.append(
            Diagnostic(rel, 2, 1, "error", "front matter needs an 'id' (a slug) and a 'title' before extraction")
        )
        return result
    # the front matter must already be valid as far as it goes (ids used as file names included);
    # extract adds the citation style and the bibliography when they are missing
    as_completed = YamlDoc(
        rel,
        {"citation_style": "none", "bibliography": [], **meta},
        front.positions,
        front.key_positions,
        front.unreadable,
    )
    problems = [*problems, *schema.check(as_completed, "seed")[0]]
    if problems:
        result.problems.extend(problems)
        return result

    units = text.text_units(text.parse(body))
    entries, body_units = _bibliography(meta, units)
    given = [e.get("ref") for e in meta.get("bibliography") or [] if isinstance(e, dict)]
    named = [str(ref) for ref in given if ref]
    refs, ref_files = _draft_references(
        entries, rel, root, force, result, named if given and len(named) == len(given) else None
    )
    bibliography = [{"ref": ref_id, "text": entry} for ref_id, entry in zip(refs, entries)]
    authors = []
    for entry in entries:
        fields = parse_entry(entry)
        first = next((a.get("family", "") for a in fields.get("author", []) if a.get("family")), "")
        authors.append((slug(first).split("-")[0], str(fields.get("issued", {}).get("date-parts", [[""]])[0][0])))
    claims, styles = _draft_claims(text.QuoteIndex.of(units), body_units, refs, authors, result)

    claims_path = f"claims/{article_id}.yaml"
    if (root / claims_path).exists() and not force:
        result.problems.append(
            Diagnostic(claims_path, 0, 0, "error", "file exists; use --force to replace it with new drafts")
        )
        return result
    header = (
        "# yaml-language-server: $schema=../src/evidmap/schemas/claims.schema.json\n"
        f"# Drafted by evidmap extract from seeds/{article_id}.md: one candidate per factual-looking sentence.\n"
        "# Review each claim: fix the statement and type, add relations, delete what is not a claim, then remove `draft: true`.\n"
    )
    result.files[claims_path] = header + _dump({"article": article_id, "claims": claims})
    result.files.update(ref_files)
    if not meta.get("bibliography") and bibliography:
        meta["bibliography"] = bibliography
    meta.setdefault("bibliography", [])
    if "citation_style" not in meta:
        meta["citation_style"] = styles or ("bibliography-only" if bibliography else "none")
    if meta != front.data:
        result.files[rel] = "---\n" + _dump(meta) + "---\n" + body
        result.messages.append(f"added bibliography and citation style to the front matter of {rel}")
    result.messages.insert(0, f"drafted {len(claims)} claims in {claims_path}, {len(refs)} bibliography entries")
    return result


def _bibliography(meta: dict[str, Any], units: list[text.TextUnit]) -> tuple[list[str], list[text.TextUnit]]:
    """Bibliography entry texts, and the units that are article text (before any References heading)."""
    for n, unit in enumerate(units):
        if unit.kind == "heading" and _REFERENCES_HEADING.match(unit.text.strip()):
            section = []
            for later in units[n + 1 :]:
                if later.kind == "heading":
                    break
                section.append(later.text)
            listed = [e.get("text", "") for e in meta.get("bibliography") or [] if isinstance(e, dict)]
            return (listed or section), units[:n]
    return [e.get("text", "") for e in meta.get("bibliography") or [] if isinstance(e, dict)], units


def _draft_references(
    entries: list[str], seed: str, root: Path, force: bool, result: Extraction, given: list[str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """Reference ids for the entries (the front matter's where it gives them) and draft records for
    those that have no file yet."""
    ids: list[str] = []
    used: set[str] = set()
    suffixes = _Suffixes()
    files: dict[str, str] = {}
    for index, entry in enumerate(entries):
        fields = parse_entry(entry)
        base = fields["id"]
        ref_id = given[index] if given else base
        while not given and (ref_id in used or _taken_by_other(root / f"references/{ref_id}.yaml", fields)):
            ref_id = suffixes.next(base)
        fields["id"] = ref_id
        ids.append(ref_id)
        used.add(ref_id)
        path = f"references/{ref_id}.yaml"
        if too_long(entry):
            result.messages.append(
                f"{seed}: bibliography entry {index + 1} is longer than {MAX_PARSED_LENGTH:,} characters, so it was not parsed: "
                f"{path} holds its text in its note; fill in its fields"
            )
        if (root / path).exists() and not force:
            result.messages.append(f"kept existing {path}")
            continue
        fields.setdefault("issued", {"literal": "n.d."})  # check needs a date; an entry with no year says so
        record = {
            "id": ref_id,
            **{k: v for k, v in fields.items() if k != "id"},
            "design": "unknown",
            "note": f"Draft parsed by evidmap extract from: {entry}",
            "draft": True,
        }
        files[path] = "# yaml-language-server: $schema=../src/evidmap/schemas/reference.schema.json\n" + _dump(record)
    return ids, files


class _Suffixes:
    """Ids for entries whose natural id is taken: smith-2020-b to smith-2020-z (the first repeat is
    -b, as drafts have always had), then smith-2020-27, -28, ...; always slugs. A counter per base
    id, so that n repeats cost n steps, not n squared."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def next(self, base: str) -> str:
        n = self.last[base] = self.last.get(base, 1) + 1
        return f"{base}-{chr(ord('a') + n - 1)}" if n <= 26 else f"{base}-{n}"


def _taken_by_other(path: Path, fields: dict[str, Any]) -> bool:
    """An existing record with this id that describes another work (different title)."""
    if not path.is_file():
        return False
    text_, _ = read_text(path, path.name)
    doc, _ = parse_yaml(text_ or "", path.name)
    title = (doc.data or {}).get("title", "") if doc and isinstance(doc.data, dict) else ""
    return bool(title and fields.get("title") and slug(title) != slug(fields["title"]))


def _draft_claims(
    index: text.QuoteIndex, body_units, refs: list[str], authors: list[tuple[str, str]], result: Extraction
) -> tuple[list[dict[str, Any]], str | None]:
    """Claims, and the citation style the markers show. `authors` gives (first author's family name
    as a slug, year) for each reference, to resolve author-year citations."""
    claims: list[dict[str, Any]] = []
    used_ids: set[str] = set()
    last_number: dict[str, int] = {}  # per base id, so that n claims with the same first words cost n steps
    styles: set[str] = set()
    surnames: dict[tuple[str, str], str] = {}
    for ref_id, key in zip(refs, authors):
        surnames.setdefault(key, ref_id)
    for unit in body_units:
        if unit.kind in ("heading", "header-row"):
            continue
        for sentence in sentences(unit.text):
            words = sentence.split()
            if len(words) < 5 or sentence.rstrip('”"’)').endswith("?"):
                continue
            if len(index.find_all(sentence)) != 1:
                result.messages.append(f"skipped a sentence that occurs more than once: {sentence[:60]}…")
                continue
            cites, how = [], "none"
            for marker in _NUMBERED.findall(sentence) + _SUPERSCRIPT.findall(sentence):
                for number in _numbers(marker):
                    if 1 <= number <= len(refs):
                        cites.append(refs[number - 1])
                        how = "numbered"
            for name, year in _PAREN_AUTHOR_YEAR.findall(sentence) + _NARRATIVE_AUTHOR_YEAR.findall(sentence):
                cited = surnames.get((slug(name).split("-")[0], year))
                if cited:
                    cites.append(cited)
                    how = "author-year"
            if how != "none":
                styles.add(how)
            base = "-".join(slug(w) for w in re.findall(r"[A-Za-z0-9]+", sentence)[:7]) or "claim"
            claim_id = base
            while claim_id in used_ids:
                n = last_number[base] = last_number.get(base, 1) + 1
                claim_id = f"{base}-{n}"
            used_ids.add(claim_id)
            statement = " ".join(_SUPERSCRIPT.sub("", _NUMBERED.sub("", sentence)).split())
            claims.append(
                {
                    "id": claim_id,
                    "quote": " ".join(sentence.split()),
                    "statement": statement,
                    "type": _guess_type(sentence),
                    "cites": list(dict.fromkeys(cites)),
                    "citation": how,
                    "draft": True,
                }
            )
    style = "numbered" if "numbered" in styles else ("author-year" if "author-year" in styles else None)
    return claims, style


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
