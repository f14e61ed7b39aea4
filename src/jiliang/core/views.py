"""Generic list / detail / create / edit / history / import views, declared once per model.

An app declares an :class:`ObjectViews` (model, selectors, filter set, columns, form, services, import
spec) and includes ``.urls()``; every page then works the same way: lists filter and paginate with the
same FilterSet the API uses and export to CSV / XLSX, forms call the create / update service, and the
history page lists the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.loader import select_template
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views import View

from jiliang.core.audit import audit_history
from jiliang.core.exporting import EXPORT_FORMATS, export_response
from jiliang.core.importing import (
    CellError,
    ImportSpec,
    import_rows,
    read_table,
    template_rows,
    template_xlsx,
)
from jiliang.core.panels import panels_render
from jiliang.core.rights import actor_role, rights_of
from jiliang.core.tables import Column, prefetch_paths

PAGE_SIZE = 50


@dataclass
class ObjectViews:
    """The pages of one model. ``list_selector(user=)`` and ``get_selector(user=, pk=)`` apply scoping."""

    model: type[models.Model]
    namespace: str
    prefix: str
    list_selector: Callable[..., models.QuerySet[Any]]
    get_selector: Callable[..., Any]
    columns: Sequence[Column]
    filterset_class: type | None = None
    detail_columns: Sequence[Column] = ()
    form_class: type[forms.ModelForm[Any]] | None = None
    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    import_spec: ImportSpec | None = None
    may_create: Callable[[Any], bool] = field(default=lambda user: True)
    #: More context for the detail page (e.g. a standard's traceability tree): (request, object) → dict.
    detail_context: Callable[[HttpRequest, Any], dict[str, Any]] | None = None
    #: Where the pages sit below the app's URLs: ``"<prefix>/"`` unless given ("" for an app's main object,
    #: e.g. /comparisons/<pk>/); the URL names keep ``prefix``.
    path_root: str | None = None

    def url_name(self, action: str) -> str:
        return f"{self.namespace}:{self.prefix}_{action}"

    def urls(self) -> list[URLPattern]:
        root = f"{self.prefix}/" if self.path_root is None else self.path_root
        pages: list[tuple[str, type[View], str]] = [
            ("", ObjectListView, "list"),
            ("<int:pk>/", ObjectDetailView, "detail"),
            ("<int:pk>/history/", ObjectHistoryView, "history"),
        ]
        if self.create_service and self.form_class:
            pages.append(("add/", ObjectEditView, "add"))
        if self.update_service and self.form_class:
            pages.append(("<int:pk>/edit/", ObjectEditView, "edit"))
        if self.import_spec:
            pages.append(("import/", ObjectImportView, "import"))
        return [
            path(f"{root}{route}", view.as_view(spec=self), name=f"{self.prefix}_{action}")
            for route, view, action in pages
        ]

    def context(self, request: HttpRequest) -> dict[str, Any]:
        meta = self.model._meta
        names = {"list": self.url_name("list")}
        if self.create_service and self.form_class and self.may_create(request.user):
            names["add"] = self.url_name("add")
        if self.import_spec and self.may_create(request.user):
            names["import"] = self.url_name("import")
        return {
            "spec": self,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "urls": {k: reverse(v) for k, v in names.items()},
        }

    def templates(self, action: str) -> list[str]:
        meta = self.model._meta
        return [f"{meta.app_label}/{meta.model_name}_{action}.html", f"core/object_{action}.html"]


class _SpecView(View):
    spec: ObjectViews = None  # type: ignore[assignment]

    def render(
        self, request: HttpRequest, action: str, context: dict[str, Any], status: int = 200
    ) -> HttpResponse:
        template = select_template(self.spec.templates(action))
        return HttpResponse(
            template.render({**self.spec.context(request), **context}, request), status=status
        )


class ObjectListView(_SpecView):
    """Filtered, paginated list; ``?export=csv|xlsx`` downloads the filtered rows."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        spec = self.spec
        queryset = spec.list_selector(user=request.user)
        related = prefetch_paths(list(spec.columns))
        if related:
            queryset = queryset.select_related(*related)
        filterset = None
        if spec.filterset_class:
            filterset = spec.filterset_class(request.GET, queryset=queryset, request=request)
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return export_response(
                columns=spec.columns,
                objects=queryset.iterator(chunk_size=2000),
                fmt=fmt,
                filename=spec.prefix,
            )
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [
            {
                "url": reverse(spec.url_name("detail"), args=[obj.pk]),
                "cells": [c.value(obj) for c in spec.columns],
            }
            for obj in page.object_list
        ]
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            "list",
            {
                "filterset": filterset,
                "page": page,
                "rows": rows,
                "columns": spec.columns,
                "query": query.urlencode(),
            },
        )


