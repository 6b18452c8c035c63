"""/v1/modules/<module>/records and /v1/modules/<module>/records/<id>.

Permissions come from the default HasGrant mapping (GET read, POST and PATCH
write, DELETE delete); every read and write is scoped by the selectors to the
principal's workspace and mode, so a test key never touches a live row.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import Module, Record
from api.pagination import ListParamsSerializer, page_response
from api.principal import Principal, principal_of
from api.records import selectors, services
from api.records.serializers import (
    RecordCreateSerializer,
    RecordListResponseSerializer,
    RecordResponseSerializer,
    RecordSerializer,
    RecordUpdateSerializer,
)
from api.schema import list_operation

MODULE_PARAMETER = OpenApiParameter(
    "module", str, OpenApiParameter.PATH, description="The module's slug, e.g. `contacts`."
)
RECORD_PARAMETER = OpenApiParameter(
    "record_id", str, OpenApiParameter.PATH, description="The record's id, `rec_...`."
)


class ModuleScopedView(APIView):
    @property
    def principal(self) -> Principal:
        return principal_of(self.request)

    def get_module(self, slug: str) -> Module:
        module = selectors.module_get(principal=self.principal, slug=slug)
        if module is None:
            raise NotFound("Module not found")
        return module

    def get_record(self, slug: str, record_id: str) -> Record:
        module = self.get_module(slug)
        record = selectors.record_get(principal=self.principal, module=module, record_id=record_id)
        if record is None:
            raise NotFound("Record not found")
        return record


def one(record: Record, status_code: int = status.HTTP_200_OK) -> Response:
    return Response({"data": RecordSerializer(record).data}, status=status_code)


@extend_schema(tags=["records"], parameters=[MODULE_PARAMETER])
@extend_schema_view(
    get=list_operation("records_list", "List records, newest first", RecordListResponseSerializer),
    post=extend_schema(
        operation_id="records_create",
        summary="Create a record",
        request=RecordCreateSerializer,
        responses={201: RecordResponseSerializer},
    ),
)
class RecordListView(ModuleScopedView):
    # The module and record are found before the input is read: a missing one is a
    # 404 whatever the request carries.
    def get(self, request: Request, module: str) -> Response:
        params = ListParamsSerializer(data=request.query_params)
        if not params.is_valid():
            self.get_module(module)  # an unknown module is a 404 before a bad parameter
            raise ValidationError(params.errors)
        # The module is joined, not fetched first; only an empty page asks whether it exists.
        records = selectors.record_list_by_slug(principal=self.principal, slug=module)
        page = params.page(records)
        if not page.items and not selectors.module_exists(principal=self.principal, slug=module):
            raise NotFound("Module not found")
        return page_response(page, RecordSerializer)

    def post(self, request: Request, module: str) -> Response:
        found = self.get_module(module)
        body = RecordCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.record_create(
            module=found,
            livemode=self.principal.livemode,
            fields=body.validated_data["fields"],
        )
        return one(record, status.HTTP_201_CREATED)


@extend_schema(tags=["records"], parameters=[MODULE_PARAMETER, RECORD_PARAMETER])
@extend_schema_view(
    get=extend_schema(
        operation_id="records_retrieve",
        summary="Retrieve a record",
        responses=RecordResponseSerializer,
    ),
    patch=extend_schema(
        operation_id="records_update",
        summary="Update a record's fields (merged)",
        request=RecordUpdateSerializer,
        responses=RecordResponseSerializer,
    ),
    delete=extend_schema(
        operation_id="records_delete", summary="Delete a record", responses={204: None}
    ),
)
class RecordDetailView(ModuleScopedView):
    def get(self, request: Request, module: str, record_id: str) -> Response:
        return one(self.get_record(module, record_id))

    def patch(self, request: Request, module: str, record_id: str) -> Response:
        record = self.get_record(module, record_id)
        body = RecordUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return one(services.record_update(record=record, fields=body.validated_data["fields"]))

    def delete(self, request: Request, module: str, record_id: str) -> Response:
        services.record_delete(record=self.get_record(module, record_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
