"""evidmap extract and the bibliography parser it uses."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import EVIDMAP
from evidmap.bibparse import parse_entry
from evidmap.build import check
from evidmap.extract import sentences

NEW_ARTICLE = """---
id: new-article
title: A New Article
---

## What happens

Metformin inhibits Complex I in the mitochondria [1]. AMPK then phosphorylates TSC2 and Raptor [2, 3].
Exercise raises GLUT4 expression in trained muscle². Ceramides block IRS-1 signalling (Samuel and Shulman, 2012).
Smith et al. (2020) found that sleep restriction lowers insulin sensitivity by about 20% in healthy men.
Is this the whole story? Nobody knows. Aim for at least 150 minutes of exercise per week, e.g. brisk walking.

## References

1. DeFronzo RA et al. (1981). "The effect of insulin on the disposal of intravenous glucose." J Clin Invest. 68(6):1468-1474. PMID: 7033285
2. Richter, Erik A. and Mark Hargreaves. “Exercise, GLUT4, and skeletal muscle glucose uptake.” Physiological reviews, vol. 93, no. 3, 2013, pp. 993-1017.
3. Samuel VT, Shulman GI. (2012). Mechanisms for insulin resistance: common threads and missing links. Cell. 148(5):852-71.
4. Smith, J. A., & Doe, R. B. (2020). Sleep and insulin: A trial. Journal of Sleep, 12(3), 45–67. https://doi.org/10.1000/sleep.123
"""


@pytest.mark.parametrize("entry,expected", [
    ('DeFronzo RA et al. (1981). "The effect of insulin on the disposal of intravenous glucose." J Clin Invest. 68(6):1468-1474. Finding: x. PMID: 7033285',
     {"id": "defronzo-1981", "title": "The effect of insulin on the disposal of intravenous glucose", "container-title": "J Clin Invest",
      "volume": "68", "issue": "6", "page": "1468-1474", "PMID": "7033285",
      "author": [{"family": "DeFronzo", "given": "R. A."}, {"literal": "et al."}]}),
    ("Petersen MC, Shulman GI. (2018). Mechanisms of Insulin Action and Insulin Resistance. Physiological Reviews. 98(4):2133-2223.",
     {"id": "petersen-2018", "title": "Mechanisms of Insulin Action and Insulin Resistance", "container-title": "Physiological Reviews",
      "volume": "98", "issue": "4", "page": "2133-2223",
      "author": [{"family": "Petersen", "given": "M. C."}, {"family": "Shulman", "given": "G. I."}]}),
    ("Handschin, Christoph, and Bruce M. Spiegelman. “The role of exercise and PGC1α in inflammation and chronic disease.” Nature, vol. 454, no. 7203, 2008, pp. 463-469.",
     {"id": "handschin-2008", "title": "The role of exercise and PGC1α in inflammation and chronic disease", "container-title": "Nature",
      "volume": "454", "issue": "7203", "page": "463-469",
      "author": [{"family": "Handschin", "given": "Christoph"}, {"family": "Spiegelman", "given": "Bruce M."}]}),
    ("Smith, J. A., & Doe, R. B. (2020). Sleep and insulin: A trial. Journal of Sleep, 12(3), 45–67. https://doi.org/10.1000/sleep.123",
     {"id": "smith-2020", "title": "Sleep and insulin: A trial", "container-title": "Journal of Sleep", "volume": "12", "issue": "3",
      "page": "45-67", "DOI": "10.1000/sleep.123",
      "author": [{"family": "Smith", "given": "J. A."}, {"family": "Doe", "given": "R. B."}]}),
])
def test_bibliography_styles_parse(entry, expected):
    parsed = parse_entry(entry)
    for key, value in expected.items():
        assert parsed[key] == value, key


def test_sentences_keep_abbreviations_together():
    assert sentences("Aim for 150 minutes, e.g. brisk walking. Then rest. Smith et al. (2020) agree.") == [
        "Aim for 150 minutes, e.g. brisk walking.", "Then rest.", "Smith et al. (2020) agree."]


def test_extract_drafts_claims_and_references_that_pass_validation(mini: Path):
    seed = mini / "seeds/new-article.md"
    seed.write_text(NEW_ARTICLE)
    done = subprocess.run(EVIDMAP + ["extract", "seeds/new-article.md"], capture_output=True, text=True, cwd=mini)
    assert done.returncode == 0, done.stderr
    assert "check: ok:" in done.stdout
    claims = yaml.safe_load((mini / "claims/new-article.yaml").read_text())["claims"]
    by_quote = {c["quote"]: c for c in claims}
    assert by_quote["Metformin inhibits Complex I in the mitochondria [1]."]["cites"] == ["defronzo-1981"]
    assert by_quote["AMPK then phosphorylates TSC2 and Raptor [2, 3]."]["cites"] == ["richter-2013", "samuel-2012"]
    assert by_quote["Exercise raises GLUT4 expression in trained muscle²."]["cites"] == ["richter-2013"]
    assert by_quote["Ceramides block IRS-1 signalling (Samuel and Shulman, 2012)."]["citation"] == "author-year"
    smith = next(c for q, c in by_quote.items() if q.startswith("Smith et al. (2020)"))
    assert smith["cites"] == ["smith-2020-b"] and smith["type"] == "quantity"
    assert not any(q.startswith("Is this") for q in by_quote)  # questions are not claims
    assert all(c["draft"] for c in claims)
    assert yaml.safe_load((mini / "references/smith-2020-b.yaml").read_text().split("\n", 1)[1])["DOI"] == "10.1000/sleep.123"
    # smith-2020 already exists in the project for another work: the draft got its own id
    assert "Kinase X" in (mini / "references/smith-2020.yaml").read_text()
    result = check(mini)
    assert result.ok
    page_claims = [c for c in result.project.claims if c.article == "new-article"]
    assert len(page_claims) == len(claims) >= 6


def test_extract_never_overwrites_without_force(mini: Path):
    seed = mini / "seeds/new-article.md"
    seed.write_text(NEW_ARTICLE)
    assert subprocess.run(EVIDMAP + ["extract", str(seed), "--project", str(mini)], capture_output=True).returncode == 0
    drafted = mini / "claims/new-article.yaml"
    drafted.write_text(drafted.read_text() + "# curator's edit\n")
    again = subprocess.run(EVIDMAP + ["extract", str(seed), "--project", str(mini)], capture_output=True, text=True)
    assert again.returncode == 1
    assert "claims/new-article.yaml: error: file exists; use --force to replace it with new drafts" in again.stderr
    assert drafted.read_text().endswith("# curator's edit\n")
    forced = subprocess.run(EVIDMAP + ["extract", str(seed), "--project", str(mini), "--force"], capture_output=True, text=True)
    assert forced.returncode == 0 and not drafted.read_text().endswith("# curator's edit\n")


def snapshot(*folders: Path) -> dict[str, object]:
    """Every file, folder and link under the folders, with its bytes or target (links not followed)."""
    seen: dict[str, object] = {}
    for folder in folders:
        for base, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = Path(base) / name
                if path.is_symlink():
                    seen[str(path)] = ("link", os.readlink(path))
                elif path.is_dir():
                    seen[str(path)] = "folder"
                else:
                    seen[str(path)] = path.read_bytes()
    return seen


def test_extract_refuses_a_seed_outside_the_project_and_writes_nothing(mini: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere" / "seeds"
    outside.mkdir(parents=True)
    (outside / "new-article.md").write_text(NEW_ARTICLE)
    before = snapshot(tmp_path)
    done = subprocess.run(EVIDMAP + ["extract", str(outside / "new-article.md")], capture_output=True, text=True, cwd=mini)
    assert done.returncode == 1
    assert [line.split(": error: ")[0] for line in done.stderr.splitlines()] == [str(outside / "new-article.md")]  # exact text: test_errors
    assert snapshot(tmp_path) == before


def test_extract_refuses_a_seed_reached_through_a_symbolic_link_and_writes_nothing(mini: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "new-article.md").write_text(NEW_ARTICLE)
    (mini / "seeds/new-article.md").symlink_to(outside / "new-article.md")
    before = snapshot(tmp_path)
    done = subprocess.run(EVIDMAP + ["extract", "seeds/new-article.md"], capture_output=True, text=True, cwd=mini)
    assert done.returncode == 1
    assert [line.split(": error: ")[0] for line in done.stderr.splitlines()] == ["seeds/new-article.md"]  # exact text: test_errors
    assert snapshot(tmp_path) == before


def _references_leave_the_project(mini: Path, outside: Path) -> str:
    shutil.move(mini / "references", outside / "references")
    (mini / "references").symlink_to(outside / "references")
    return (f"evidmap: error: references/ is a symbolic link to {outside / 'references'}, outside the project; "
            "nothing was written (extract writes only inside the project: make references/ a real folder)")


def _a_reference_id_is_a_path(mini: Path, outside: Path) -> str:
    seed = mini / "seeds/new-article.md"
    seed.write_text(seed.read_text().replace(
        "title: A New Article\n", "title: A New Article\nbibliography:\n  - ref: ../../escape\n    text: Doe J (2020). Title. J X.\n"))
    return "seeds/new-article.md:5:10: error: 'bibliography[0].ref' is '../../escape', which does not match lower-case letters, digits and single hyphens"


@pytest.mark.parametrize("refuse", [_references_leave_the_project, _a_reference_id_is_a_path])
def test_extract_writes_nothing_when_any_output_would_be_refused(mini: Path, tmp_path: Path, refuse):
    (mini / "seeds/new-article.md").write_text(NEW_ARTICLE)
    outside = tmp_path / "outside"
    outside.mkdir()
    expected = refuse(mini, outside)
    before = snapshot(tmp_path)
    done = subprocess.run(EVIDMAP + ["extract", "seeds/new-article.md"], capture_output=True, text=True, cwd=mini)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [expected]
    assert snapshot(tmp_path) == before


def _seed_with_bibliography(entries: list[str]) -> str:
    return NEW_ARTICLE.split("## References")[0] + "## References\n\n" + "".join(f"{n}. {e}\n" for n, e in enumerate(entries, 1))


def test_repeated_bibliography_entries_get_slug_ids_that_pass_check(mini: Path):
    """The first repeats keep the -b, -c ... ids drafts have always had; after -z come numbers, never
    the characters that follow z ({, |, }, ~, DEL)."""
    (mini / "seeds/new-article.md").write_text(_seed_with_bibliography(["Doe J (2020). T."] * 30 + ["A work with no year."]))
    done = subprocess.run(EVIDMAP + ["extract", "seeds/new-article.md"], capture_output=True, text=True, cwd=mini)
    assert done.returncode == 0, done.stderr
    assert "check: ok:" in done.stdout, done.stdout
    letters = [f"doe-2020-{c}" for c in "bcdefghijklmnopqrstuvwxyz"]
    expected = ["doe-2020", *letters, "doe-2020-27", "doe-2020-28", "doe-2020-29", "doe-2020-30", "a-nd"]
    front = yaml.safe_load((mini / "seeds/new-article.md").read_text().split("---\n")[1])
    assert [e["ref"] for e in front["bibliography"]] == expected
    assert sorted(p.stem for p in (mini / "references").glob("*.yaml")) == sorted(["jones-2019", "smith-2020", *expected])


def test_an_entry_too_long_to_parse_is_drafted_with_its_text_only(mini: Path):
    """Parsing time grows with the square of an entry's length for some patterns: an entry far
    longer than any real one is not parsed, and extract says so."""
    huge = "Doe J (2020). T. J X. " + "1" * 100_000
    (mini / "seeds/new-article.md").write_text(_seed_with_bibliography(["Doe J (2020). T.", huge]))
    done = subprocess.run(EVIDMAP + ["extract", "seeds/new-article.md"], capture_output=True, text=True, cwd=mini, timeout=60)
    assert done.returncode == 0, done.stderr
    assert ("seeds/new-article.md: bibliography entry 2 is longer than 2,000 characters, so it was not parsed: "
            "references/doe-nd.yaml holds its text in its note; fill in its fields") in done.stdout.splitlines()
    assert "check: ok:" in done.stdout, done.stdout
    draft = yaml.safe_load((mini / "references/doe-nd.yaml").read_text())
    assert draft["note"].endswith("1" * 100_000) and "title" not in draft
    assert parse_entry(huge) == {"type": "article-journal", "id": "doe-nd"}

