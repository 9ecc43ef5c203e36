"""Property-based: random valid projects build with every link resolving; random corruptions of them
end in clean diagnostics naming a file, never an exception."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import crawl
from evidmap.build import build, check

WORDS = ["kinase", "glucose", "muscle", "insulin", "raises", "lowers", "the", "cell", "signal", "fat",
         "“quoted”", "x<y", "a&b", "∞", "é"]
# YAML reads some bare words as booleans or null; evidmap reports those with a hint to quote them
# (tested in test_errors), so generated ids avoid them.
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
slugs = st.text(string.ascii_lowercase, min_size=1, max_size=8).filter(lambda s: s not in YAML_WORDS)


@st.composite
def projects(draw):
    entity_ids = draw(st.lists(slugs, min_size=2, max_size=6, unique=True))
    ref_ids = draw(st.lists(slugs.map(lambda s: f"{s}-2020"), min_size=0, max_size=3, unique=True))
    n_articles = draw(st.integers(1, 3))
    files: dict[str, str] = {}
    files["claims/entities/core.yaml"] = "entities:\n" + "".join(
        f"  - {{id: {e}, label: '{e.title()} <{i}>', kind: {draw(st.sampled_from(['protein', 'drug', 'process', 'outcome']))}}}\n"
        for i, e in enumerate(entity_ids)
    )
    for ref in ref_ids:
        files[f"references/{ref}.yaml"] = (
            f"id: {ref}\ntype: article-journal\ntitle: 'Work {ref} & <i>co</i>'\nissued: {{date-parts: [[2020]]}}\n"
            f"author: [{{family: \"O'Brien\", given: A}}]\ndesign: {draw(st.sampled_from(['rct', 'cell', 'review']))}\n"
        )
    claim_no = 0
    for a in range(n_articles):
        sentences = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=3, max_size=8), min_size=1, max_size=5))
        body = "\n\n".join(f"Sentence {a}-{i}: " + " ".join(words) + "." for i, words in enumerate(sentences))
        bib = "".join(f"  - ref: {r}\n    text: 'Entry for {r}'\n" for r in ref_ids)
        files[f"seeds/art-{a}.md"] = (
            f"---\nid: art-{a}\ntitle: 'Article {a} <b>'\ncitation_style: numbered\nbibliography:\n{bib or '  []'}\n---\n\n{body}\n"
        ).replace("bibliography:\n  []", "bibliography: []")
        claims = []
        for i, words in enumerate(sentences):
            if not draw(st.booleans()):
                continue
            claim_no += 1
            cites = draw(st.lists(st.sampled_from(ref_ids), max_size=2, unique=True)) if ref_ids else []
            subject, obj = draw(st.sampled_from(entity_ids)), draw(st.sampled_from(entity_ids))
            quote = (f"Sentence {a}-{i}: " + " ".join(words) + ".").replace("'", "''")
            claims.append(
                f"  - id: claim-{claim_no}\n    quote: '{quote}'\n    statement: 'Statement {claim_no} <em>'\n"
                f"    type: mechanism\n    cites: [{', '.join(cites)}]\n    citation: {'numbered' if cites else 'none'}\n"
                f"    relations:\n      - {{subject: {subject}, predicate: "
                f"{draw(st.sampled_from(['activates', 'inhibits', 'phosphorylates']))}, object: {obj}}}\n"
            )
        files[f"claims/art-{a}.yaml"] = f"article: art-{a}\nclaims:\n" + ("".join(claims) or "  []\n")
        files[f"claims/art-{a}.yaml"] = files[f"claims/art-{a}.yaml"].replace("claims:\n  []\n", "claims: []\n")
    return files


def write(root: Path, files: dict[str, str]) -> None:
    if root.exists():
        shutil.rmtree(root)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=projects())
def test_valid_projects_build_and_every_link_resolves(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("valid") / "p"
    write(root, files)
    result = build(root)
    assert result.ok, "\n".join(str(d) for d in result.diagnostics) + result.summary
    assert crawl(root / "site") == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=projects(), data=st.data())
def test_corrupted_projects_fail_cleanly_naming_a_file(tmp_path_factory, files, data):
    target = data.draw(st.sampled_from(sorted(files)))
    text = files[target]
    how = data.draw(st.sampled_from(["truncate", "insert", "replace-line", "bytes"]))
    cut = data.draw(st.integers(0, max(0, len(text) - 1)))
    if how == "truncate":
        text = text[:cut]
    elif how == "insert":
        text = text[:cut] + data.draw(st.text(alphabet=": -[]{}&*!|>'\"#\t\nabc", min_size=1, max_size=6)) + text[cut:]
    elif how == "replace-line":
        lines = text.split("\n")
        lines[cut % len(lines)] = data.draw(st.sampled_from(["  - 1", "claims: x", "id: Bad Id", "	tab: 1", "quote: not in text"]))
        text = "\n".join(lines)
    root = tmp_path_factory.mktemp("broken") / "p"
    write(root, files)
    if how == "bytes":
        (root / target).write_bytes(text.encode()[:cut] + b"\xff\xfe" + text.encode()[cut:])
    else:
        (root / target).write_text(text, "utf-8")
    result = check(root)  # must not raise
    for diagnostic in result.diagnostics:
        assert diagnostic.path and not diagnostic.path.startswith("/"), diagnostic
        assert (root / diagnostic.path).exists() or diagnostic.path in ("seeds",), diagnostic
