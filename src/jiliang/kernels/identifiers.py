"""Identifiers: the unified social credit code (统一社会信用代码) of GB 32100-2015.

Contents
--------
uscc_check(code)        validate an 18-character code rule by rule; the result names the first failed rule
uscc_check_character(s) the GB 32100 check character (position 18) of the first 17 characters
org_code_check_character(s)  the GB 11714 check character (position 17) of the 8-character body
region_code_problem(code, level, parent_code)  what is wrong with a GB/T 2260 division code, or None

Structure (GB 32100-2015 §4): position 1 registration authority, 2 organisation category, 3–8 the
GB/T 2260 region code of the registering authority at registration time (retired codes stay valid),
9–17 the GB 11714 organisation code, 18 the check character (GB/T 17710 / ISO 7064 MOD 31-3 style).
"""

from __future__ import annotations

from dataclasses import dataclass

#: GB 32100-2015 §4.2 character set; I, O, Z, S and V are never used. Index = numeric value.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weights 3^(i-1) mod 31 for positions 1..17 (GB 32100-2015 §4.3).
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
#: GB 11714-1997 weights for the 8-character body of the organisation code.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

#: Registration authority (position 1) → allowed organisation categories (position 2),
#: GB 32100-2015 as amended in 2016. 9 is 工商 (now 市场监管).
AUTHORITY_CATEGORIES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "2": "19",  # 外交
    "3": "123459",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 工商 / 市场监管: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业
    "Y": "1",  # 其他
}

#: The first two digits of every GB/T 2260 province-level code.
PROVINCE_PREFIXES = frozenset(
    str(n)
    for n in (
        *range(11, 16),
        21,
        22,
        23,
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
    )
)


@dataclass(frozen=True)
class UsccResult:
    """The verdict on one code: ``rule`` is the identifier of the first failed rule, or None."""

    code: str
    valid: bool
    rule: str | None
    reason: str


def uscc_check_character(first17: str) -> str:
    """The check character of GB 32100-2015 §4.3 for the first 17 characters.

    >>> uscc_check_character("91350100M000100Y4")
    '3'
    """
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_character(body8: str) -> str:
    """The GB 11714-1997 check character of an 8-character organisation-code body.

    Letters count A = 10 … Z = 35; a result of 10 is written ``X`` and 11 is written ``0``.

    >>> org_code_check_character("M000100Y")
    '4'
    """

    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - ord("A") + 10

    check = 11 - sum(value(c) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _fail(code: str, rule: str, reason: str) -> UsccResult:
    return UsccResult(code=code, valid=False, rule=rule, reason=reason)


def uscc_check(code: str) -> UsccResult:
    """Validate a unified social credit code against GB 32100-2015, rule by rule.

    Upper case is required (the standard's character set has no lower case). The region code is checked
    for shape and province only, because retired GB/T 2260 codes remain valid in codes issued before
    a redivision.

    >>> uscc_check("91350100M000100Y43").valid
    True
    >>> r = uscc_check("91110108717809965C")
    >>> r.rule, r.reason
    ('check_character', 'check character is C, expected J (GB 32100-2015 §4.3)')
    """
    if len(code) != 18:
        return _fail(code, "length", f"must have 18 characters, has {len(code)}")
    bad = sorted({c for c in code if c not in USCC_CHARSET})
    if bad:
        return _fail(
            code,
            "charset",
            f"character(s) {' '.join(bad)} not allowed: only 0-9 and upper-case letters except I, O, Z, S, V",
        )
    authority, category = code[0], code[1]
    if authority not in AUTHORITY_CATEGORIES:
        return _fail(code, "authority", f"registration authority code {authority} does not exist")
    if category not in AUTHORITY_CATEGORIES[authority]:
        return _fail(
            code,
            "category",
            f"organisation category {category} does not exist for registration authority {authority}",
        )
    region = code[2:8]
    if not region.isdigit() or region[:2] not in PROVINCE_PREFIXES:
        return _fail(code, "region", f"{region} is not a GB/T 2260 administrative division code")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return _fail(
            code,
            "check_character",
            f"check character is {code[17]}, expected {expected} (GB 32100-2015 §4.3)",
        )
    body_expected = org_code_check_character(code[8:16])
    if code[16] != body_expected:
        return _fail(
            code,
            "organization_code",
            f"organisation code {code[8:17]} fails its GB 11714 check: "
            f"position 17 is {code[16]}, expected {body_expected}",
        )
    return UsccResult(code=code, valid=True, rule=None, reason="valid")


def uscc_compose(*, authority: str, category: str, region: str, body8: str) -> str:
    """Build a valid code from its parts (used by the seed data generator).

    >>> uscc_compose(authority="9", category="1", region="350100", body8="M000100Y")
    '91350100M000100Y43'
    """
    first17 = authority + category + region + body8 + org_code_check_character(body8)
    return first17 + uscc_check_character(first17)


def region_code_problem(code: str, level: str | None = None, parent_code: str | None = None) -> str | None:
    """What is wrong with a GB/T 2260 administrative-division code, as a rule code, or None when it is a
    well-formed code of that level under that parent.

    GB/T 2260-2007 §4: six digits — two for the province (省级), two for the prefecture (地级; ``00`` at
    province level, ``90`` for county-level units directly under the province), two for the county
    (县级; ``00`` at prefecture level). Rules: ``format`` (not six digits), ``province`` (no such province
    prefix), ``level`` (the zeros do not match the level), ``parent`` (the code does not lie under the
    parent's code).

    >>> region_code_problem("410305", "district", "410300") is None
    True
    >>> [region_code_problem(c) for c in (".exe", "0", "990100")]
    ['format', 'format', 'province']
    >>> region_code_problem("410300", "district"), region_code_problem("410305", "district", "410100")
    ('level', 'parent')
    """
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return "format"
    if code[:2] not in PROVINCE_PREFIXES:
        return "province"
    if level == "province" and code[2:] != "0000":
        return "level"
    if level == "city" and (code[2:4] == "00" or code[4:] != "00"):
        return "level"
    if level not in (None, "province", "city") and code[4:] == "00":
        return "level"
    if parent_code:
        parent_zeros = 4 if parent_code.endswith("0000") else 2 if parent_code.endswith("00") else 6
        prefix = parent_code[: 6 - parent_zeros]
        if code == parent_code or not code.startswith(prefix):
            return "parent"
    return None
