"""The request log's status classes and HTTP methods, spelled once.

The Logs page, /v1/audit-logs, the admin, the Usage chart and the rollups the
chart reads all name statuses by these classes. A class is a range on
`status`, so the (workspace, status, ...) index serves a filter on it; 429
(rate limited) is a class of its own, carved out of 4xx: a client at its limit
is not a client sending bad requests, and the pages show the two apart.
"""

from dataclasses import dataclass

from django.db.models import Q

from api.principal import METHOD_PERMISSIONS


@dataclass(frozen=True)
class StatusClass:
    key: str  # "4xx": in query strings, CSS classes and RequestRollup's `status_4xx`
    name: str  # "Client error"
    lowest: int
    highest: int
    colour: str = ""  # its bars on the Usage chart
    excluding: tuple[int, ...] = ()  # statuses in the range that form a class of their own

    @property
    def label(self) -> str:
        return f"{self.key} {self.name}"

    @property
    def range(self) -> tuple[int, int]:
        """The whole range, carve-outs included (the admin's "4xx (all)")."""
        return self.lowest, self.highest

    @property
    def condition(self) -> Q:
        """RequestLog rows of this class, as an indexable range."""
        condition = Q(status__gte=self.lowest, status__lte=self.highest)
        for status in self.excluding:
            condition &= ~Q(status=status)
        return condition

    @property
    def rollup_column(self) -> str:
        return f"status_{self.key}"


RATE_LIMITED = StatusClass("429", "Rate limited", 429, 429, colour="#7c5cf5")
SUCCESS = StatusClass("2xx", "Success", 200, 299, colour="#2f9e66")
REDIRECTION = StatusClass("3xx", "Redirection", 300, 399)
CLIENT_ERROR = StatusClass(
    "4xx", "Client error", 400, 499, colour="#f0a92e", excluding=(RATE_LIMITED.lowest,)
)
SERVER_ERROR = StatusClass("5xx", "Server error", 500, 599, colour="#d64545")

# What the Logs page and /v1/audit-logs filter by, in the order they list them.
FILTER_CLASSES = (SUCCESS, CLIENT_ERROR, RATE_LIMITED, SERVER_ERROR)
# The admin also filters 3xx, which the API hardly answers.
ADMIN_CLASSES = (SUCCESS, REDIRECTION, CLIENT_ERROR, RATE_LIMITED, SERVER_ERROR)
# The Usage chart's series (RequestRollup's status columns), stacked bottom to top.
CHART_CLASSES = (SUCCESS, CLIENT_ERROR, SERVER_ERROR, RATE_LIMITED)

BY_KEY = {status_class.key: status_class for status_class in ADMIN_CLASSES}


def class_key(status: int) -> str:
    """The key of the class `status` falls in ("1xx" and the like where none is named)."""
    for status_class in (RATE_LIMITED, *ADMIN_CLASSES):
        if status_class.lowest <= status <= status_class.highest:
            return status_class.key
    return f"{status // 100}xx"


def rollup_range(status_class: StatusClass) -> tuple[int | None, int | None]:
    """The statuses a rollup column counts (None: open-ended), carve-outs aside.

    The columns count every request once, so 2xx takes everything below the
    client errors (1xx and 3xx too) and 5xx everything from 500 up."""
    if status_class is SUCCESS:
        return None, CLIENT_ERROR.lowest - 1
    if status_class is SERVER_ERROR:
        return SERVER_ERROR.lowest, None
    return status_class.range


# Every method the API answers, in the order the filters list them.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Those that need no more than the read permission (api.principal decides).
READ_METHODS = tuple(method for method in METHODS if METHOD_PERMISSIONS[method] == "read")
