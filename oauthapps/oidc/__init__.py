"""OpenID Connect ("Sign in with Coherence") on django-oauth-toolkit's own support.

- `keys`: the RS256 keys that sign ID tokens, read when the settings load.
- `claims`: what an ID token and /oauth/userinfo say about the user, per scope.
- `server`: the oauthlib server with the OpenID Connect code flow added.
- `views`: discovery and RP-initiated logout, as this server offers them.

docs/oidc.md is the operator's side: the endpoints, the key and its rotation.
"""
