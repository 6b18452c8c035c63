"""The security events the product records, named for people.

An action is a dotted code (`api_key.created`); the part before the dot is its
category, which is also how the pages and the API filter events (a prefix).
An action not listed here still shows, under its code.
"""

CATEGORIES = {
    "api_key.": "API keys",
    "oauth_app.": "Developer apps",
    "oauth.": "Authorizations",
    "user.": "Sign-ins",
    "member.": "Team",
    "workspace.": "Workspace",
}

LABELS = {
    "api_key.created": "API key created",
    "api_key.updated": "API key changed",
    "api_key.rolled": "API key rolled",
    "api_key.revoked": "API key revoked",
    "api_key.leaked": "API key found in public",
    "oauth_app.created": "OAuth app registered",
    "oauth_app.updated": "OAuth app changed",
    "oauth_app.secret_rotated": "OAuth app secret rotated",
    "oauth_app.previous_secret_revoked": "OAuth app previous secret revoked",
    "oauth_app.deleted": "OAuth app deleted",
    "oauth_app.first_party_changed": "OAuth app first-party status changed",
    "oauth.authorized": "App authorized",
    "oauth.device_denied": "Device sign-in denied",
    "oauth.authorization_revoked": "App authorization revoked",
    "oauth.code_reused": "Authorization code reused",
    "oauth.refresh_token_reused": "Refresh token reused",
    "oauth.tokens_revoked": "OAuth tokens revoked by staff",
    "user.login": "Signed in",
    "user.login_failed": "Failed sign-in",
    "user.login_throttled": "Sign-in refused: too many failures",
    "user.password_changed": "Password changed",
    "user.password_reset": "Password reset by email",
    "user.email_verified": "Email address verified",
    "user.mfa_enabled": "Two-factor authentication enabled",
    "user.mfa_disabled": "Two-factor authentication disabled",
    "user.recovery_codes_regenerated": "Recovery codes regenerated",
    "member.invited": "Member invited",
    "member.invitation_resent": "Invitation resent",
    "member.invitation_revoked": "Invitation revoked",
    "member.joined": "Member joined",
    "member.left": "Member left",
    "member.role_changed": "Member's role changed",
    "member.removed": "Member removed",
    "workspace.created": "Workspace created",
    "workspace.renamed": "Workspace renamed",
    "workspace.ownership_transferred": "Workspace ownership transferred",
    "workspace.deleted": "Workspace deleted",
}

# Worth a second look when scanning the list.
ALARMING = {
    "api_key.revoked",
    "oauth.code_reused",
    "oauth.refresh_token_reused",
    "api_key.leaked",
    "oauth_app.first_party_changed",
    "user.login_failed",
    "user.login_throttled",
    "user.mfa_disabled",
}


def action_label(action: str) -> str:
    return LABELS.get(action) or action.replace("_", " ").replace(".", ": ").capitalize()


# A select's choices: (value, label), or (group label, [(value, label), ...]).
Choices = list[tuple[str, str | list[tuple[str, str]]]]


def action_choices() -> Choices:
    """For a filter select: each category, then its actions, grouped."""
    choices: Choices = [("", "All events")]
    for prefix, category in CATEGORIES.items():
        actions = [(code, label) for code, label in LABELS.items() if code.startswith(prefix)]
        choices.append((category, [(prefix, f"{category} (all)"), *actions]))
    return choices
