import secrets

from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import user_signup

DEMO_EMAIL = "demo@example.com"


class Command(BaseCommand):
    help = "Create the demo user for local development, once, and print how to log in."

    def handle(self, *args, **options):
        if User.objects.filter(email=DEMO_EMAIL).exists():
            self.stdout.write(f"Demo user: {DEMO_EMAIL} (password printed on the first run)")
            return
        password = secrets.token_urlsafe(12)
        user_signup(email=DEMO_EMAIL, password=password, name="Demo User")
        self.stdout.write(self.style.SUCCESS("Created a demo user. Log in with:"))
        self.stdout.write(f"  email:    {DEMO_EMAIL}")
        self.stdout.write(f"  password: {password}")
