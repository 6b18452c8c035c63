from accounts.models import User


def test_create_user_takes_email_password_and_extra_fields(db):
    user = User.objects.create_user("Gina@Example.com", password="s3cret-pass", name="Gina")

    assert user.email == "gina@example.com"
    assert user.name == "Gina"
    assert user.check_password("s3cret-pass")
    assert user.public_id.startswith("usr_") and len(user.public_id) == 24


def test_create_user_without_password_cannot_log_in(db):
    user = User.objects.create_user("hal@example.com")

    assert not user.has_usable_password()
