"""Settings pages of the audit trail: request Logs, Usage and Security events."""
