"""load: bytes -> text -> YAML values with positions; every problem a positioned diagnostic."""

from pathlib import Path

from evidmap.load import MAX_FILE_BYTES, parse_yaml, read_text, split_front_matter


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    return path


def test_positions_are_recorded_for_nested_values():
    doc, problems = parse_yaml("a: 1\nclaims:\n  - id: one\n    quote: hello\n", "x.yaml")
    assert problems == []
    assert doc.data == {"a": 1, "claims": [{"id": "one", "quote": "hello"}]}
    assert doc.at("claims", 0, "quote") == (4, 12)
    assert doc.key_at("claims", 0, "quote") == (4, 5)


def test_duplicate_key_is_an_error_naming_both_lines():
    doc, problems = parse_yaml("id: a\ntitle: x\nid: b\n", "x.yaml")
    assert [str(p) for p in problems] == ["x.yaml:3:1: error: duplicate key 'id' (first given on line 1); keep one"]


def test_front_matter_positions_are_file_lines():
    front, body, body_line, problems = split_front_matter("---\nid: a\ntitle: [\n---\nBody\n", "s.md")
    assert front is None
    assert [str(p) for p in problems][0].startswith("s.md:3:9: error: invalid YAML")


def test_bom_crlf_non_utf8_and_nul_are_refused(tmp_path):
    cases = {
        b"\xef\xbb\xbfid: a\n": "x.yaml:1:1: error: file starts with a byte-order mark; save it as UTF-8 without BOM",
        b"id: a\r\nx: b\r\n": "x.yaml:1:1: error: file has CRLF (Windows) line ends; save it with LF line ends",
        b"id: a\nx: caf\xe9\n": "x.yaml:2:7: error: byte 0xe9 is not valid UTF-8; save the file as UTF-8",
        b"id: a\n\x00": "x.yaml:2:1: error: file contains a NUL character; is it a binary file?",
    }
    for data, expected in cases.items():
        text, problems = read_text(write(tmp_path, data), "x.yaml")
        assert text is None
        assert [str(p) for p in problems] == [expected]


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = write(tmp_path, b"a" * (MAX_FILE_BYTES + 1))
    text, problems = read_text(path, "x.yaml")
    assert text is None and "over the" in str(problems[0])


def test_alias_bomb_is_refused():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    doc, problems = parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert doc is None
    assert "alias bomb" in str(problems[0])


def test_deep_nesting_is_refused():
    doc, problems = parse_yaml("a: " + "[" * 60 + "]" * 60 + "\n", "deep.yaml")
    assert doc is None and "deeper than" in str(problems[0])


def test_tab_indentation_says_to_use_spaces():
    doc, problems = parse_yaml("a:\n\tb: 1\n", "t.yaml")
    assert doc is None
    assert "spaces, not tabs" in str(problems[0])
    assert str(problems[0]).startswith("t.yaml:2:1: error: invalid YAML")


def test_empty_file_is_an_error():
    doc, problems = parse_yaml("# only a comment\n", "e.yaml")
    assert doc is None
    assert [str(p) for p in problems] == ["e.yaml:1:1: error: file is empty; add content or delete the file"]
