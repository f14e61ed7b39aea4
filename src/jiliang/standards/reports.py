"""Trace results as plain data: the JSON of ``jiliang trace check`` and the API, and the tree the chain
pages draw. One shape for all three, so the page, the API and the CLI always agree."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiliang.kernels import traceability as kernel

REASON_LABELS = {
    kernel.CERTIFICATE_LAPSED: _("calibration certificate not in force"),
    kernel.HIGHER_NOT_APPROVED: _("the calibrating standard had no approval certificate in force"),
    kernel.HIGHER_SUSPENDED: _("the calibrating standard was suspended or retired"),
    kernel.HIGHER_INVALID_AT_CALIBRATION: _("the calibrating standard was not valid on the calibration date"),
    kernel.RATIO_EXCEEDED: _("uncertainty ratio exceeded"),
    kernel.MISSING: _("missing link: no recorded calibration and not an accepted root"),
    kernel.UNKNOWN_ITEM: _("the calibrating item is not in the registry"),
    kernel.CYCLE: _("cycle: the chain returns to an item already on it"),
    kernel.NOT_APPROVED: _("no approval certificate in force"),
    kernel.SUSPENDED: _("suspended or retired"),
}


def reason_dict(reason: kernel.Reason) -> dict[str, str]:
    label = REASON_LABELS.get(reason.code)
    return {"code": reason.code, "label": str(label) if label else reason.code, "detail": reason.detail}


def link_dict(link: kernel.LinkVerdict, labels: dict[str, str] | Any) -> dict[str, Any]:
    edge = link.edge
    return {
        "lower": link.lower,
        "lower_label": labels.get(link.lower, link.lower),
        "higher": link.higher,
        "higher_label": labels.get(link.higher, link.higher) if link.higher else None,
        "certificate": edge.certificate if edge else None,
        "calibrated_on": edge.valid.start.isoformat() if edge and edge.valid.start else None,
        "valid_until": edge.valid.end.isoformat() if edge and edge.valid.end else None,
        "link_id": edge.ref if edge else None,
        "in_force": link.in_force,
        "ratio": float(link.ratio) if link.ratio is not None else None,
        "ratio_ok": link.ratio_ok,
        "broken": link.broken,
        "reasons": [reason_dict(r) for r in link.reasons],
    }


def _tree(nodes: tuple[kernel.TreeLink, ...], labels: Any) -> list[dict[str, Any]]:
    return [{"link": link_dict(n.verdict, labels), "children": _tree(n.children, labels)} for n in nodes]


def trace_dict(result: kernel.TraceResult) -> dict[str, Any]:
    """A trace result as JSON-ready data: the verdict, every chain (item first, root last) and the tree."""
    labels = result.labels
    first = result.first_broken
    return {
        "subject": result.start,
        "subject_label": labels.get(result.start, result.start),
        "as_of": result.day.isoformat(),
        "max_ratio": str(result.max_ratio),
        "holds": result.holds,
        "subject_problems": [reason_dict(r) for r in result.start_reasons],
        "first_broken": link_dict(first, labels) if first is not None else None,
        "chains": [
            {
                "holds": chain.holds,
                "root": chain.root,
                "root_label": labels.get(chain.root) if chain.root else None,
                "first_broken": link_dict(chain.first_broken, labels) if chain.first_broken else None,
                "links": [link_dict(link, labels) for link in chain.links],
            }
            for chain in result.chains
        ],
        "tree": _tree(result.tree, labels),
        "truncated": result.truncated,
    }


def trace_text(result: kernel.TraceResult) -> str:
    """The tree as indented text (the CLI without --json)."""
    labels = result.labels
    verdict = gettext("holds") if result.holds else gettext("BROKEN")
    lines = [f"{labels.get(result.start, result.start)} — {result.day} — {verdict}"]
    lines += [f"  ! {r.detail}" for r in result.start_reasons]

    def draw(nodes: tuple[kernel.TreeLink, ...], depth: int) -> None:
        for node in nodes:
            link = node.verdict
            mark = "✗" if link.broken else "✓"
            if link.edge is None:
                lines.append(f"{'  ' * depth}└ {mark} {gettext('missing link')}")
            else:
                edge = link.edge
                ratio = f", ratio {float(link.ratio):.3g}" if link.ratio is not None else ""
                lines.append(
                    f"{'  ' * depth}└ {mark} {labels.get(link.higher or '', link.higher)} "
                    f"[{edge.certificate} {edge.valid.start or ''}–{edge.valid.end or ''}{ratio}]"
                )
            lines.extend(f"{'  ' * depth}    ! {r.detail}" for r in link.reasons)
            draw(node.children, depth + 1)

    draw(result.tree, 1)
    return "\n".join(lines)
