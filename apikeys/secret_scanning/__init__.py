"""POST /v1/secret-scanning/reports: GitHub tells us where our keys leaked.

GitHub's secret scanning partner program finds strings shaped like our keys
in public repositories, gists and npm packages, and posts them here, signed
with ECDSA P-256 over the raw body (`signatures`). Every real key among them
is revoked at once, and its creator and the workspace's owners are told
(`services`). The answer labels each token `true_positive` or
`false_positive`, in GitHub's feedback format, by SHA-256 so that no key is
echoed back (`views`).
"""