class ObjectDetailView(_SpecView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        spec = self.spec
        obj = spec.get_selector(user=request.user, pk=pk)
        fields = [(c.label, c.value(obj)) for c in (spec.detail_columns or spec.columns)]
        edit_url = (
            reverse(spec.url_name("edit"), args=[pk]) if spec.update_service and spec.form_class else None
        )
        return self.render(
            request,
            "detail",
            {
                "object": obj,
                "fields": fields,
                "edit_url": edit_url,
                "history_url": reverse(spec.url_name("history"), args=[pk]),
                "panels": panels_render(request, obj),
                **(spec.detail_context(request, obj) if spec.detail_context else {}),
            },
        )


class ObjectHistoryView(_SpecView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        obj = self.spec.get_selector(user=request.user, pk=pk)
        entries = Paginator(audit_history(instance=obj), PAGE_SIZE).get_page(request.GET.get("page"))
        return self.render(request, "history", {"object": obj, "entries": entries})


class ObjectEditView(_SpecView):
    """Create (no pk) or edit (pk) through the model's form and service; service errors land on the form."""

    def _instance(self, request: HttpRequest, pk: int | None) -> Any:
        return self.spec.get_selector(user=request.user, pk=pk) if pk else None

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
        assert self.spec.form_class is not None
        instance = self._instance(request, pk)
        initial = request.GET.dict() if instance is None else {}  # e.g. ?instrument=42 from a detail page
        form = self.spec.form_class(instance=instance, initial=initial, **self._form_kwargs(request))
        _restrict(form, request.user, creating=instance is None)
        return self.render(request, "edit", {"form": form, "object": instance})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
        spec = self.spec
        assert spec.form_class is not None
        instance = self._instance(request, pk)
        form = spec.form_class(request.POST, request.FILES, instance=instance, **self._form_kwargs(request))
        _restrict(form, request.user, creating=instance is None)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k in form.fields}
            try:
                if instance is None:
                    assert spec.create_service is not None
                    obj = spec.create_service(actor=request.user, data=data)
                    messages.success(request, _("Created %s.") % obj)
                else:
                    assert spec.update_service is not None
                    obj = spec.update_service(actor=request.user, instance=instance, data=data)
                    messages.success(request, _("Saved %s.") % obj)
                return HttpResponseRedirect(reverse(spec.url_name("detail"), args=[obj.pk]))
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("Permission denied."))
        return self.render(request, "edit", {"form": form, "object": instance}, status=400)

    def _form_kwargs(self, request: HttpRequest) -> dict[str, Any]:
        return {"user": request.user} if getattr(self.spec.form_class, "takes_user", False) else {}


def _restrict(form: forms.BaseForm, user: Any, *, creating: bool) -> None:
    """Show the fields the user's role may not write (core.rights) as read-only: their stored value is
    kept whatever is posted, and the service refuses them on every other path too."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    rights = rights_of(model) if model is not None else None
    if rights is None:
        return
    for name in rights.refused(actor_role(user), form.fields, creating=creating):
        form.fields[name].disabled = True
        form.fields[name].help_text = _("Changed by the bureau or county only.")


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ObjectImportView(_SpecView):
    """Upload a CSV / XLSX file; all rows are saved, or none and a report of each bad row."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        spec = self.spec.import_spec
        assert spec is not None
        fmt = request.GET.get("template")
        if fmt == "xlsx":
            response = HttpResponse(
                template_xlsx(spec),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{spec.name}-template.xlsx"'
            return response
        if fmt == "csv":
            return export_response(
                columns=[Column(accessor=itemgetter(i), label=c.name) for i, c in enumerate(spec.columns)],
                objects=list(template_rows(spec))[1:],
                fmt="csv",
                filename=f"{spec.name}-template",
            )
        return self.render(request, "import", {"import_spec": spec})

    def post(self, request: HttpRequest) -> HttpResponseBase:
        spec = self.spec.import_spec
        assert spec is not None
        upload = request.FILES.get("file")
        if upload is None:
            return self.render(
                request, "import", {"import_spec": spec, "file_error": _("Choose a file.")}, status=400
            )
        try:
            table = read_table(upload.read(), upload.name or "")
        except CellError as exc:
            return self.render(request, "import", {"import_spec": spec, "file_error": str(exc)}, status=400)
        report = import_rows(spec=spec, actor=request.user, table=table)
        if report.ok:
            messages.success(request, _("Imported %d rows.") % report.created)
            return HttpResponseRedirect(reverse(self.spec.url_name("list")))
        return self.render(request, "import", {"import_spec": spec, "report": report}, status=400)
