"""GB 32100-2015 unified social credit codes: published valid and invalid codes (reference/domain.md §5.1)."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiliang.kernels.identifiers import (
    USCC_CHARSET,
    region_code_problem,
    uscc_check,
    uscc_check_character,
    uscc_compose,
)

PUBLISHED_VALID = [
    "914403001922038216",  # 华为技术有限公司, public test comment
    "91350100M000100Y43",  # the standard example of hutool and many validators
    "91110000802100433B",
    "91440300708461136T",
    "91110108551385082Q",
    "11610923MB2900168E",  # 机构编制 / 事业单位
    "52610500MJU60350X1",  # 民政
    "92510100MA61WJ3204",  # 个体工商户
]


@pytest.mark.parametrize("code", PUBLISHED_VALID)
def test_gb32100_published_codes_are_valid(code: str) -> None:
    result = uscc_check(code)
    assert result.valid, result.reason
    assert result.rule is None


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("91110108717809965C", "check_character"),  # mock code in a public repo, check should be J
        ("9133010057462616XH", "check_character"),  # check should be 9
        ("91350200M000000510", "check_character"),  # flagged "待调试" in a public file
        ("123456789012345678", "organization_code"),  # passes the checksum, fails the GB 11714 body check
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000100I43", "charset"),
        ("91350100S000100Y43", "charset"),
        ("91350100m000100y43", "charset"),  # lower case is refused: the charset has none
        ("B1350100M000100Y43", "authority"),
        ("95350100M000100Y43", "category"),
        ("91990100M000100Y43", "region"),
    ],
)
def test_gb32100_invalid_codes_name_the_failed_rule(code: str, rule: str) -> None:
    result = uscc_check(code)
    assert not result.valid
    assert result.rule == rule
    assert result.reason


def test_gb32100_check_character_mutation_detected() -> None:
    code = "91350100M000100Y43"
    for replacement in USCC_CHARSET:
        if replacement != code[-1]:
            assert uscc_check(code[:-1] + replacement).rule == "check_character"


def test_retired_luoyang_region_codes_are_accepted() -> None:
    """Positions 3–8 keep the region code of registration: 偃师市 410381, 孟津县 410322, 吉利区 410306."""
    for region in ("410381", "410322", "410306", "410307", "410308"):
        assert uscc_check(uscc_compose(authority="9", category="1", region=region, body8="MA45XK7Q")).valid


@given(body=st.text(alphabet=string.digits + "ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
def test_composed_codes_always_validate(body: str) -> None:
    code = uscc_compose(authority="9", category="1", region="410305", body8=body)
    assert uscc_check(code).valid


@given(
    body=st.text(alphabet=string.digits + "ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8),
    position=st.integers(min_value=8, max_value=17),
    data=st.data(),
)
def test_any_single_substitution_in_body_or_check_is_caught(
    body: str, position: int, data: st.DataObject
) -> None:
    code = uscc_compose(authority="9", category="1", region="410305", body8=body)
    new = data.draw(st.sampled_from([c for c in USCC_CHARSET if c != code[position]]))
    mutated = code[:position] + new + code[position + 1 :]
    assert not uscc_check(mutated).valid


def test_check_character_of_hutool_example() -> None:
    assert uscc_check_character("91350100M000100Y4") == "3"


# GB/T 2260 division codes: the Luoyang divisions of registry/0002 and the attack run's codes (#12 item 6).
@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("410000", "province", None),
        ("410300", "city", "410000"),
        ("410305", "district", "410300"),
        ("410381", "county_city", "410300"),
        ("419001", "county_city", "410000"),  # 济源市, a county-level city directly under the province
    ],
)
def test_gb2260_codes_of_the_registry_are_well_formed(code: str, level: str, parent: str | None) -> None:
    assert region_code_problem(code, level, parent) is None


@pytest.mark.parametrize(
    ("code", "level", "parent", "rule"),
    [
        (".exe", None, None, "format"),
        ("0", None, None, "format"),
        ("４１０３０５", None, None, "format"),  # full-width digits
        ("4103051", None, None, "format"),
        ("990300", "city", None, "province"),
        ("410300", "district", "410300", "level"),
        ("410305", "city", "410000", "level"),
        ("410005", "province", None, "level"),
        ("410305", "district", "410100", "parent"),
        ("420305", "district", "410300", "parent"),
    ],
)
def test_gb2260_code_problems_name_the_rule(
    code: str, level: str | None, parent: str | None, rule: str
) -> None:
    assert region_code_problem(code, level, parent) == rule


@given(st.text(max_size=8))
def test_gb2260_check_never_raises(code: str) -> None:
    assert region_code_problem(code, "district", "410300") in {None, "format", "province", "level", "parent"}
