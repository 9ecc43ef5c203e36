"""Bibparse: one printed bibliography entry -> CSL fields, for drafting reference records.

It reads the styles the seed articles use and the common APA style:

    Vancouver-like  DeFronzo RA et al. (1981). "Title." J Clin Invest. 68(6):1468-1474. PMID: 7033285
    author-year     Petersen MC, Shulman GI. (2018). Title. Physiological Reviews. 98(4):2133-2223.
    MLA             Richter, Erik A. and Mark Hargreaves. “Title.” Physiological reviews, vol. 93, no. 3, 2013, pp. 993-1017.
    APA             Smith, J. A., & Doe, R. B. (2020). Title. Journal Name, 12(3), 45–67. https://doi.org/10.1000/xyz

The result is a best effort for a curator to check, never a verified record: fields it cannot find
are left out rather than guessed. An entry longer than MAX_PARSED_LENGTH characters (ten times a
long real one) is not parsed at all: some of these patterns backtrack, so their time grows with the
square of an entry's length, and a seed is untrusted input.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_PARSED_LENGTH = 2000  # characters, white space folded
_YEAR_PAREN = re.compile(r"\((\d{4})[a-z]?\)")
_YEAR_MLA = re.compile(r",\s*(\d{4}),")
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/[^\s,;]+)", re.I)
_PMID = re.compile(r"PMID:?\s*(\d{1,9})")
_QUOTED = re.compile(r"[“\"](.+?)[”\"]")
# (?<!\d): a volume starts where its digits start; without it a long run of digits is tried from each
# of its digits, in time that grows with the square of its length
_VANCOUVER_LOCATOR = re.compile(r"(?<!\d)(\d+)\s*(?:\(([^)]+)\)|\s+(Suppl\s*\d+))?\s*:\s*([A-Z]?\d+(?:[-–][A-Z]?\d+)?)")
_APA_LOCATOR = re.compile(r",\s*(\d+)\s*(?:\(([^)]+)\))?,\s*([A-Z]?\d+(?:[-–][A-Z]?\d+)?)")
_MLA_VOL = re.compile(r"vol\.\s*(\w+)")
_MLA_NO = re.compile(r"no\.\s*(\w+)")
_MLA_PP = re.compile(r"pp?\.\s*([A-Z]?\d+(?:[-–][A-Z]?\d+)?)")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "ref"


def _people(text: str) -> list[dict[str, str]]:
    """Authors in any of the styles: 'DeFronzo RA, Tripathy D', 'Richter, Erik A. and Mark Hargreaves',
    'Smith, J. A., & Doe, R. B.', with 'et al.' kept as a literal."""
    text = text.strip().rstrip(".").strip()
    et_al = bool(re.search(r"\bet al\.?$", text))
    text = re.sub(r",?\s*\bet al\.?$", "", text).strip().rstrip(",")
    people: list[dict[str, str]] = []
    if re.search(r",\s*[A-Z]\.", text) or re.search(r"^[^,]+,\s*[A-Z][a-z]+", text) and " and " in text:
        # "Family, Given" first, then "and Given Family" (MLA) or ", & Family, G." (APA)
        parts = re.split(r",?\s*(?:&|\band\b)\s*", text)
        first = parts[0]
        apa = re.findall(r"([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)*),\s*((?:[A-Z]\.?(?:\s+|(?=,)|$))+)", text)
        if apa and len(apa) >= len(parts):
            return [{"family": f, "given": " ".join(c.rstrip(".") + "." for c in g.split())} for f, g in apa] + (
                [{"literal": "et al."}] if et_al else []
            )
        family, _, given = first.partition(",")
        people.append({"family": family.strip(), "given": given.strip().rstrip(",")})
        for other in parts[1:]:
            other = other.strip().rstrip(",")
            if "," in other:
                family, _, given = other.partition(",")
                people.append({"family": family.strip(), "given": given.strip()})
            elif other:
                *given, family = other.split()
                people.append({"family": family, "given": " ".join(given)})
    else:
        for name in [n.strip() for n in text.split(",") if n.strip()]:
            match = re.match(r"^(.+?)\s+([A-Z]{1,3})$", name)
            if match:
                family, initials = match.groups()
                people.append({"family": family, "given": " ".join(f"{c}." for c in initials)})
            else:
                people.append({"literal": name})
    if et_al:
        people.append({"literal": "et al."})
    return people


def too_long(entry: str) -> bool:
    """Whether parse_entry leaves this entry unparsed (see the module's docstring)."""
    return len(" ".join(entry.split())) > MAX_PARSED_LENGTH


def parse_entry(entry: str) -> dict[str, Any]:
    """CSL-YAML fields (id, type, title, author, issued, container-title, volume, issue, page, PMID, DOI)."""
    text = " ".join(entry.split())
    fields: dict[str, Any] = {"type": "article-journal"}
    if too_long(entry):  # not a real entry: its text alone, for the curator (extract says so)
        fields["id"] = f"{slug(text[:40]).split('-')[0]}-nd"
        return fields
    text = re.sub(r"^(?:\d+\.|•|-|\*)\s+", "", text)
    if m := _PMID.search(text):
        fields["PMID"] = m.group(1)
    if m := _DOI.search(text):
        fields["DOI"] = m.group(1).rstrip(".")
    text_no_ids = _DOI.sub("", _PMID.sub("", text))
    text_no_ids = re.sub(r"\bFinding:.*$", "", text_no_ids).strip()

    year_match = _YEAR_PAREN.search(text_no_ids)
    if year_match:  # author-date styles: authors (year). title. container. locator
        fields["issued"] = {"date-parts": [[int(year_match.group(1))]]}
        fields["author"] = _people(text_no_ids[: year_match.start()])
        rest = text_no_ids[year_match.end() :].lstrip(". ").strip()
        quoted = _QUOTED.match(rest)
        if quoted:
            title, after = quoted.group(1), rest[quoted.end() :]
        else:
            title, _, after = rest.partition(". ")
            if not after and re.match(r"^[A-Z][\w ]+$", title.rstrip(".")) and len(title.split()) <= 5:
                title, after = "", rest  # the entry names only a journal
        if title:
            fields["title"] = title.strip().rstrip(".")
        after = after.strip().lstrip(".").strip()
        locator = _APA_LOCATOR.search(after) or _VANCOUVER_LOCATOR.search(after)
        if locator:
            container = after[: locator.start()]
            volume, issue, *rest_groups = locator.groups()
            pages = rest_groups[-1]
            supplement = rest_groups[0] if len(rest_groups) == 2 else None
            fields["volume"] = volume
            if issue or supplement:
                fields["issue"] = (issue or supplement or "").strip()
            fields["page"] = pages.replace("–", "-")
        else:
            container = after
        container = re.sub(r"\b(Banting Lecture)\.?", "", container).strip(" .,;")
        if container:
            fields["container-title"] = container.split(". ")[-1].strip(" .") if ". " in container else container
    else:  # MLA: Authors. “Title.” Container, vol. V, no. N, Year, pp. P.
        quoted = _QUOTED.search(text_no_ids)
        if quoted:
            fields["author"] = _people(text_no_ids[: quoted.start()])
            fields["title"] = quoted.group(1).strip().rstrip(".")
            after = text_no_ids[quoted.end() :].strip()
            container = after.split(",")[0].strip(" .")
            if container:
                fields["container-title"] = container
            for key, pattern in (("volume", _MLA_VOL), ("issue", _MLA_NO), ("page", _MLA_PP)):
                if m := pattern.search(after):
                    fields[key] = m.group(1).replace("–", "-")
            if m := _YEAR_MLA.search(after) or re.search(r"\b(\d{4})\b", after):
                fields["issued"] = {"date-parts": [[int(m.group(1))]]}
        else:
            fields["title"] = text_no_ids.strip(" .")
    first = next(
        (a.get("family") or a.get("literal", "") for a in fields.get("author", []) if a.get("literal") != "et al."), ""
    )
    year = fields.get("issued", {}).get("date-parts", [[None]])[0][0]
    fields["id"] = f"{slug(first or fields.get('title', 'ref')).split('-')[0]}-{year or 'nd'}"
    return fields
