"""Panels that an app higher in the layer order adds to another app's detail page.

A lower app cannot import a higher one (e.g. standards cannot read comparisons), yet a standard's page
should show its comparison history. The higher app registers a panel for the lower app's model in its
``AppConfig.ready``; ``ObjectDetailView`` renders every panel registered for the object's model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Panel:
    template: str
    #: (request, object) → the template's context, or None to show nothing.
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


_PANELS: dict[type[models.Model], list[Panel]] = {}


def panel_register(model: type[models.Model], panel: Panel) -> None:
    if panel not in _PANELS.setdefault(model, []):
        _PANELS[model].append(panel)


def panels_render(request: HttpRequest, obj: models.Model) -> list[SafeString]:
    rendered = []
    for panel in _PANELS.get(type(obj), []):
        context = panel.context(request, obj)
        if context is not None:
            rendered.append(mark_safe(render_to_string(panel.template, {"object": obj, **context}, request)))
    return rendered
