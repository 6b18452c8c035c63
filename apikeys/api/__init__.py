"""/v1/api-keys: the workspace's keys over the API, for rotation by a cron job.

It lives in apikeys, above `api` (which never imports apikeys), and is routed
from config/urls.py like /v1/audit-logs.
"""
