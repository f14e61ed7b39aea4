"""Inter-laboratory comparisons (计量比对): reference values, degrees of equivalence and performance scores.

Contents
--------
Inputs and results
    LabResult, AssignedValue            one laboratory's reported value; the pilot laboratory's value
    ReferenceValue, AlgorithmAResult    a reference value with its standard uncertainty and diagnostics
    LabScore, Evaluation                per-laboratory scores; everything ``comparison evaluate`` prints

Reference value by method (``METHODS``)
    reference_assigned(assigned)        ``assigned``: the pilot laboratory's value (JJF 1117-2010)
    reference_weighted_mean(results)    ``weighted-mean``: Cox 2002 Procedure A with the χ² check,
                                        optionally excluding the most discrepant result until consistent
    reference_mean(results)             ``mean``: arithmetic mean, u = s/√N
    reference_median(results)           ``median``: median, u = 1.2533·MADe/√N
    reference_algorithm_a(results)      ``algorithm-a``: ISO 13528:2015 Annex C.3, u = 1.25·s*/√p
    algorithm_a(values)                 the robust mean x* and robust standard deviation s* alone
    chi2_critical(dof)                  χ²₀.₉₅(ν), the Procedure A consistency limit
    made(values)                        MADe = 1.483·median|xᵢ − median|

Artefact drift
    drift_uncertainty(drift)            rectangular u_drift = |drift|/√3
    with_drift(reference, drift)        the reference value with u_drift added in quadrature

Scores (NIST Dataplot score pages; ISO 13528:2015 §9)
    en_score, zeta_score, z_score       Eₙ (expanded U), ζ (standard u), z (σ_pt)
    degree_of_equivalence               dᵢ = xᵢ − X and U(dᵢ) = 2·u(dᵢ) (Cox 2002)
    classify_en, classify_z             satisfactory / questionable / unsatisfactory

evaluate(results, method, ...)          the whole evaluation of one comparison

Conventions. Uncertainties are standard uncertainties unless named "expanded". A laboratory states an
expanded uncertainty U with its coverage factor k (default 2); the reference value's expanded uncertainty
is always 2·u(X). Sums use ``math.fsum`` so that the order in which laboratories are listed cannot change a
single bit of any result.

Correlation. Only the weighted mean is treated as correlated with the results that formed it: Cox (2002)
gives the exact u²(dᵢ) = u²(xᵢ) − u²(y) for that estimator. The mean, median and Algorithm A also use
the laboratories' results, but their u(X) comes from the scatter of the values, not from the stated
uncertainties, and the robust estimators have no closed-form covariance; those methods (like excluded
laboratories and the pilot laboratory's assigned value) use the independent sum u²(xᵢ) + u²(X), as
ISO 13528 does for consensus values. ζ always uses the independent sum, its ISO 13528 definition.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from scipy.stats import chi2

Method = Literal["assigned", "weighted-mean", "mean", "median", "algorithm-a"]
Status = Literal["satisfactory", "questionable", "unsatisfactory"]
Stopping = Literal["tolerance", "iso-3sf"]

#: The reference-value methods, in the order the CLI lists them.
METHODS: tuple[Method, ...] = ("assigned", "weighted-mean", "mean", "median", "algorithm-a")

#: Coverage factor used for the reference value's expanded uncertainty and for U(dᵢ) (Cox 2002).
K_REFERENCE = 2.0
#: MADe factor, 1/Φ⁻¹(0.75) rounded as ISO 13528:2015 C.3.1 prints it.
MADE_FACTOR = 1.483
#: Algorithm A scale correction for winsorising at 1.5 s* (ISO 13528:2015 C.3.1; exact value 1.13339).
ALGORITHM_A_SD_FACTOR = 1.134
#: Winsorising half-width in units of s* (ISO 13528:2015 C.3.1).
ALGORITHM_A_DELTA = 1.5
#: Robust-mean uncertainty factor of ISO 13528:2015 §7.7.3: u(x*) = 1.25·s*/√p.
ALGORITHM_A_U_FACTOR = 1.25
#: √(π/2): large-sample standard error of the median relative to the mean for normal data.
MEDIAN_U_FACTOR = 1.2533
#: Scores closer than this (relative) count as tied when choosing the result to exclude, so that scaling
#: the data cannot turn a mathematical tie into a rounding-error preference.
_TIE_RTOL = 1e-9


@dataclass(frozen=True)
class LabResult:
    """One laboratory's reported result: value, expanded uncertainty U and its coverage factor k."""

    lab: str
    value: float
    expanded_uncertainty: float
    k: float = 2.0

    @property
    def standard_uncertainty(self) -> float:
        """u = U/k."""
        return self.expanded_uncertainty / self.k


