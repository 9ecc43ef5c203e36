"""State between builds: one Memo owns every cache that outlives a build, and each is bounded."""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

import pytest

from evidmap import build as build_module
from evidmap.build import build
from evidmap.memo import Caches, Kept, Memo

SRC = Path(build_module.__file__).parent


def test_kept_drops_the_least_recently_used_beyond_its_limit():
    kept: Kept[int] = Kept(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # now the most recent
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c"), len(kept)) == (1, None, 3, 2)
    assert kept.get_or_make("d", lambda: 4) == 4 and len(kept) == 2
    with pytest.raises(ValueError):
        Kept(0)


def test_a_long_editing_session_keeps_every_cache_within_its_limit(mini: Path, tmp_path: Path):
    """Many edits, each a new version of a file, a new article body and new diagrams: the caches
    stay within the limits given, and every build is the same as a fresh one."""
    memo = Memo(caches=Caches(files=4, articles=1, diagrams=6))
    claims = mini / "claims/beta.yaml"
    seed = mini / "seeds/beta.md"
    entities = mini / "claims/entities/core.yaml"
    for n in range(6):
        claims.write_text(claims.read_text().replace("Drug D lowers blood glucose.", f"Drug D lowers blood glucose{'!' * (n % 2)}."))
        seed.write_text(seed.read_text().replace("Drug D lowers blood glucose.", f"Drug D lowers blood glucose{'!' * (n % 2)}."))
        entities.write_text(entities.read_text().replace("label: Drug D", f"label: Drug D{n}", 1) if n == 0
                            else entities.read_text().replace(f"label: Drug D{n - 1}", f"label: Drug D{n}", 1))
        result = build(mini, memo=memo)
        assert result.ok, result.summary
        caches = memo.caches
        for name in ("parses", "schema_checks", "article_texts", "dot_texts", "checked_svgs", "environments"):
            kept = getattr(caches, name)
            assert len(kept) <= kept.limit, name
        fresh = build(mini, out=tmp_path / f"fresh{n}")
        assert fresh.ok
        for page in ("claims/drug-d-lowers-glucose.html", "articles/beta.html", "entities/drug-d.html"):
            assert (mini / "site" / page).read_bytes() == (tmp_path / f"fresh{n}" / page).read_bytes(), (n, page)
    assert len(memo.caches.dot_texts) == 6 and len(memo.caches.article_texts) == 2  # full, never over


def test_no_stage_keeps_state_of_its_own_between_builds():
    """Caches live in memo.py and are handed to stages; a module-level cache would outlive every
    build unseen (the shipped JSON Schemas, read once, are data, not state)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for deco in node.decorator_list:
                    name = ast.unparse(deco)
                    if ("cache" in name) and not (path.name == "schema.py" and node.name == "load_schema"):
                        found.append(f"{path.name}: @{name} {node.name}")
        for node in tree.body:  # module level: an empty dict, list or set that something fills later
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                empty = (isinstance(node.value, (ast.Dict, ast.List, ast.Set)) and not getattr(node.value, "elts", getattr(node.value, "keys", None))) \
                    or (isinstance(node.value, ast.Call) and not node.value.args and not node.value.keywords
                        and ast.unparse(node.value.func) in ("dict", "set", "list", "OrderedDict"))
                if empty:
                    found.append(f"{path.name}: {ast.unparse(node)[:60]}")
    assert found == []
    assert {f.name for f in fields(Memo)} >= {"pages", "search_files", "exports", "caches"}
