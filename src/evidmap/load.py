"""Load: project files -> raw documents, keeping the line and column of every value.

This module owns reading the project folder. It turns bytes into text (strict UTF-8, no byte-order
mark, LF line ends), YAML into plain Python values plus a position table, and seed files into front
matter and body. It never interprets what the values mean: that is validate's job. Every problem
becomes a Diagnostic; nothing raises.

Limits keep hostile input bounded: a file over MAX_FILE_BYTES is refused before it is read, and a YAML
document is refused when expanding its aliases would produce more than MAX_YAML_NODES values or nest
deeper than MAX_YAML_DEPTH. A value YAML recognises but Python cannot hold (a date that does not
exist, an integer of thousands of digits) is reported where it is written and kept as its text.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evidmap.diagnostics import Diagnostic
from evidmap.memo import Kept

# libyaml's parser when PyYAML was built with it (its wheels are): about six times faster, same nodes
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 50

Position = tuple[int, int]  # 1-based line, column
KeyPath = tuple[Any, ...]  # ("claims", 3, "quote")


@dataclass(frozen=True, eq=False)
class YamlDoc:
    """A parsed YAML document: plain values plus where each one starts in the file.

    Compared and hashed by identity (its values are dicts): `parse_yaml` returns the same object for
    the same text, so later stages can cache their work on a document."""

    path: str
    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    # values already reported as unreadable (kept as their text): the schema check does not report
    # them again for being text
    unreadable: frozenset[KeyPath] = frozenset()

    def at(self, *keypath: Any) -> Position:
        """Where the value at `keypath` starts, or the nearest enclosing value that has a position."""
        for end in range(len(keypath), -1, -1):
            if keypath[:end] in self.positions:
                return self.positions[keypath[:end]]
        return (1, 1)

    def key_at(self, *keypath: Any) -> Position:
        """Where the mapping key that ends `keypath` is written (for unknown-key messages)."""
        return self.key_positions.get(keypath, self.at(*keypath))


@dataclass(frozen=True)
class SeedDoc:
    """A seed article file split into its front matter and Markdown body."""

    path: str
    front: YamlDoc
    body: str
    body_line: int  # the file line on which the body starts


@dataclass(frozen=True)
class RawProject:
    root: Path
    seeds: tuple[SeedDoc, ...]
    claim_files: tuple[YamlDoc, ...]
    entity_files: tuple[YamlDoc, ...]
    reference_files: tuple[YamlDoc, ...]
    settings: YamlDoc | None  # evidmap.yaml, when the project has one


def error(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, "error", message)


def read_text(path: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or None with the reasons it cannot be used."""
    try:
        size = path.stat().st_size
        if size <= MAX_FILE_BYTES:
            with open(path, "rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)  # a file growing while it is read stays bounded too
            size = max(size, len(raw))
    except OSError as exc:
        return None, [error(rel, 0, 0, f"cannot read file: {exc.strerror}")]
    if size > MAX_FILE_BYTES:
        return None, [
            error(
                rel,
                0,
                0,
                f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; split it into smaller files",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [error(rel, 1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [error(rel, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8")]
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        return None, [error(rel, line, 1, "file has CRLF (Windows) line ends; save it with LF line ends")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [error(rel, line, 1, "file contains a NUL character; is it a binary file?")]
    return text, [error(rel, line, col, message) for line, col, message in _invisible(text)]


# Characters that change how text shows without showing themselves: bidirectional controls can make
# a line read differently on the site than in the reviewed diff (the "Trojan Source" trick), and
# zero-width characters can hide inside a word so that it no longer matches or links. Either is an
# error wherever it stands, so a reviewed pull request shows exactly the text the site will.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _invisible(text: str, line: int = 1, col: int = 1) -> list[tuple[int, int, str]]:
    """(line, col, message) for every invisible character in `text`, which starts at line, col."""
    found = []
    for match in INVISIBLE.finditer(text):
        lines_before = text.count("\n", 0, match.start())
        where_col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + (col if not lines_before else 1)
        found.append(
            (
                line + lines_before,
                where_col,
                f"invisible character {_named(match.group())}: it can make the "
                "text read differently on the site than in review; delete it",
            )
        )
    return found


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'format character')}"