@dataclass(frozen=True)
class AssignedValue:
    """The pilot (主导) laboratory's value used as reference value, with its expanded uncertainty."""

    value: float
    expanded_uncertainty: float
    k: float = 2.0


@dataclass(frozen=True)
class ReferenceValue:
    """A reference value X and its standard uncertainty, with the diagnostics of the method that made it.

    ``estimator_uncertainty`` is the method's own u(X); ``drift_uncertainty`` the artefact-instability
    component added by :func:`with_drift`; ``standard_uncertainty`` combines both. ``correlated`` pairs
    each laboratory whose result formed a weighted mean y with u²(xᵢ) − u²(y), the variance the
    correlation term leaves (laboratories are matched by name). The χ² fields belong to the weighted
    mean, ``iterations`` to Algorithm A; both are None otherwise.
    """

    method: Method
    value: float
    estimator_uncertainty: float
    drift_uncertainty: float = 0.0
    correlated: tuple[tuple[str, float], ...] = ()
    excluded: tuple[str, ...] = ()
    chi2_observed: float | None = None
    chi2_critical: float | None = None
    degrees_of_freedom: int | None = None
    consistent: bool | None = None
    iterations: int | None = None
    converged: bool | None = None
    robust_sd: float | None = None

    @property
    def standard_uncertainty(self) -> float:
        """u(X) = √(u²_estimator + u²_drift)."""
        return math.hypot(self.estimator_uncertainty, self.drift_uncertainty)

    @property
    def correlated_labs(self) -> tuple[str, ...]:
        """The laboratories whose results formed the weighted mean."""
        return tuple(lab for lab, _ in self.correlated)


@dataclass(frozen=True)
class AlgorithmAResult:
    """Algorithm A's robust mean x*, robust standard deviation s*, and how the iteration ended."""

    mean: float
    sd: float
    iterations: int
    converged: bool
    stopping: Stopping


@dataclass(frozen=True)
class LabScore:
    """One laboratory's scores against the reference value; None where a score does not apply."""

    lab: str
    value: float
    d: float
    d_expanded_uncertainty: float
    en: float | None
    z: float | None
    zeta: float
    status: Status | None
    contributed: bool


@dataclass(frozen=True)
class Evaluation:
    """The evaluation of one comparison: the reference value and every laboratory's scores."""

    method: Method
    reference: ReferenceValue
    labs: tuple[LabScore, ...]
    sigma_pt: float | None


# --- helpers ----------------------------------------------------------------------------------------


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _sample_sd(values: Sequence[float]) -> float:
    centre = _mean(values)
    return math.sqrt(math.fsum((x - centre) ** 2 for x in values) / (len(values) - 1))


def _check_results(results: Sequence[LabResult], *, minimum: int) -> None:
    if not results:
        raise ValueError("no results: a comparison needs at least one laboratory result")
    if len(results) < minimum:
        raise ValueError(f"this method needs at least {minimum} results, got {len(results)}")
    seen: set[str] = set()
    for r in results:
        if not r.lab:
            raise ValueError("a result has an empty laboratory name")
        if r.lab in seen:
            raise ValueError(f"duplicate laboratory name {r.lab!r}")
        seen.add(r.lab)
        if not math.isfinite(r.value):
            raise ValueError(f"laboratory {r.lab!r}: value must be a finite number")
        if not (math.isfinite(r.expanded_uncertainty) and r.expanded_uncertainty > 0):
            raise ValueError(
                f"laboratory {r.lab!r}: expanded uncertainty must be positive, got {r.expanded_uncertainty}"
            )
        if not (math.isfinite(r.k) and r.k > 0):
            raise ValueError(f"laboratory {r.lab!r}: coverage factor k must be positive, got {r.k}")


# --- reference values -------------------------------------------------------------------------------


