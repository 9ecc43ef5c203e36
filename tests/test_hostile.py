"""Hostile and broken input: escaped everywhere, nothing executed, nothing lost, never a traceback."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EVIDMAP, crawl, digest
from evidmap.build import build, check

SCRIPT = "<script>alert(1)</script>"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_markup_in_every_text_field_comes_out_escaped(mini: Path):
    q = f'"{SCRIPT} </script><!-- x & y"'
    edit(mini / "claims/alpha.yaml", "statement: The inhibition is a classic finding.", f"statement: {q}")
    edit(mini / "claims/alpha.yaml", "note: The source measured this under a clamp.", f"note: {q}")
    edit(mini / "claims/alpha.yaml", "context: in muscle", f"context: {q}")
    edit(mini / "seeds/alpha.md", "title: Alpha Article", f"title: {q}")
    edit(mini / "seeds/alpha.md", "Kinase X inhibits complex Y in muscle [1].", f"Kinase X inhibits complex Y in muscle [1]. {SCRIPT} <b>bold</b>")
    edit(mini / "references/smith-2020.yaml", "title: Kinase X blocks complex Y", f"title: {q}")
    edit(mini / "references/smith-2020.yaml", "{family: Smith, given: John}", f"{{family: {q}, given: John}}")
    edit(mini / "claims/entities/core.yaml", "{id: kinase-x, label: Kinase X,", f"{{id: kinase-x, label: {q},")
    result = build(mini)
    assert result.ok, result.summary
    site = mini / "site"
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text, page
        assert "<b>bold</b>" not in text, page
        assert "</script><!--" not in text, page
    claim = (site / "claims/kinase-x-inhibits-complex-y.html").read_text()
    json_ld = claim.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(json_ld)["citation"][0]["name"].startswith(SCRIPT)  # intact as data, inert as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (site / "pathway.html").read_text()  # SVG label
    assert crawl(site) == []


@pytest.mark.parametrize("field,value", [
    ("URL", "javascript:alert(1)"), ("URL", "data:text/html,hi"), ("DOI", "javascript:alert(1)"), ("PMID", "1; drop"),
])
def test_only_http_doi_and_pubmed_links(mini: Path, field: str, value: str):
    (mini / "references/jones-2019.yaml").write_text((mini / "references/jones-2019.yaml").read_text() + f"{field}: '{value}'\n")
    result = check(mini)
    assert result.errors == 1
    assert str(result.diagnostics[0]).startswith(f"references/jones-2019.yaml:8:")


def test_ids_that_are_paths_are_refused(mini: Path):
    edit(mini / "claims/alpha.yaml", "id: classic-finding", "id: ../../x")
    result = check(mini)
    assert [str(d) for d in result.diagnostics] == [
        "claims/alpha.yaml:11:9: error: 'claims[1].id' is '../../x', which does not match lower-case letters, digits and single hyphens"
    ]


def test_symlink_out_of_the_project_is_not_followed(mini: Path, tmp_path: Path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\n")
    (mini / "references/secret.yaml").symlink_to(outside)
    result = check(mini)
    assert "references/secret.yaml: error: symbolic link points outside the project; refusing to follow it" in [str(d) for d in result.diagnostics]


@pytest.mark.parametrize("content", [
    b"", b"\xef\xbb\xbfarticle: alpha\n", b"article: alpha\r\nclaims: []\r\n", b"\x80\x81", b"a: [\n", b"- just\n- a list\n",
    b"article: alpha\nclaims: 5\n", b"article: alpha\nclaims:\n  - 7\n", b"&a [*a]\n", b"article: !!python/object:os.system x\n",
    b"a: " + b"[" * 200 + b"]" * 200 + b"\n",
])
def test_broken_claim_files_give_a_positioned_error_and_no_traceback(mini: Path, content: bytes):
    (mini / "claims/alpha.yaml").write_bytes(content)
    done = subprocess.run(EVIDMAP + ["build", str(mini)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("claims/alpha.yaml"), done.stderr
    assert not (mini / "site").exists()


def test_alias_bomb_and_huge_file_are_refused_quickly(mini: Path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    (mini / "claims/alpha.yaml").write_text("\n".join(lines) + "\n")
    (mini / "references/jones-2019.yaml").write_bytes(b"title: '" + b"x" * (50 * 1024 * 1024) + b"'\n")
    started = time.monotonic()
    result = check(mini)
    assert time.monotonic() - started < 10
    messages = [str(d) for d in result.diagnostics]
    assert any("alias bomb" in m for m in messages)
    assert any(m.startswith("references/jones-2019.yaml: error: file is 52,428,810 bytes") for m in messages)


def test_build_killed_at_any_moment_leaves_a_complete_site(mini: Path):
    assert build(mini).ok
    old = digest(mini / "site", search=False)
    edit(mini / "claims/alpha.yaml", "statement: The inhibition is a classic finding.", "statement: A changed statement.")
    rng = random.Random(7)
    for _ in range(6):
        proc = subprocess.Popen(EVIDMAP + ["build", str(mini)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert digest(mini / "site", search=False) in (old, _new_digest(mini)), "site is half old, half new"
    assert build(mini).ok
    assert digest(mini / "site", search=False) == _new_digest(mini)


_NEW: dict[str, dict] = {}


def _new_digest(mini: Path) -> dict:
    if str(mini) not in _NEW:
        out = mini.parent / "reference-site"
        subprocess.run(EVIDMAP + ["build", str(mini), "--out", str(out)], check=True, capture_output=True)
        _NEW[str(mini)] = digest(out, search=False)
    return _NEW[str(mini)]


def test_two_builds_at_once_never_corrupt_the_output(mini: Path):
    procs = [subprocess.Popen(EVIDMAP + ["build", str(mini)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    results = [(p.wait(), p.stderr.read()) for p in procs]
    assert any(code == 0 for code, _ in results)
    for code, err in results:
        assert code == 0 or "another evidmap build is writing" in err, err
    assert crawl(mini / "site") == []


def test_a_folder_link_planted_in_the_previous_site_is_not_linked_through(mini: Path, tmp_path: Path):
    """Unchanged files are hard-linked from the previous site; a symbolic link planted there in place
    of a folder must not bring the files it points to into the new site."""
    assert build(mini).ok
    site = mini / "site"
    outside = tmp_path / "outside"
    shutil.copytree(site / "references", outside)  # the same bytes the next build makes
    shutil.rmtree(site / "references")
    (site / "references").symlink_to(outside)
    assert build(mini).ok
    assert not (site / "references").is_symlink()
    pages = sorted((site / "references").iterdir())
    assert pages and all(page.stat().st_ino != (outside / page.name).stat().st_ino for page in pages)


def test_control_characters_from_files_reach_the_terminal_escaped(mini: Path):
    """ESC, BEL and bidirectional overrides in a key, a value and a file name: printed escaped by
    check (text and JSON) and build."""
    edit(mini / "claims/alpha.yaml", "    citation: numbered\n", '    citation: numbered\n    "\\e]0;owned\\a": "\\u202e"\n')
    edit(mini / "claims/alpha.yaml", "type: mechanism", 'type: "\\e[31mmechanism"')
    (mini / "claims/\x1b[2J.yaml").write_text("article: alpha\nclaims: []\n")
    for command in (["check"], ["check", "--format", "json"], ["build"]):
        done = subprocess.run(EVIDMAP + command + [str(mini)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 1
        output = done.stdout + done.stderr
        assert not any(c in output for c in "\x1b\x07\u202e"), output
        assert "\\x1b]0;owned\\x07" in output.replace("\\\\", "\\") and "\\x1b[2J.yaml" in output.replace("\\\\", "\\")


def test_an_output_folder_that_is_a_symbolic_link_is_refused_before_anything_is_swapped(mini: Path, tmp_path: Path):
    real = tmp_path / "real-site"
    assert build(mini, out=real).ok
    before = digest(real, search=False)
    (mini / "site").symlink_to(real)
    result = build(mini)
    assert not result.ok and "is a symbolic link" in result.summary and "the previous site is left as it was" in result.summary
    assert (mini / "site").is_symlink() and digest(real, search=False) == before
    assert [p.name for p in mini.iterdir() if p.name.startswith(".site")] in ([], [".site.lock"])  # no staging left
    (mini / "site").unlink()
    assert build(mini).ok and (mini / "site/index.html").is_file()


def test_a_staging_folder_planted_as_a_symbolic_link_is_removed_not_followed(mini: Path, tmp_path: Path):
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious.txt").write_text("kept")
    (mini / ".site.staging").symlink_to(keep)
    assert build(mini).ok
    assert (keep / "precious.txt").read_text() == "kept"
    assert not (mini / ".site.staging").exists() and (mini / "site/index.html").is_file()