class _Converter:
    """Turns a composed YAML node tree into plain values, recording positions, refusing duplicates."""

    def __init__(self, rel: str, line_offset: int):
        self.rel = rel
        self.line_offset = line_offset
        self.positions: dict[KeyPath, Position] = {}
        self.key_positions: dict[KeyPath, Position] = {}
        self.diagnostics: list[Diagnostic] = []
        self.unreadable: set[KeyPath] = set()
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def pos(self, node: yaml.Node) -> Position:
        return (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, keypath: KeyPath = ()) -> Any:
        self.count += 1
        if self.count > MAX_YAML_NODES:
            raise _TooLarge(f"document expands to more than {MAX_YAML_NODES:,} values (an alias bomb?)")
        if len(keypath) > MAX_YAML_DEPTH:
            raise _TooLarge(f"document nests deeper than {MAX_YAML_DEPTH} levels")
        self.positions.setdefault(keypath, self.pos(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    line, col = self.pos(key_node)
                    self.diagnostics.append(
                        error(self.rel, line, col, "YAML merge keys (<<) are not supported; write the fields out")
                    )
                    continue
                key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if key is _UNREADABLE:
                    continue
                if not isinstance(key, (str, int, float, bool)):
                    line, col = self.pos(key_node)
                    self.diagnostics.append(error(self.rel, line, col, "mapping keys must be plain text"))
                    continue
                if key in result:
                    line, col = self.pos(key_node)
                    first = self.key_positions[keypath + (key,)][0]
                    self.diagnostics.append(
                        error(self.rel, line, col, f"duplicate key '{key}' (first given on line {first}); keep one")
                    )
                    continue
                self.key_positions[keypath + (key,)] = self.pos(key_node)
                result[key] = self.convert(value_node, keypath + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, keypath + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the composer makes only these three kinds of node
        value = self.scalar(node)
        if value is _UNREADABLE:
            self.unreadable.add(keypath)
            return _SURROGATE.sub("\ufffd", node.value)
        return value

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """The value of a scalar (a date as the text the curator wrote), or _UNREADABLE, reported."""
        try:
            value = self.constructor.construct_object(node, deep=True)
            if type(value) is int:
                str(value)  # every number is shown as text later: one too long for that (0xfff…) is refused here
        except (ValueError, LookupError, AttributeError) as exc:
            # PyYAML raises these for a scalar it has recognised but cannot build: a date that does
            # not exist (2026-02-30), an integer over Python's 4,300-digit limit, an explicit tag
            # on text that does not fit it (!!bool maybe, !!timestamp soon)
            line, col = self.pos(node)
            self.diagnostics.append(error(self.rel, line, col, _unreadable_message(node, exc)))
            return _UNREADABLE
        if hasattr(value, "isoformat"):  # dates stay as the text the curator wrote
            return node.value
        if isinstance(value, str) and node.style == '"' and INVISIBLE.search(value):
            self._escaped_invisible(node, value)
        surrogate = _SURROGATE.search(value) if isinstance(value, str) else None
        if surrogate:
            # an escape such as "\ud83d" (JSON writes characters beyond U+FFFF as two of them):
            # half a character, which no output file can hold
            line, col = self.pos(node)
            half = f"\\u{ord(surrogate.group()):04x}"
            self.diagnostics.append(
                error(
                    self.rel,
                    line,
                    col,
                    f"text contains the escape {half}, half of a character (a UTF-16 surrogate); write the character itself, or escape it whole with \\U and eight hex digits",
                )
            )
            return _UNREADABLE
        return value

    def _escaped_invisible(self, node: yaml.Node, value: str) -> None:
        """An invisible character written as an escape ("\\u202e") in a double-quoted value: the file
        shows the escape, the site the character's effect. (One typed as itself is reported by
        read_text, with its exact position.)"""
        written = (
            node.start_mark.buffer[node.start_mark.pointer : node.end_mark.pointer] if node.start_mark.buffer else ""
        )
        line, col = self.pos(node)
        for char in sorted(set(INVISIBLE.findall(value)) - set(written)):
            self.diagnostics.append(
                error(
                    self.rel,
                    line,
                    col,
                    f"invisible character {_named(char)} written as an "
                    "escape: it makes the text read differently on the site than in review; remove it",
                )
            )


_UNREADABLE = object()
_SURROGATE = re.compile("[\ud800-\udfff]")


def _unreadable_message(node: yaml.ScalarNode, exc: Exception) -> str:
    text = node.value if len(node.value) <= 40 else node.value[:40] + "…"
    kind = node.tag.rpartition(":")[2]
    if kind == "timestamp":
        why = f" ({exc})" if isinstance(exc, ValueError) else ""
        return (
            f"'{text}' is not a real date{why}; correct it, or put it in quotes "
            f'("{text}") if it is text and not a date'
        )
    if kind == "int" and len(node.value) > 100:  # not a tag on words (!!int x): a number too long
        return (
            f"number '{text}' has more than {sys.get_int_max_str_digits():,} digits; "
            "shorten it, or put it in quotes if it is text"
        )
    return f"'{text}' cannot be read as {kind}; remove the tag, or put the value in quotes"


class _TooLarge(Exception):
    pass


def _compose(text: str, loader_class) -> Any:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# What `parses` holds for one file: (rel, line offset) -> (text, document, diagnostics), its last
# version only, so that a process that builds again (evidmap serve) parses only the files whose text
# changed and gets the same document object back for the others (later stages cache on it).
LastParse = tuple[str, YamlDoc | None, tuple[Diagnostic, ...]]


def parse_yaml(
    text: str, rel: str, line_offset: int = 0, parses: Kept[LastParse] | None = None
) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse one YAML document; positions are file lines (offset for front matter)."""
    last = parses.get((rel, line_offset)) if parses is not None else None
    if last is None or last[0] != text:
        doc, diagnostics = _parse_yaml(text, rel, line_offset)
        last = (text, doc, tuple(diagnostics))
        if parses is not None:
            parses.put((rel, line_offset), last)
    return last[1], list(last[2])


def _marked(exc: yaml.YAMLError, line_offset: int) -> Position:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return ((mark.line + 1 + line_offset), mark.column + 1) if mark else (0, 0)


def _too_deep_at(text: str, problem: yaml.YAMLError) -> Position | None:
    """Where a text that does not parse nests deeper than MAX_YAML_DEPTH before its `problem`, if it
    does: libyaml's own depth limit (1,000 levels), or a depth counted along libyaml's events up to
    the problem (no recursion, linear in the text)."""
    if "nesting depth" in str(getattr(problem, "problem", "")):
        return _marked(problem, 0)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH and event.start_mark is not None:
                    return (event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def _parse_yaml(text: str, rel: str, line_offset: int) -> tuple[YamlDoc | None, list[Diagnostic]]:
    too_deep = f"refused: document nests deeper than {MAX_YAML_DEPTH} levels"
    try:
        node = _compose(text, _Loader)
    except RecursionError:  # only without libyaml: the pure-Python composer recurses once a level
        return None, [error(rel, 1, 1, too_deep)]
    except yaml.YAMLError as fast:
        # libyaml's messages are terser; the pure-Python parser says what it found (e.g. a tab), but
        # it recurses once a level and slows down with depth: a document too deep is refused first
        deep = _too_deep_at(text, fast)
        if deep:
            return None, [error(rel, deep[0] + line_offset, deep[1], too_deep)]
        try:
            node = _compose(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            line, col = _marked(exc, line_offset)
            problem = (exc.problem or exc.context or "invalid YAML").strip()
            if "\t" in text and "tab" in problem.lower() or "found character '\\t'" in problem:
                problem += " (YAML indentation must use spaces, not tabs)"
            return None, [error(rel, line, col, f"invalid YAML: {problem}")]
        except yaml.YAMLError as exc:
            return None, [error(rel, 0, 0, f"invalid YAML: {exc}")]
    if node is None:
        return None, [error(rel, 1, 1, "file is empty; add content or delete the file")]
    converter = _Converter(rel, line_offset)
    try:
        data = converter.convert(node)
    except _TooLarge as exc:
        return None, [error(rel, 1, 1, f"refused: {exc}")]
    except yaml.YAMLError as exc:
        line = _marked(exc, line_offset)[0]
        return None, [error(rel, line, 1, f"invalid YAML: {getattr(exc, 'problem', exc)}")]
    doc = YamlDoc(rel, data, converter.positions, converter.key_positions, frozenset(converter.unreadable))
    return doc, converter.diagnostics


def split_front_matter(
    text: str, rel: str, parses: Kept[LastParse] | None = None
) -> tuple[YamlDoc | None, str, int, list[Diagnostic]]:
    """A seed's `---` front matter parsed as YAML, its body, and the line the body starts on."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, "", 1, [error(rel, 1, 1, "seed must start with a '---' line opening its YAML front matter")]
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        return None, "", 1, [error(rel, 1, 1, "front matter is not closed: add a '---' line after it")]
    front_text = "\n".join(lines[1:end])
    front, diagnostics = parse_yaml(front_text, rel, line_offset=1, parses=parses)
    if front is None and not diagnostics:
        diagnostics = [error(rel, 2, 1, "front matter is empty")]
    body = "\n".join(lines[end + 1 :])
    return front, body, end + 2, diagnostics


def project_files(root: Path, folder: str, pattern: str) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """Files under root/folder matching pattern, sorted, as (path, relative name); links leaving the project refused."""
    base = root / folder
    found: list[tuple[Path, str]] = []
    diagnostics: list[Diagnostic] = []
    if not base.is_dir():
        return found, diagnostics
    real_root = os.path.realpath(root)
    for path in sorted(base.glob(pattern)):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink() or any(p.is_symlink() for p in path.parents if p != root and root in p.parents):
            try:
                target = os.path.realpath(path, strict=True)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    diagnostics.append(
                        error(rel, 0, 0, "symbolic link loops back on itself; remove the link or point it at a file")
                    )
                continue  # a link to nothing: no file to read
            if not target.startswith(real_root + os.sep):
                diagnostics.append(error(rel, 0, 0, "symbolic link points outside the project; refusing to follow it"))
                continue
        if path.is_file():
            found.append((path, rel))
    return found, diagnostics


def load_project(root: Path, parses: Kept[LastParse] | None = None) -> tuple[RawProject, list[Diagnostic]]:
    """Read every seed, claim, entity and reference file of the project at `root` (parsing again
    only the files whose text is not what `parses` holds)."""
    diagnostics: list[Diagnostic] = []

    def yaml_files(folder: str, pattern: str) -> tuple[YamlDoc, ...]:
        files, diags = project_files(root, folder, pattern)
        diagnostics.extend(diags)
        docs = []
        for path, rel in files:
            text, diags = read_text(path, rel)
            diagnostics.extend(diags)
            if text is None:
                continue
            doc, diags = parse_yaml(text, rel, parses=parses)
            diagnostics.extend(diags)
            if doc is not None:
                docs.append(doc)
        return tuple(docs)

    seeds = []
    seed_files, diags = project_files(root, "seeds", "*.md")
    diagnostics.extend(diags)
    for path, rel in seed_files:
        text, diags = read_text(path, rel)
        diagnostics.extend(diags)
        if text is None:
            continue
        front, body, body_line, diags = split_front_matter(text, rel, parses)
        diagnostics.extend(diags)
        if front is not None:
            seeds.append(SeedDoc(rel, front, body, body_line))
    if not seed_files and not (root / "seeds").is_dir():
        diagnostics.append(
            error(
                "seeds",
                0,
                0,
                f"no seeds/ folder in {os.path.basename(os.path.abspath(root)) or root}; is this an evidmap project?",
            )
        )

    settings = None
    if (root / "evidmap.yaml").is_file():
        text, diags = read_text(root / "evidmap.yaml", "evidmap.yaml")
        diagnostics.extend(diags)
        if text is not None:
            settings, diags = parse_yaml(text, "evidmap.yaml", parses=parses)
            diagnostics.extend(diags)

    project = RawProject(
        root=root,
        settings=settings,
        seeds=tuple(seeds),
        claim_files=yaml_files("claims", "*.yaml"),
        entity_files=yaml_files("claims/entities", "*.yaml"),
        reference_files=yaml_files("references", "*.yaml"),
    )
    return project, diagnostics