def chi2_critical(dof: int, confidence: float = 0.95) -> float:
    """The χ² consistency limit χ²_p(ν) of Cox 2002 Procedure A (``scipy.stats.chi2.ppf``).

    >>> round(chi2_critical(1), 3), round(chi2_critical(4), 3)
    (3.841, 9.488)
    """
    return float(chi2.ppf(confidence, dof))


def reference_assigned(assigned: AssignedValue) -> ReferenceValue:
    """The pilot laboratory's value as reference value, u(X) = U/k (JJF 1117-2010 主导实验室 value).

    >>> reference_assigned(AssignedValue(10.0, 0.02)).standard_uncertainty
    0.01
    """
    if not math.isfinite(assigned.value):
        raise ValueError("assigned value must be a finite number")
    if not (math.isfinite(assigned.expanded_uncertainty) and assigned.expanded_uncertainty > 0):
        raise ValueError(
            f"assigned expanded uncertainty must be positive, got {assigned.expanded_uncertainty}"
        )
    if not (math.isfinite(assigned.k) and assigned.k > 0):
        raise ValueError(f"assigned coverage factor k must be positive, got {assigned.k}")
    return ReferenceValue(
        method="assigned",
        value=assigned.value,
        estimator_uncertainty=assigned.expanded_uncertainty / assigned.k,
    )


def _weighted_mean_pass(results: Sequence[LabResult]) -> tuple[float, float, float]:
    weights = [1 / r.standard_uncertainty**2 for r in results]
    total = math.fsum(weights)
    y = math.fsum(w * r.value for w, r in zip(weights, results, strict=True)) / total
    chi2_obs = math.fsum(w * (r.value - y) ** 2 for w, r in zip(weights, results, strict=True))
    return y, 1 / math.sqrt(total), chi2_obs


def _residual_variances(results: Sequence[LabResult]) -> tuple[tuple[str, float], ...]:
    """u²(xᵢ) − u²(y) = 1/wᵢ − 1/Σw = Σⱼ≠ᵢ wⱼ / (wᵢ·Σw).

    The last form sums the other weights directly: when one result dominates the mean, the plain
    difference u²(xᵢ) − u²(y) loses most of its digits to cancellation.
    """
    weights = [1 / r.standard_uncertainty**2 for r in results]
    total = math.fsum(weights)
    pairs = []
    for i, r in enumerate(results):
        others = math.fsum(weights[:i] + weights[i + 1 :])
        pairs.append((r.lab, others / (weights[i] * total)))
    return tuple(sorted(pairs))


def reference_weighted_mean(
    results: Sequence[LabResult], *, exclude_discrepant: bool = False, confidence: float = 0.95
) -> ReferenceValue:
    """Cox 2002 (Metrologia 39 589) Procedure A: the weighted mean and its χ² consistency check.

    y = Σ(xᵢ/u²ᵢ)/Σ(1/u²ᵢ), u(y) = (Σ1/u²ᵢ)^(−1/2), χ²_obs = Σ(xᵢ − y)²/u²ᵢ with ν = N − 1; consistent
    iff χ²_obs ≤ χ²₀.₉₅(ν). With ``exclude_discrepant`` an inconsistent set loses the result with the
    largest |xᵢ − y|/u(xᵢ) — the same result as the largest χ² contribution, since that contribution is
    its square — and the procedure repeats until consistent or two results remain. Ties are broken by
    laboratory name. An inconsistent set is still reported (``consistent`` False): Cox then rejects the
    weighted mean as KCRV, and the caller decides what to do.

    >>> rv = reference_weighted_mean([LabResult("A", 10.0, 0.2), LabResult("B", 10.3, 0.2)])
    >>> round(rv.value, 6), round(rv.estimator_uncertainty, 6), round(rv.chi2_observed, 6), rv.consistent
    (10.15, 0.070711, 4.5, False)
    """
    _check_results(results, minimum=2)
    included = list(results)
    excluded: list[str] = []
    while True:
        y, u_y, chi2_obs = _weighted_mean_pass(included)
        dof = len(included) - 1
        critical = chi2_critical(dof, confidence)
        consistent = chi2_obs <= critical
        if consistent or not exclude_discrepant or len(included) <= 2:
            break
        scores = {r.lab: abs(r.value - y) / r.standard_uncertainty for r in included}
        worst = max(scores.values())
        tied = sorted(lab for lab, s in scores.items() if s >= worst * (1 - _TIE_RTOL))
        excluded.append(tied[0])
        included = [r for r in included if r.lab != tied[0]]
    return ReferenceValue(
        method="weighted-mean",
        value=y,
        estimator_uncertainty=u_y,
        correlated=_residual_variances(included),
        excluded=tuple(excluded),
        chi2_observed=chi2_obs,
        chi2_critical=critical,
        degrees_of_freedom=dof,
        consistent=consistent,
    )


