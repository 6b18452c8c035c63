"""OpenID Connect needs no change to the tables: DOT's models already carry what
it uses (a code's `nonce` and `claims`, the ID token rows), and every app signs
with the server's RS256 key whatever its `algorithm` column says
(oauthapps.oidc.validator), so no row needs migrating either. Kept, empty, as the
point later migrations depend on."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("oauthapps", "0002_client_secret_overlap"),
    ]

    operations = []
