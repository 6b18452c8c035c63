"""/v1/emails: the messages a user sends through Coherence (scopes email:read, email:send)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.verification import UNVERIFIED_MESSAGE
from api.emails import email_send, emails_sent
from api.models import Email
from api.pagination import ListParamsSerializer, page_response, page_serializer
from api.principal import principal_of
from api.schema import error_response
from api.serializers import StrictBodySerializer, data_serializer


class EmailSerializer(serializers.Serializer[Email]):
    id = serializers.CharField(source="public_id", read_only=True, help_text="msg_...")
    to = serializers.EmailField(read_only=True)
    subject = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    status = serializers.ChoiceField(
        choices=Email.Status.choices,
        read_only=True,
        help_text="sent; failed (the mail server refused it or timed out); queued; "
        "kept (test mode, never delivered).",
    )
    sent_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When it was handed to the mail server; null in test mode.",
    )
    failed_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When delivery failed; null unless status is failed.",
    )


class EmailSendSerializer(StrictBodySerializer):
    to = serializers.EmailField()
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=100_000, trim_whitespace=False)

    def validate_subject(self, value: str) -> str:
        if "\n" in value or "\r" in value:
            raise serializers.ValidationError("The subject must be a single line.")
        return value


EmailResponseSerializer = data_serializer("EmailResponseSerializer", EmailSerializer)


EmailListResponseSerializer = page_serializer("EmailListResponseSerializer", EmailSerializer)


@extend_schema(tags=["emails"])
@extend_schema_view(
    get=extend_schema(
        operation_id="emails_list",
        summary="List the emails you sent through the API, newest first",
        parameters=[ListParamsSerializer],
        responses=EmailListResponseSerializer,
    ),
    post=extend_schema(
        operation_id="emails_send",
        summary="Send an email on your behalf (test mode keeps it without sending)",
        request=EmailSendSerializer,
        responses={
            201: EmailResponseSerializer,
            503: error_response(
                "The mail server refused the message or did not answer within EMAIL_TIMEOUT "
                "(service_unavailable). The message is kept with status failed; retry later."
            ),
        },
    ),
)
class EmailListView(APIView):
    required_grants = {"GET": ("email:read",), "POST": ("email:send",)}

    def get(self, request: Request) -> Response:
        params = ListParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = params.page(emails_sent(principal=principal_of(request)))
        return page_response(page, EmailSerializer)

    def post(self, request: Request) -> Response:
        principal = principal_of(request)
        if not principal.user.email_verified:
            # The platform's sender is not lent to an address nobody has proven.
            raise exceptions.PermissionDenied(UNVERIFIED_MESSAGE, code="email_unverified")
        body = EmailSendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        email = email_send(principal=principal, **body.validated_data)
        return Response({"data": EmailSerializer(email).data}, status=status.HTTP_201_CREATED)