def reference_mean(results: Sequence[LabResult]) -> ReferenceValue:
    """The arithmetic mean with u = s/√N (s the sample standard deviation), a JJF 1117-2010 option.

    >>> rv = reference_mean([LabResult(lab, v, 0.1) for lab, v in zip("ABC", (1.0, 2.0, 3.0))])
    >>> rv.value, round(rv.estimator_uncertainty, 6)
    (2.0, 0.57735)
    """
    _check_results(results, minimum=2)
    values = [r.value for r in results]
    return ReferenceValue(
        method="mean", value=_mean(values), estimator_uncertainty=_sample_sd(values) / math.sqrt(len(values))
    )


def made(values: Sequence[float]) -> float:
    """MADe = 1.483·median|xᵢ − median(x)|, the scaled median absolute deviation (ISO 13528:2015 C.2.2).

    >>> round(made([1.0, 2.0, 3.0, 4.0, 100.0]), 6)
    1.483
    """
    centre = _median(values)
    return MADE_FACTOR * _median([abs(x - centre) for x in values])


def reference_median(results: Sequence[LabResult]) -> ReferenceValue:
    """The median with u = 1.2533·MADe/√N.

    1.2533 = √(π/2) is the large-sample ratio of the median's standard error to the mean's for normal
    data, and MADe (ISO 13528:2015 C.2.2) stands in for the standard deviation. ISO 13528:2015 §7.7.3
    applies the same idea, rounded to 1.25, to robust means; consensus-value guidance such as the CCQM
    note CCQM13-22 uses this form for the median (its text was not at hand to check). When more than
    half the values coincide MADe is 0 and so is u.

    >>> rv = reference_median([LabResult(lab, v, 0.1) for lab, v in zip("ABCD", (1.0, 2.0, 3.0, 40.0))])
    >>> rv.value, round(rv.estimator_uncertainty, 6)
    (2.5, 0.929322)
    """
    _check_results(results, minimum=2)
    values = [r.value for r in results]
    u = MEDIAN_U_FACTOR * made(values) / math.sqrt(len(values))
    return ReferenceValue(method="median", value=_median(values), estimator_uncertainty=u)


def _algorithm_a_converged(
    stopping: Stopping, tol: float, old: tuple[float, float], new: tuple[float, float]
) -> bool:
    (x_old, s_old), (x_new, s_new) = old, new
    if stopping == "tolerance":
        # Relative to s*, so the rule is scale-free; when s* is 0 only an exact repeat counts.
        return abs(x_new - x_old) <= tol * s_new and abs(s_new - s_old) <= tol * s_new
    if s_new == 0:
        return x_new == x_old and s_old == 0
    # ISO 13528:2015 C.3.1: no change in the third significant figure of s* and the equivalent
    # figure (same decimal place) of x*.
    unit = 10.0 ** (math.floor(math.log10(s_new)) - 2)
    return round(x_new / unit) == round(x_old / unit) and round(s_new / unit) == round(s_old / unit)


