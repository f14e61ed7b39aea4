"""The fine a legal basis permits (罚款幅度), from the basis's range rule and the facts of the case.

Contents
--------
RangeRule                 how an article states its fine: fixed, per unit, a multiple of gains, value, fees
fine_range(rule, facts)   the permitted [minimum, maximum] in yuan, with the rule's notes
fine_check(range, fine)   None when a fine lies in the range, else the rule it breaks (a code)

The rule kinds cover the articles of reference/supervision.md §4.2 (CONFIRMED texts):

- ``fixed`` — "1 000 元以下" (计量法实施细则 第四十三条: [0, 1 000]) or "500–5 000" (河南条例 第四十一条);
- ``per_unit`` — "每台（件）200–500 元" (河南条例 第四十条(一)): 3 instruments → [600, 1 500];
- ``gains_multiple`` — "违法所得 1–5 倍" (河南条例 第三十九条), optionally capped
  ("违法所得 ≤ 3 倍、最高 30 000", 加油站计量监督管理办法 第九条(四));
- ``value_multiple`` — "检验批货值金额 3 倍以下，最高不超过 30 000 元" (定量包装商品 75号令 第十八条);
- ``fees_multiple`` — "所收费用 1–3 倍" (河南条例 第四十条(二)(三));
- ``revenue_share`` — "该项经营收入 30 %" (河南条例 第三十八条(五)): one amount, minimum = maximum.

Money is ``Decimal`` yuan, rounded to the fen (ROUND_HALF_UP). 计量法实施细则 第五十五条 reserves fines of
10 000 元 and more under the 细则 to the provincial metrology authority: a range that reaches that amount
carries the note ``provincial_decision`` (a flag for the officer, not a refusal — practice has moved on).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
#: 计量法实施细则 第五十五条: fines from this amount are decided by the provincial authority.
PROVINCIAL_DECISION_FROM = Decimal("10000")
KINDS = ("fixed", "per_unit", "gains_multiple", "value_multiple", "fees_multiple", "revenue_share")
#: The fact each kind multiplies (``fixed`` needs none).
BASE_FACT = {
    "per_unit": "units",
    "gains_multiple": "illegal_gains",
    "value_multiple": "lot_value",
    "fees_multiple": "fees",
    "revenue_share": "revenue",
}


class FineError(ValueError):
    """A rule or a fact that gives no range; ``code`` names the problem, ``params`` its values."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class RangeRule:
    """How an article states its fine: ``low`` / ``high`` are yuan (``fixed``, ``per_unit``) or multiples /
    shares of the base fact (the others); ``cap`` an absolute maximum in yuan;
    ``under_implementing_rules`` whether the article is one of the 计量法实施细则 (note of 第五十五条)."""

    kind: str
    low: Decimal
    high: Decimal
    cap: Decimal | None = None
    under_implementing_rules: bool = False


@dataclass(frozen=True)
class FineRange:
    """The permitted fine in yuan, and notes for the officer (codes)."""

    minimum: Decimal
    maximum: Decimal
    notes: tuple[str, ...] = ()


def _yuan(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def fine_range(rule: RangeRule, facts: dict[str, Decimal] | None = None) -> FineRange:
    """The fine ``rule`` permits given ``facts`` (``units``, ``illegal_gains``, ``lot_value``, ``fees``,
    ``revenue``: whichever the rule's kind multiplies).

    河南条例 第四十条(一), 每台（件）200–500 元 (reference/supervision.md §4.2 vectors):

    >>> per_unit = RangeRule("per_unit", Decimal(200), Decimal(500))
    >>> for n in (1, 3, 10):
    ...     r = fine_range(per_unit, {"units": Decimal(n)})
    ...     print(n, r.minimum, r.maximum)
    1 200.00 500.00
    3 600.00 1500.00
    10 2000.00 5000.00

    75号令 第十八条, 货值 3 倍以下、最高 30 000 元:

    >>> fine_range(RangeRule("value_multiple", Decimal(0), Decimal(3), cap=Decimal(30000)),
    ...            {"lot_value": Decimal("12500")}).maximum
    Decimal('30000.00')
    """
    if rule.kind not in KINDS:
        raise FineError("rule_kind", kind=rule.kind)
    if rule.low < 0 or rule.high < rule.low or (rule.cap is not None and rule.cap < 0):
        raise FineError("rule_bounds", low=rule.low, high=rule.high)
    if rule.kind == "fixed":
        base = Decimal(1)
    else:
        name = BASE_FACT[rule.kind]
        value = (facts or {}).get(name)
        if value is None:
            raise FineError("fact_missing", fact=name)
        if not value.is_finite() or value < 0 or (name == "units" and value != value.to_integral_value()):
            raise FineError("fact_invalid", fact=name, value=value)
        base = value
    low, high = rule.low * base, rule.high * base
    notes: list[str] = []
    if rule.cap is not None and high > rule.cap:
        high = rule.cap
        low = min(low, high)
        notes.append("capped")
    if rule.under_implementing_rules and high >= PROVINCIAL_DECISION_FROM:
        notes.append("provincial_decision")
    return FineRange(_yuan(low), _yuan(high), tuple(notes))


def fine_check(permitted: FineRange, fine: Decimal) -> str | None:
    """``None`` when ``fine`` (yuan) lies within ``permitted``; else ``below_minimum``, ``above_maximum``
    or ``not_money`` (negative, not finite, or finer than the fen).

    >>> r = FineRange(Decimal("600.00"), Decimal("1500.00"))
    >>> fine_check(r, Decimal("1000")), fine_check(r, Decimal("1500.01")), fine_check(r, Decimal("500"))
    (None, 'above_maximum', 'below_minimum')
    """
    if not fine.is_finite() or fine < 0 or fine != fine.quantize(FEN):
        return "not_money"
    if fine < permitted.minimum:
        return "below_minimum"
    if fine > permitted.maximum:
        return "above_maximum"
    return None
