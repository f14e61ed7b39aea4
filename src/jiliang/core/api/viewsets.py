"""The base of every resource viewset: queryset from a selector, writes through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response


def writes_schema(input_serializer: Any, output_serializer: Any) -> Any:
    """Class decorator documenting create / update as "input serializer in, output serializer out" — what
    ``ServiceViewSet`` does when ``input_serializer_class`` differs from ``serializer_class``."""
    schema = extend_schema(request=input_serializer, responses=output_serializer)
    return extend_schema_view(create=schema, update=schema, partial_update=schema)


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """List / retrieve through ``list_selector``; create / update validate ``input_serializer_class`` and
    call ``create_service`` / ``update_service``; no deletes (regulatory records are never deleted).

    The response is the output ``serializer_class`` of the stored object.
    """

    list_selector: Callable[..., models.QuerySet[Any]]
    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    input_serializer_class: type[serializers.Serializer[Any]] | None = None
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> models.QuerySet[Any]:
        return type(self).list_selector(user=self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"create", "update", "partial_update"} and self.input_serializer_class:
            return self.input_serializer_class
        return super().get_serializer_class()

    def _output(self, obj: Any, code: int) -> Response:
        out = self.serializer_class(obj, context=self.get_serializer_context())  # type: ignore[misc]
        return Response(out.data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if type(self).create_service is None:
            return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = type(self).create_service(actor=request.user, data=serializer.validated_data)  # type: ignore[misc]
        return self._output(obj, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if type(self).update_service is None:
            return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)
        instance = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        obj = type(self).update_service(  # type: ignore[misc]
            actor=request.user, instance=instance, data=serializer.validated_data
        )
        return self._output(obj, status.HTTP_200_OK)
