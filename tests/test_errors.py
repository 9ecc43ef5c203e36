"""One small broken project per error message, each with its exact expected output.

Every case starts from the valid fixture project (tests/fixtures/mini), changes one file, and
asserts the full list of diagnostics `evidmap check` prints. Reading this file is the quickest way to
see every error evidmap can report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import subprocess

import pytest

from conftest import EVIDMAP
from evidmap.build import check


def replace(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, f"fixture no longer contains {old!r}"
        return text.replace(old, new, 1)
    return edit


@dataclass(frozen=True)
class Link:
    """In place of an edit: make the file a symbolic link to `target`."""

    target: str


CASES = {
    "yaml-syntax": (
        {"claims/alpha.yaml": replace("statement: Kinase X inhibits complex Y in muscle.", "statement: [unclosed")},
        [
            "claims/alpha.yaml:6:9: error: invalid YAML: expected ',' or ']', but got ':'",
        ]
    ),
    "tab-indentation": (
        {"references/jones-2019.yaml": replace("author:\n  - {family: Jones", "author:\n\t- {family: Jones")},
        [
            "references/jones-2019.yaml:5:1: error: invalid YAML: found character '\\t' that cannot start any token (YAML indentation must use spaces, not tabs)",
            "seeds/alpha.md:9:10: error: unknown reference 'jones-2019'; add references/jones-2019.yaml or fix the id",
        ]
    ),
    "duplicate-key": (
        {"references/jones-2019.yaml": replace("design: lecture", "design: lecture\ntitle: Another title")},
        ["references/jones-2019.yaml:8:1: error: duplicate key 'title' (first given on line 3); keep one"],
    ),
    "unknown-field": (
        {"claims/alpha.yaml": replace("    citation: numbered", "    citaton: numbered")},
        [
            "claims/alpha.yaml:3:5: error: 'claims[0]' is missing the required field 'citation'",
            "claims/alpha.yaml:8:5: error: unknown field 'citaton' (did you mean 'citation'?)",
        ]
    ),
    "wrong-type": (
        {"claims/alpha.yaml": replace("cites: [smith-2020]", "cites: smith-2020")},
        ["claims/alpha.yaml:7:12: error: 'claims[0].cites' must be a list, not text"],
    ),
    "yaml-boolean-id": (
        {"claims/entities/core.yaml": replace("{id: drug-d,", "{id: no,")},
        [
            "claims/beta.yaml:24:19: error: unknown entity 'drug-d'; add it to claims/entities/",
            "claims/beta.yaml:28:19: error: unknown entity 'drug-d'; add it to claims/entities/",
            "claims/entities/core.yaml:6:10: error: 'entities[4].id' must be text, not true/false (YAML reads words like yes, no, true, null and bare numbers as other types: put the value in quotes)",
        ],
    ),
    "bad-enum": (
        {"claims/alpha.yaml": replace("type: mechanism", "type: mechanisms")},
        ["claims/alpha.yaml:6:11: error: 'claims[0].type' is 'mechanisms', which is not one of: definition, fact, mechanism, quantity, trial-result, association, recommendation, hypothesis (did you mean 'mechanism'?)"],
    ),
    "bad-id": (
        {"claims/alpha.yaml": replace("id: classic-finding", "id: Classic_Finding")},
        [
            "claims/alpha.yaml:11:9: error: 'claims[1].id' is 'Classic_Finding', which does not match lower-case letters, digits and single hyphens",
        ]
    ),
    "quote-not-found": (
        {"claims/alpha.yaml": replace("quote: Kinase X inhibits complex Y in muscle [1].", "quote: Kinase X inhibits complex Z in muscle [1].")},
        [
            'claims/alpha.yaml:4:12: error: quote of claim \'kinase-x-inhibits-complex-y\' not found verbatim in seeds/alpha.md; the text matches up to \'…Kinase X inhibits complex \' and then reads \'Y in muscle [1]. This is a "classic"…\'',
        ]
    ),
    "quote-in-caption": (
        {"claims/alpha.yaml": replace("quote: This is a \"classic\" finding.", "quote: A stylized bone on green")},
        [
            "claims/alpha.yaml:12:12: error: quote of claim 'classic-finding' not found verbatim in seeds/alpha.md; copy it from the article",
        ]
    ),
    "quote-ambiguous": (
        {"claims/beta.yaml": replace("quote: Drug D lowers blood glucose.", "quote: glucose")},
        [
            "claims/beta.yaml:19:12: error: quote of claim 'drug-d-lowers-glucose' occurs 2 times in the article; lengthen it so it occurs once",
        ]
    ),
    "unknown-reference": (
        {"claims/alpha.yaml": replace("cites: [smith-2020]", "cites: [smith-2021]")},
        ["claims/alpha.yaml:7:13: error: unknown reference 'smith-2021' (did you mean 'smith-2020'?)"],
    ),
    "cite-outside-bibliography": (
        {"claims/beta.yaml": replace("cites: [smith-2020]", "cites: [jones-2019]")},
        ["claims/beta.yaml:7:13: error: claim cites 'jones-2019', which is not in the bibliography of article 'beta'"],
    ),
    "citation-inconsistent": (
        {"claims/alpha.yaml": replace("    cites: []\n    citation: none\n  - id: muscle", "    cites: []\n    citation: numbered\n  - id: muscle")},
        [
            "claims/alpha.yaml:16:15: error: claim 'classic-finding' cites nothing, so its citation must be 'none'",
        ]
    ),
    "unknown-entity": (
        {"claims/alpha.yaml": replace("{subject: kinase-x, predicate: inhibits", "{subject: kinase-z, predicate: inhibits")},
        [
            "claims/alpha.yaml:10:19: error: unknown entity 'kinase-z' (did you mean 'kinase-x'?); add it to claims/entities/",
        ]
    ),
    "direction-without-outcome": (
        {"claims/beta.yaml": replace("    outcome: blood-glucose\n", "")},
        [
            "claims/beta.yaml:25:16: error: claim 'drug-d-lowers-glucose' has a direction but no outcome",
        ]
    ),
    "duplicate-claim-id": (
        {"claims/beta.yaml": replace("id: drug-d-lowers-glucose", "id: classic-finding")},
        [
            "claims/beta.yaml:18:9: error: duplicate claim id 'classic-finding' (first defined at claims/alpha.yaml:11)",
        ]
    ),
    "duplicate-entity-id": (
        {"claims/entities/core.yaml": replace("{id: drug-d,", "{id: factor-z,")},
        [
            "claims/beta.yaml:24:19: error: unknown entity 'drug-d'; add it to claims/entities/",
            "claims/beta.yaml:28:19: error: unknown entity 'drug-d'; add it to claims/entities/",
            "claims/entities/core.yaml:6:10: error: duplicate entity id 'factor-z' (first defined at claims/entities/core.yaml:4)",
        ]
    ),
    "unknown-measure": (
        {"claims/beta.yaml": replace("measure: muscle-share,", "measure: muscle-shares,")},
        [
            "claims/beta.yaml:17:25: error: unknown measure 'muscle-shares' (did you mean 'muscle-share'?); add it to the measures of a file in claims/entities/",
        ]
    ),
    "duplicate-measure-id": (
        {"claims/entities/core.yaml": replace("  - {id: muscle-share, label: Share of glucose taken up by muscle}",
                                              "  - {id: muscle-share, label: Share of glucose taken up by muscle}\n  - {id: muscle-share, label: Muscle's share}")},
        [
            "claims/entities/core.yaml:10:10: error: duplicate measure id 'muscle-share' (first defined at claims/entities/core.yaml:9)",
        ]
    ),
    "reference-file-name": (
        {"references/jones-2019.yaml": replace("id: jones-2019", "id: jones-2018")},
        [
            "references/jones-2019.yaml:1:5: error: reference id 'jones-2018' does not match the file name; rename the file to jones-2018.yaml",
            "seeds/alpha.md:9:10: error: unknown reference 'jones-2019'; add references/jones-2019.yaml or fix the id",
        ]
    ),
    "unknown-bibliography-reference": (
        {"seeds/beta.md": replace("  - ref: smith-2020", "  - ref: smith-2002")},
        [
            "claims/beta.yaml:7:13: error: claim cites 'smith-2020', which is not in the bibliography of article 'beta' (did you mean 'smith-2002'?)",
            "seeds/beta.md:6:10: error: unknown reference 'smith-2002' (did you mean 'smith-2020'?); add references/smith-2002.yaml or fix the id",
        ],
    ),
    "article-file-name": (
        {"seeds/beta.md": replace("id: beta", "id: gamma")},
        [
            "claims/beta.yaml:1:10: error: unknown article 'beta'; it must match a seeds/<id>.md file",
            "references/smith-2020.yaml:15:14: error: as_cited names unknown article 'beta'",
            "seeds/beta.md:2:5: error: article id 'gamma' does not match the file name; rename the file to gamma.md",
        ]
    ),
    "gap-not-found": (
        {"seeds/alpha.md": replace('at: "The benefits of"', 'at: "The benefit of"')},
        [
            "seeds/alpha.md:12:9: error: gap position 'The benefit of' does not occur in the article text; quote the words just before the gap, exactly once",
        ]
    ),
    "front-matter-unclosed": (
        {"seeds/beta.md": lambda text: text.replace("---\n\nKinase", "\nKinase", 1)},
        [
            "claims/beta.yaml:1:10: error: unknown article 'beta'; it must match a seeds/<id>.md file",
            "references/smith-2020.yaml:15:14: error: as_cited names unknown article 'beta'",
            "seeds/beta.md:1:1: error: front matter is not closed: add a '---' line after it",
        ]
    ),
    "empty-file": (
        {"references/jones-2019.yaml": lambda text: ""},
        [
            'references/jones-2019.yaml:1:1: error: file is empty; add content or delete the file',
            "seeds/alpha.md:9:10: error: unknown reference 'jones-2019'; add references/jones-2019.yaml or fix the id",
        ]
    ),
    "as-cited-unknown-article": (
        {"references/smith-2020.yaml": replace("  - article: beta", "  - article: betta")},
        [
            "references/smith-2020.yaml:15:14: error: as_cited names unknown article 'betta' (did you mean 'beta'?)",
        ]
    ),
    "invisible-bidi-control": (
        {"claims/alpha.yaml": replace("statement: Kinase X inhibits", "statement: Kinase X inh\u202eibits")},
        [
            "claims/alpha.yaml:5:28: error: invisible character U+202E RIGHT-TO-LEFT OVERRIDE: it can make the text "
            "read differently on the site than in review; delete it",
        ]
    ),
    "invisible-zero-width-in-seed": (
        {"seeds/beta.md": replace("Drug D lowers", "Drug\u200d D lowers")},
        [
            "claims/beta.yaml:19:12: error: quote of claim 'drug-d-lowers-glucose' not found verbatim in seeds/beta.md; copy it from the article",
            "seeds/beta.md:12:5: error: invisible character U+200D ZERO WIDTH JOINER: it can make the text "
            "read differently on the site than in review; delete it",
        ]
    ),
    "invisible-character-escaped": (
        {"claims/alpha.yaml": replace("statement: The inhibition is a classic finding.",
                                      'statement: "The inhibition is a\\u2066 classic finding."')},
        [
            "claims/alpha.yaml:13:16: error: invisible character U+2066 LEFT-TO-RIGHT ISOLATE written as an escape: it "
            "makes the text read differently on the site than in review; remove it",
        ]
    ),
    "url-not-one-http-url": (
        {"references/jones-2019.yaml": lambda text: text + "URL: 'https://example.org/a b'\n"},
        [
            "references/jones-2019.yaml:8:6: error: 'URL' is 'https://example.org/a b', which does not match one "
            "absolute http:// or https:// URL: a host name, then only characters a URL may hold (percent-encode "
            "spaces, quotes and angle brackets)",
        ]
    ),
    "xrefs-not-identifiers": (
        {"claims/entities/core.yaml": replace(
            "xrefs: {UniProt: P00000}",
            "xrefs: {HGNC: 'HGNC:1 x', UniProt: 'P00000/../x', ChEBI: 'CHEBI:1?a=1', GO: 'GO:123', MeSH: 'D1#x'}")},
        [
            "claims/entities/core.yaml:2:66: error: 'entities[0].xrefs.HGNC' is 'HGNC:1 x', which does not match an "
            "HGNC id: HGNC: and up to 6 digits, or the digits alone (HGNC:6091)",
            "claims/entities/core.yaml:2:87: error: 'entities[0].xrefs.UniProt' is 'P00000/../x', which does not "
            "match a UniProt accession: 6 or 10 capital letters and digits (P06213, A0A0B4J2F0)",
            "claims/entities/core.yaml:2:109: error: 'entities[0].xrefs.ChEBI' is 'CHEBI:1?a=1', which does not "
            "match a ChEBI id: CHEBI: and up to 7 digits, or the digits alone (CHEBI:6801)",
            "claims/entities/core.yaml:2:128: error: 'entities[0].xrefs.GO' is 'GO:123', which does not match a "
            "Gene Ontology id: GO: and 7 digits (GO:0006006)",
            "claims/entities/core.yaml:2:144: error: 'entities[0].xrefs.MeSH' is 'D1#x', which does not match a "
            "MeSH unique identifier: a capital letter and 6 to 9 digits (D008687)",
        ]
    ),
    "impossible-date": (
        {"seeds/alpha.md": replace("date: 2026-01-02", "date: 2026-02-30")},
        ['seeds/alpha.md:4:7: error: \'2026-02-30\' is not a real date (day is out of range for month); correct it, or put it in quotes ("2026-02-30") if it is text and not a date'],
    ),
    "number-too-long": (
        {"claims/beta.yaml": replace('value: "70-80%"', "value: " + "9" * 5000)},
        ["claims/beta.yaml:17:46: error: number '9999999999999999999999999999999999999999…' has more than 4,300 digits; shorten it, or put it in quotes if it is text"],
    ),
    "tag-that-does-not-fit": (
        {"claims/alpha.yaml": replace("    citation: numbered\n", "    citation: numbered\n    draft: !!bool maybe\n")},
        ["claims/alpha.yaml:9:12: error: 'maybe' cannot be read as bool; remove the tag, or put the value in quotes"],
    ),
    "half-a-character": (
        {"seeds/alpha.md": replace("title: Alpha Article", 'title: "Alpha \\ud83d\\ude00"')},
        ["seeds/alpha.md:3:8: error: text contains the escape \\ud83d, half of a character (a UTF-16 surrogate); write the character itself, or escape it whole with \\U and eight hex digits"],
    ),
    "list-where-an-id-belongs": (
        {"claims/alpha.yaml": replace("article: alpha", "article: [x]")},
        ["claims/alpha.yaml:1:10: error: 'article' must be text, not a list"],
    ),
    "list-where-a-word-belongs": (
        {"claims/alpha.yaml": replace("type: mechanism", "type: [mechanism]")},
        ["claims/alpha.yaml:6:11: error: 'claims[0].type' is a list, which is not one of: definition, fact, mechanism, quantity, trial-result, association, recommendation, hypothesis"],
    ),
    "nesting-too-deep": (
        {"claims/alpha.yaml": replace("statement: Kinase X inhibits complex Y in muscle.", "statement: " + "[" * 3000 + "]" * 3000)},
        ["claims/alpha.yaml:5:1013: error: refused: document nests deeper than 50 levels"],
    ),
    "symbolic-link-loop": (
        {"claims/loop.yaml": Link("loop.yaml")},
        ["claims/loop.yaml: error: symbolic link loops back on itself; remove the link or point it at a file"],
    ),
    "id-with-a-line-break": (
        {"claims/entities/core.yaml": replace("{id: drug-d,", '{id: "drug-d\\n",')},
        [
            "claims/beta.yaml:24:19: error: unknown entity 'drug-d' (did you mean 'drug-d\\x0a'?); add it to claims/entities/",
            "claims/beta.yaml:28:19: error: unknown entity 'drug-d' (did you mean 'drug-d\\x0a'?); add it to claims/entities/",
            "claims/entities/core.yaml:6:10: error: 'entities[4].id' is 'drug-d\\x0a', which does not match lower-case letters, digits and single hyphens",
        ],
    ),
    "control-characters-are-printed-escaped": (
        {"claims/alpha.yaml": replace("    citation: numbered\n", '    citation: numbered\n    "\\e[2J\\anote": x\n')},
        ["claims/alpha.yaml:9:5: error: unknown field '\\x1b[2J\\x07note'"],
    ),
    "label-too-long-for-diagrams": (
        {"claims/entities/core.yaml": replace("{id: kinase-x, label: Kinase X,", "{id: kinase-x, label: '" + "\\" * 830 + "',")},
        [
            "claims/entities/core.yaml:2:27: error: 'entities[0].label' is 830 characters long; the name shown on pages and "
            "in diagrams, at most 200 characters (Graphviz refuses very long labels): shorten it",
        ],
    ),
    "renamed-verdict": (
        {"claims/alpha.yaml": replace("verdict: overstated", "verdict: misattributed")},
        [
            "claims/alpha.yaml:24:26: error: 'claims[2].appraisal.verdict' is 'misattributed', which is not one of: "
            "supported, miscited, overstated, unverifiable, unsupported, contradicted; 'misattributed' is now miscited "
            "where the work the article means does support the claim but its details are wrong, unsupported where "
            "the cited work does not say it",
        ],
    ),
    "hierarchy-unknown-entity": (
        {"claims/entities/core.yaml": replace("{id: factor-z, label: Factor Z, kind: cytokine}",
                                              "{id: factor-z, label: Factor Z, kind: cytokine, is-a: [kinase-z]}")},
        ["claims/entities/core.yaml:4:60: error: is-a names unknown entity 'kinase-z' (did you mean 'kinase-x'?); add it or fix the id"],
    ),
    "hierarchy-cycle": (
        {"claims/entities/core.yaml": lambda text: text.replace(
            "{id: complex-y, label: Complex Y, kind: complex}",
            "{id: complex-y, label: Complex Y, kind: complex, part-of: [factor-z]}").replace(
            "{id: factor-z, label: Factor Z, kind: cytokine}",
            "{id: factor-z, label: Factor Z, kind: cytokine, is-a: [kinase-x]}").replace(
            "{id: kinase-x, label: Kinase X, kind: protein,", "{id: kinase-x, label: Kinase X, kind: protein, is-a: [complex-y],")},
        ["claims/entities/core.yaml:3:64: error: the entity hierarchy goes round in a circle: complex-y is part of factor-z "
         "(claims/entities/core.yaml:3), factor-z is a kind of kinase-x (claims/entities/core.yaml:4), kinase-x is a kind "
         "of complex-y (claims/entities/core.yaml:2); remove one of these links"],
    ),
    "hierarchy-entity-above-itself": (
        {"claims/entities/core.yaml": replace("{id: drug-d, label: Drug D, kind: drug}",
                                              "{id: drug-d, label: Drug D, kind: drug, is-a: [drug-d]}")},
        ["claims/entities/core.yaml:6:52: error: the entity hierarchy goes round in a circle: drug-d is a kind of drug-d "
         "(claims/entities/core.yaml:6); remove one of these links"],
    ),
    "setting-unknown-entity-and-wrong-kind": (
        {"claims/alpha.yaml": replace("{subject: kinase-x, predicate: inhibits, object: complex-y, context: in muscle}",
                                      "{subject: kinase-x, predicate: inhibits, object: complex-y, context: in muscle, "
                                      "setting: {tissue: musle, source: drug-d, timeframe: weekly}}")},
        [
            "claims/alpha.yaml:10:107: error: unknown entity 'musle'; add it to claims/entities/",
            "claims/alpha.yaml:10:122: error: setting.source names 'drug-d', a drug; it must name a tissue or cell",
            "claims/alpha.yaml:10:141: error: 'claims[0].relations[0].setting.timeframe' is 'weekly', which is not one of: acute, chronic",
        ],
    ),
    "appraisal-concerns-a-work-not-cited": (
        {"claims/alpha.yaml": replace(
            "    cites: [smith-2020]\n    citation: numbered\n",
            "    cites: [smith-2020]\n    citation: numbered\n"
            "    appraisal: {verdict: unsupported, concerns: [smith-2020, smith-2021], note: Smith says otherwise.}\n",
        )},
        [
            "claims/alpha.yaml:9:62: error: appraisal of claim 'kinase-x-inhibits-complex-y' concerns 'smith-2021', "
            "which the claim does not cite (did you mean 'smith-2020'?); name works from its cites",
        ],
    ),
    "appraisal-date-not-a-day": (
        {"claims/alpha.yaml": replace("note: The source measured this under a clamp.}",
                                      "note: The source measured this under a clamp., date: '2026-02-30'}")},
        ["claims/alpha.yaml:24:91: error: appraisal date '2026-02-30' of claim 'muscle-clears-80-percent' is not a real date"],
    ),
    "appraisal-date-form": (
        {"claims/alpha.yaml": replace("note: The source measured this under a clamp.}",
                                      "note: The source measured this under a clamp., date: 20 May 2026}")},
        ["claims/alpha.yaml:24:91: error: 'claims[2].appraisal.date' is '20 May 2026', which does not match "
         "YYYY-MM-DD, the day the curators made or last revised this appraisal"],
    ),
    "missing-title": (
        {"references/jones-2019.yaml": replace("title: Lecture on things\n", "")},
        ["references/jones-2019.yaml:1:1: warning: reference has no title; add it, or a note saying why it is unknown"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_project_reports_exactly(name: str, mini: Path) -> None:
    edits, expected = CASES[name]
    for rel, edit in edits.items():
        path = mini / rel
        if isinstance(edit, Link):
            path.symlink_to(edit.target)
        else:
            path.write_text(edit(path.read_text("utf-8")), "utf-8")
    result = check(mini)
    assert [str(d) for d in result.diagnostics] == expected


def test_all_problems_are_reported_in_one_run(mini: Path) -> None:
    for name in ("unknown-reference", "bad-enum", "gap-not-found", "duplicate-key"):
        for rel, edit in CASES[name][0].items():
            path = mini / rel
            path.write_text(edit(path.read_text("utf-8")), "utf-8")
    result = check(mini)
    assert result.errors == 4


# Problems a command reports about the folders around the project rather than its files: each sets
# the project up, returns the command and its exact stderr. The command must exit non-zero.
def _output_folder_is_a_link(mini: Path, tmp: Path):
    (tmp / "real-site").mkdir()
    (mini / "site").symlink_to(tmp / "real-site")
    return ["build"], [
        f"evidmap: error: output folder {mini / 'site'} is a symbolic link; a build replaces its output folder whole and does not follow links: remove the link, or give the folder it points to as --out",
        "the previous site is left as it was",
    ]


def _lock_file_is_a_link(mini: Path, tmp: Path):
    (mini / ".site.lock").symlink_to(tmp / "victim")
    return ["build"], [f"evidmap: error: lock file {mini / '.site.lock'} is a symbolic link; remove it", "the previous site is left as it was"]


def _extract_without_a_project(mini: Path, tmp: Path):
    return ["extract", "seeds/alpha.md", "--project", str(tmp)], [
        f"evidmap: error: no seeds/ folder in {tmp}; run extract in the project folder, or name it with --project"]


def _extract_a_seed_outside_the_project(mini: Path, tmp: Path):
    (tmp / "new.md").write_text("---\nid: new\ntitle: New\n---\n\nText.\n")
    return ["extract", str(tmp / "new.md")], [
        f"{tmp / 'new.md'}: error: seed is not a .md file in seeds/, the project's seeds folder; move it there, or name its project with --project"]


def _extract_a_seed_through_a_link(mini: Path, tmp: Path):
    (tmp / "new.md").write_text("---\nid: new\ntitle: New\n---\n\nText.\n")
    (mini / "seeds/new.md").symlink_to(tmp / "new.md")
    return ["extract", "seeds/new.md"], [
        f"seeds/new.md: error: seed is a symbolic link to {tmp / 'new.md'}, outside the project; copy the file itself into seeds/"]


def _extract_into_a_folder_outside(mini: Path, tmp: Path):
    (mini / "seeds/new.md").write_text("---\nid: new\ntitle: New\n---\n\nSome text that makes one claim here.\n")
    (tmp / "claims").mkdir()
    (mini / "claims/entities").rename(tmp / "claims/entities")
    (mini / "claims").rename(tmp / "old-claims")
    (mini / "claims").symlink_to(tmp / "claims")
    return ["extract", "seeds/new.md"], [
        f"evidmap: error: claims/ is a symbolic link to {tmp / 'claims'}, outside the project; nothing was written (extract writes only inside the project: make claims/ a real folder)"]


COMMAND_CASES = {
    "output-folder-is-a-symbolic-link": _output_folder_is_a_link,
    "lock-file-is-a-symbolic-link": _lock_file_is_a_link,
    "extract-without-a-project": _extract_without_a_project,
    "extract-a-seed-outside-the-project": _extract_a_seed_outside_the_project,
    "extract-a-seed-through-a-symbolic-link": _extract_a_seed_through_a_link,
    "extract-into-a-folder-outside-the-project": _extract_into_a_folder_outside,
}


@pytest.mark.parametrize("name", sorted(COMMAND_CASES))
def test_broken_command_reports_exactly(name: str, mini: Path, tmp_path: Path) -> None:
    command, expected = COMMAND_CASES[name](mini, tmp_path)
    done = subprocess.run(EVIDMAP + command, cwd=mini, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr.splitlines() == expected
