from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User, Workspace
from accounts.selectors import workspace_for_user
from apikeys.services import key_create
from audit.services import AuditContext

ENVIRONMENTS = {"live": True, "test": False}
# The model's field names, as the operator typed them.
OPTION_NAMES = {"name": "--name", "permissions": "--permissions", "allowed_ips": "--allowed-ip"}


def describe_validation_error(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(
        f"{OPTION_NAMES.get(field, field)}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )


class Command(BaseCommand):
    help = (
        "Create an API key for a user and print it. The key is the last line of "
        "the output and is shown only this once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, metavar="EMAIL")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--permissions",
            required=True,
            metavar="read,write,delete,admin",
            help="Comma-separated; admin implies the other three.",
        )
        parser.add_argument("--environment", required=True, metavar="live|test")
        parser.add_argument(
            "--allowed-ip",
            action="append",
            default=[],
            dest="allowed_ips",
            metavar="CIDR",
            help="An address or range the key may be used from; repeat for more. "
            "Without it, anywhere.",
        )
        parser.add_argument(
            "--workspace",
            metavar="WORKSPACE",
            help="Another of the user's workspaces, by id (ws_...) or exact name. "
            "Defaults to their own (the first they own).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        livemode = self._livemode(options["environment"])
        workspace = self._workspace(user, options["workspace"])
        permissions = [p.strip() for p in options["permissions"].split(",") if p.strip()]
        try:
            key, raw = key_create(
                workspace=workspace,
                actor=user,
                name=options["name"],
                livemode=livemode,
                permissions=permissions,
                allowed_ips=options["allowed_ips"],
                context=AuditContext.from_command("create_api_key"),
            )
        except ValidationError as error:
            raise CommandError(describe_validation_error(error)) from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Created API key “{key.name}” ({key.public_id}, {key.hint})")
        self.stdout.write(f"  workspace:   {workspace.name} ({workspace.public_id})")
        self.stdout.write(f"  environment: {key.environment}")
        self.stdout.write(f"  permissions: {', '.join(key.permissions)}")
        self.stdout.write(f"  allowed IPs: {', '.join(key.allowed_ips) or 'anywhere'}")
        self.stdout.write("It is shown only this once: store it securely.")
        self.stdout.write(raw)

    def _user(self, email: str) -> User:
        user = User.objects.filter(email=User.objects.normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No user with the email address “{email}”.")
        if not user.is_active:
            raise CommandError(f"The user {user.email} is deactivated; their keys would not work.")
        return user

    def _livemode(self, environment: str) -> bool:
        if environment not in ENVIRONMENTS:
            raise CommandError(f"Unknown environment “{environment}”: use live or test.")
        return ENVIRONMENTS[environment]

    def _workspace(self, user: User, wanted: str | None) -> Workspace:
        if wanted is None:
            workspace = workspace_for_user(user)
            if workspace is None:
                raise CommandError(f"{user.email} is not a member of any workspace.")
            return workspace
        theirs = Workspace.objects.filter(memberships__user=user)
        matches = list(theirs.filter(public_id=wanted)) or list(theirs.filter(name=wanted))
        if not matches:
            raise CommandError(f"{user.email} is not a member of a workspace “{wanted}”.")
        if len(matches) > 1:
            ids = ", ".join(w.public_id for w in matches)
            raise CommandError(f"{user.email} has several workspaces named “{wanted}”: {ids}.")
        return matches[0]
