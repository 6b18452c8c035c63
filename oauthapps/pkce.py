"""PKCE_REQUIRED, decided per client (RFC 9700 section 2.1.1).

A public client must use PKCE. A confidential client may follow the spec's
plain authorization-code flow (its secret authenticates the exchange), but
once it sends a code_challenge, the verifier is checked like anyone's.
"""


def pkce_required(client_id: str) -> bool:
    from oauth2_provider.models import get_application_model

    Application = get_application_model()
    confidential = Application.objects.filter(
        client_id=client_id, client_type=Application.CLIENT_CONFIDENTIAL
    ).exists()
    return not confidential