def algorithm_a(
    values: Sequence[float], *, stopping: Stopping = "tolerance", tol: float = 1e-10, max_iter: int = 10_000
) -> AlgorithmAResult:
    """ISO 13528:2015 Annex C.3 (ISO 13528:2005 C.1, ISO 5725-5:1998 §6.2) Algorithm A.

    Start from x* = median, s* = 1.483·median|xᵢ − x*|; then repeat: δ = 1.5·s*, winsorise each xᵢ to
    [x* − δ, x* + δ], x* = mean, s* = 1.134·sd of the winsorised values. The standard leaves the stopping
    rule open: ``"tolerance"`` (default) stops when x* and s* both change by at most ``tol``·s*;
    ``"iso-3sf"`` stops when the third significant figure of s* and the same decimal place of x* no
    longer change, the rule ISO 13528 suggests. ``iterations`` counts the update steps; ``converged`` is
    False when ``max_iter`` ran out first.

    With few results the iteration can be slow, and the stopping rule matters:

    >>> full = algorithm_a([1.0, 2.0, 3.0, 4.0, 100.0])
    >>> round(full.mean, 4), round(full.sd, 4), full.iterations, full.converged
    (4.036, 4.096, 248, True)
    >>> iso = algorithm_a([1.0, 2.0, 3.0, 4.0, 100.0], stopping="iso-3sf")
    >>> round(iso.mean, 4), round(iso.sd, 4), iso.iterations
    (3.9938, 3.9944, 36)
    """
    if len(values) < 2:
        raise ValueError("Algorithm A needs at least 2 values")
    if max_iter < 1:
        raise ValueError("max_iter must be at least 1")
    x_star = _median(values)
    s_star = MADE_FACTOR * _median([abs(x - x_star) for x in values])
    for iteration in range(1, max_iter + 1):
        delta = ALGORITHM_A_DELTA * s_star
        low, high = x_star - delta, x_star + delta
        winsorised = [min(max(x, low), high) for x in values]
        # Averaging the offsets from x* keeps a collapsed window exact: n copies of x* must average to
        # x*, not to x* ± 1 ulp, or that rounding error seeds a spurious s* that grows without bound.
        centre = x_star + math.fsum(w - x_star for w in winsorised) / len(values)
        spread = math.sqrt(math.fsum((w - centre) ** 2 for w in winsorised) / (len(values) - 1))
        new = (centre, ALGORITHM_A_SD_FACTOR * spread)
        done = _algorithm_a_converged(stopping, tol, (x_star, s_star), new)
        x_star, s_star = new
        if done:
            return AlgorithmAResult(x_star, s_star, iteration, True, stopping)
    return AlgorithmAResult(x_star, s_star, max_iter, False, stopping)


