import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accounts.models import User
from accounts.selectors import workspace_for_user
from accounts.services import user_signup
from accounts.signals import report

DEMO_EMAIL = "demo@example.com"
RESET_HINT = (
    "Lost it? `.venv/bin/python manage.py ensure_demo_user --reset-password` prints a new one."
)


class Command(BaseCommand):
    help = (
        "Create the demo user for local development, once, and print how to log in; "
        "--reset-password gives it a new password and prints that."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set a new random password for the demo user and print it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user_signup(email=DEMO_EMAIL, password=password, name="Demo User")
            self._print_login("Created a demo user. Log in with:", password)
        elif options["reset_password"]:
            self._print_login("New demo password. Log in with:", _reset_password(user))
        else:
            self.stdout.write(f"Demo user: {DEMO_EMAIL} (password printed on the first run)")
            self.stdout.write(RESET_HINT)

    def _print_login(self, heading: str, password: str) -> None:
        self.stdout.write(self.style.SUCCESS(heading))
        self.stdout.write(f"  email:    {DEMO_EMAIL}")
        self.stdout.write(f"  password: {password}")
        self.stdout.write(RESET_HINT)


@transaction.atomic
def _reset_password(user: User) -> str:
    """A new password, recorded like any other password change: the printed password
    is the only copy, and whoever signed in with the old one is signed out."""
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save(update_fields=["password"])
    report(
        "user.password_changed",
        actor=user,
        workspace=workspace_for_user(user),
        target=user,
        target_label=user.email,
        metadata={"via": "ensure_demo_user --reset-password"},
    )
    return password