def reference_algorithm_a(
    results: Sequence[LabResult],
    *,
    stopping: Stopping = "tolerance",
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> ReferenceValue:
    """Algorithm A's robust mean as reference value, u(x*) = 1.25·s*/√p (ISO 13528:2015 §7.7.3).

    >>> rv = reference_algorithm_a([LabResult(lab, v, 0.5) for lab, v in zip("ABCDE", (1, 2, 3, 4, 100))])
    >>> round(rv.value, 4), round(rv.estimator_uncertainty, 4), round(rv.robust_sd, 4)
    (4.036, 2.2897, 4.096)
    """
    _check_results(results, minimum=2)
    result = algorithm_a([r.value for r in results], stopping=stopping, tol=tol, max_iter=max_iter)
    return ReferenceValue(
        method="algorithm-a",
        value=result.mean,
        estimator_uncertainty=ALGORITHM_A_U_FACTOR * result.sd / math.sqrt(len(results)),
        iterations=result.iterations,
        converged=result.converged,
        robust_sd=result.sd,
    )


# --- artefact drift ---------------------------------------------------------------------------------


def drift_uncertainty(drift: float) -> float:
    """u_drift = |D|/√3 for a drift D of the travelling standard stated over the circulation.

    The artefact's value at any laboratory's measurement is taken as anywhere within ±D of its value at
    the pilot's measurement, uniformly (a rectangular distribution of half-width |D|, GUM 4.3.7). This is
    the conservative reading; treating D as the full width would give |D|/(2√3).

    >>> round(drift_uncertainty(0.03), 6)
    0.017321
    """
    if not math.isfinite(drift):
        raise ValueError("drift must be a finite number")
    return abs(drift) / math.sqrt(3)


def with_drift(reference: ReferenceValue, drift: float) -> ReferenceValue:
    """The reference value with the drift component added: u²(X) = u²_estimator + u²_drift.

    The component is kept separate from the estimator's own uncertainty so that the weighted-mean
    correlation term subtracts only u²(y) and the drift always increases u(dᵢ) (JJF 1117-2010 requires
    the travelling standard's stability to be assessed; see :func:`drift_uncertainty`).

    >>> rv = with_drift(ReferenceValue("assigned", 10.0, 0.01), 0.03)
    >>> round(rv.standard_uncertainty, 6)
    0.02
    """
    return replace(reference, drift_uncertainty=drift_uncertainty(drift))


# --- scores -----------------------------------------------------------------------------------------


def _residual_variance(result: LabResult, reference: ReferenceValue) -> float | None:
    """u²(xᵢ) − u²(y) if laboratory i formed the weighted mean y, else None."""
    return dict(reference.correlated).get(result.lab)


def degree_of_equivalence(result: LabResult, reference: ReferenceValue) -> tuple[float, float]:
    """dᵢ = xᵢ − X and U(dᵢ) = 2·u(dᵢ) (Cox 2002, degrees of equivalence).

    u²(dᵢ) = u²(xᵢ) − u²(y) + u²_drift when laboratory i formed the weighted mean y, and
    u²(xᵢ) + u²(X) otherwise (including excluded laboratories).

    >>> ref = reference_weighted_mean([LabResult("A", 10.0, 0.2), LabResult("B", 10.1, 0.2)])
    >>> d, U = degree_of_equivalence(LabResult("A", 10.0, 0.2), ref)
    >>> round(d, 6), round(U, 6)
    (-0.05, 0.141421)
    """
    d = result.value - reference.value
    residual = _residual_variance(result, reference)
    if residual is None:
        residual = result.standard_uncertainty**2 + reference.estimator_uncertainty**2
    return d, K_REFERENCE * math.sqrt(residual + reference.drift_uncertainty**2)


def en_score(result: LabResult, reference: ReferenceValue) -> float | None:
    """Eₙ = (x − X)/√(U²ₓ + U²_ref) with expanded uncertainties (ISO 13528:2015 §9.7; NIST Dataplot
    enscore.htm; the 归一化偏差 of comparisons under JJF 1117-2010).

    Uₓ is the laboratory's stated U (its own k); U_ref = 2·u(X). For a laboratory that formed a weighted
    mean the correlation term applies, U² = U²ₓ − U²_ref (Cox 2002), with the drift component added back.
    That difference can only be ≤ 0 when the laboratory states k < 2; Eₙ is then undefined (None).

    >>> round(en_score(LabResult("A", 10.05, 0.03), ReferenceValue("assigned", 10.0, 0.02)), 6)
    1.0
    """
    d = result.value - reference.value
    big_u_x2 = result.expanded_uncertainty**2
    big_u_drift2 = (K_REFERENCE * reference.drift_uncertainty) ** 2
    residual = _residual_variance(result, reference)
    if residual is None:
        denominator2 = big_u_x2 + (K_REFERENCE * reference.estimator_uncertainty) ** 2 + big_u_drift2
    else:
        # U²ₓ − (2u(y))² written as (k² − 4)·u²(x) + 4·(u²(x) − u²(y)): exact for k = 2 and free of
        # the cancellation a dominant result would cause.
        k_excess = big_u_x2 - (K_REFERENCE * result.standard_uncertainty) ** 2
        denominator2 = k_excess + K_REFERENCE**2 * residual + big_u_drift2
    if denominator2 <= 0:
        return None
    return d / math.sqrt(denominator2)


def zeta_score(result: LabResult, reference: ReferenceValue) -> float:
    """ζ = (x − X)/√(u²(x) + u²(X)) with standard uncertainties (ISO 13528:2015 §9.6; NIST Dataplot
    zetascor.htm). No correlation term: the ISO definition assumes independence.

    >>> round(zeta_score(LabResult("A", 10.05, 0.06, k=2), ReferenceValue("assigned", 10.0, 0.04)), 9)
    1.0
    """
    return (result.value - reference.value) / math.hypot(
        result.standard_uncertainty, reference.standard_uncertainty
    )


def z_score(result: LabResult, reference: ReferenceValue, sigma_pt: float) -> float:
    """z = (x − X)/σ_pt (ISO 13528:2015 §9.4; NIST Dataplot zscore.htm).

    >>> z_score(LabResult("A", 10.5, 0.1), ReferenceValue("mean", 10.0, 0.1), 0.25)
    2.0
    """
    if not (math.isfinite(sigma_pt) and sigma_pt > 0):
        raise ValueError(f"sigma_pt must be positive, got {sigma_pt}")
    return (result.value - reference.value) / sigma_pt


def classify_en(en: float) -> Status:
    """|Eₙ| ≤ 1 satisfactory, otherwise unsatisfactory (ISO 13528:2015 §9.7; NIST Dataplot enscore.htm).

    >>> classify_en(1.0), classify_en(-1.01)
    ('satisfactory', 'unsatisfactory')
    """
    return "satisfactory" if abs(en) <= 1 else "unsatisfactory"


def classify_z(z: float) -> Status:
    """|z| ≤ 2 satisfactory, 2 < |z| < 3 questionable, |z| ≥ 3 unsatisfactory (ISO 13528:2015 §9.4).

    Exactly 3.0 counts as unsatisfactory (reference/domain.md §2.3 notes this boundary is unconfirmed).

    >>> classify_z(2.0), classify_z(-2.5), classify_z(3.0)
    ('satisfactory', 'questionable', 'unsatisfactory')
    """
    magnitude = abs(z)
    if magnitude <= 2:
        return "satisfactory"
    return "questionable" if magnitude < 3 else "unsatisfactory"


# --- the whole evaluation ---------------------------------------------------------------------------


def _reference(
    results: Sequence[LabResult],
    method: str,
    assigned: AssignedValue | None,
    exclude_discrepant: bool,
    stopping: Stopping,
) -> ReferenceValue:
    if method == "assigned":
        if assigned is None:
            raise ValueError("method 'assigned' needs the pilot laboratory's assigned value")
        _check_results(results, minimum=1)
        return reference_assigned(assigned)
    if assigned is not None:
        raise ValueError(f"an assigned value is only used by method 'assigned', not {method!r}")
    if method == "weighted-mean":
        return reference_weighted_mean(results, exclude_discrepant=exclude_discrepant)
    if method == "mean":
        return reference_mean(results)
    if method == "median":
        return reference_median(results)
    if method == "algorithm-a":
        return reference_algorithm_a(results, stopping=stopping)
    raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def evaluate(
    results: Sequence[LabResult],
    method: str,
    assigned: AssignedValue | None = None,
    sigma_pt: float | None = None,
    exclude_discrepant: bool = False,
    drift: float | None = None,
    *,
    stopping: Stopping = "tolerance",
) -> Evaluation:
    """Evaluate one comparison: the reference value by ``method`` and every laboratory's d, U(d), Eₙ, z, ζ.

    ``sigma_pt`` (σ_pt, ISO 13528:2015 §8) enables z; ``drift`` adds the travelling standard's
    instability to u(X) (:func:`with_drift`); ``exclude_discrepant`` applies to the weighted mean only,
    ``stopping`` to Algorithm A only (:func:`algorithm_a`).
    The status is judged on z when σ_pt is given — z is the score a proficiency-testing provider sets its
    criterion with — and on Eₙ otherwise, the usual criterion of calibration comparisons (JJF 1117-2010).
    Raises ValueError naming the problem for invalid input.

    >>> results = [LabResult("A", 10.01, 0.02), LabResult("B", 9.99, 0.02), LabResult("C", 10.10, 0.02)]
    >>> ev = evaluate(results, "weighted-mean", exclude_discrepant=True)
    >>> round(ev.reference.value, 6), ev.reference.excluded, [s.status for s in ev.labs]
    (10.0, ('C',), ['satisfactory', 'satisfactory', 'unsatisfactory'])
    """
    if sigma_pt is not None and not (math.isfinite(sigma_pt) and sigma_pt > 0):
        raise ValueError(f"sigma_pt must be positive, got {sigma_pt}")
    reference = _reference(results, method, assigned, exclude_discrepant, stopping)
    if drift is not None:
        reference = with_drift(reference, drift)
    scores = []
    for r in results:
        d, big_u_d = degree_of_equivalence(r, reference)
        en = en_score(r, reference)
        z = None if sigma_pt is None else z_score(r, reference, sigma_pt)
        # z, when σ_pt is given, takes precedence over Eₙ (see the docstring).
        status: Status | None = classify_z(z) if z is not None else (None if en is None else classify_en(en))
        scores.append(
            LabScore(
                lab=r.lab,
                value=r.value,
                d=d,
                d_expanded_uncertainty=big_u_d,
                en=en,
                z=z,
                zeta=zeta_score(r, reference),
                status=status,
                contributed=_residual_variance(r, reference) is not None,
            )
        )
    return Evaluation(method=reference.method, reference=reference, labs=tuple(scores), sigma_pt=sigma_pt)
