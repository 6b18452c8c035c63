"""The SQL that keeps RequestRollup equal to the request log, per database.

One definition of the columns serves the triggers (a row `NEW`, adding
`delta` requests) and the backfill (GROUP BY over existing rows), so the two
cannot disagree. Privileged requests are those of audit.usage's
`privileged_requests`: a method that is not a read, or an admin-only path.
The status columns are audit.statuses' chart classes, in that order.
"""

from audit.statuses import CHART_CLASSES, READ_METHODS, StatusClass, rollup_range

LOG = "audit_requestlog"
ROLLUP = "audit_requestrollup"
# Reads that still need the admin permission: they count as privileged use.
ADMIN_PATH_PREFIXES = ("/v1/audit-logs",)
SLOT = ("workspace_id", "hour", "livemode", "api_key_id", "oauth_application_id")
STATUS_COUNTS = tuple(status_class.rollup_column for status_class in CHART_CLASSES)
COUNTS = ("requests", *STATUS_COUNTS, "privileged")
COLUMNS = (*SLOT, *COUNTS, "last_seen")
FUNCTION = "audit_requestlog_rollup"
TRIGGERS = ("audit_requestlog_rollup_insert", "audit_requestlog_rollup_fold")


def _hour(vendor: str, created_at: str) -> str:
    if vendor == "postgresql":
        return f"date_trunc('hour', {created_at} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
    return f"strftime('%Y-%m-%d %H:00:00', {created_at})"  # Django's SQLite format


def _privileged(row: str) -> str:
    reads = ", ".join(f"'{method}'" for method in READ_METHODS)
    paths = " OR ".join(
        f"substr({row}.path, 1, {len(prefix)}) = '{prefix}'" for prefix in ADMIN_PATH_PREFIXES
    )
    return f"{row}.method NOT IN ({reads}) OR {paths}"


def _counted(status_class: StatusClass, status: str) -> str:
    """True when a rollup counts `status` in the class's column (audit.statuses.rollup_range)."""
    lowest, highest = rollup_range(status_class)
    if lowest == highest:
        return f"{status} = {lowest}"
    terms = [f"{status} >= {lowest}"] if lowest is not None else []
    terms += [f"{status} <= {highest}"] if highest is not None else []
    terms += [f"{status} <> {excluded}" for excluded in status_class.excluding]
    return " AND ".join(terms)


def _values(vendor: str, row: str, delta: str) -> list[str]:
    """The rollup columns (COLUMNS order) for `row` standing for `delta` requests."""

    def when(condition: str) -> str:
        return f"CASE WHEN {condition} THEN {delta} ELSE 0 END"

    return [
        f"{row}.workspace_id",
        _hour(vendor, f"{row}.created_at"),
        f"COALESCE({row}.livemode, {'TRUE' if vendor == 'postgresql' else '1'})",
        f"COALESCE({row}.api_key_id, 0)",
        f"COALESCE({row}.oauth_application_id, 0)",
        delta,
        *(when(_counted(status_class, f"{row}.status")) for status_class in CHART_CLASSES),
        when(_privileged(row)),
        f"{row}.created_at",
    ]


def _upsert(vendor: str, row: str, delta: str) -> str:
    latest = "GREATEST" if vendor == "postgresql" else "max"
    sums = ", ".join(f"{name} = {ROLLUP}.{name} + excluded.{name}" for name in COUNTS)
    return (
        f"INSERT INTO {ROLLUP} ({', '.join(COLUMNS)})"  # noqa: S608 (constants only, no input)
        f" VALUES ({', '.join(_values(vendor, row, delta))})"
        f" ON CONFLICT ({', '.join(SLOT)}) DO UPDATE SET {sums},"
        f" last_seen = {latest}({ROLLUP}.last_seen, excluded.last_seen)"
    )


def trigger_sql(vendor: str) -> list[str]:
    """Statements creating the insert and fold triggers on the request log."""
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE delta bigint := NEW.count - CASE WHEN TG_OP = 'UPDATE' THEN OLD.count ELSE 0 END;
BEGIN
    IF NEW.workspace_id IS NULL OR delta = 0 THEN RETURN NULL; END IF;
    {_upsert(vendor, "NEW", "delta")};
    RETURN NULL;
END $$""",
            f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON {LOG}"
            f" FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
            f"CREATE TRIGGER {TRIGGERS[1]} AFTER UPDATE OF count ON {LOG}"
            f" FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
        ]
    return [
        f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON {LOG}"
        f" WHEN NEW.workspace_id IS NOT NULL"
        f" BEGIN {_upsert(vendor, 'NEW', 'NEW.count')}; END",
        f"CREATE TRIGGER {TRIGGERS[1]} AFTER UPDATE OF count ON {LOG}"
        f" WHEN NEW.workspace_id IS NOT NULL AND NEW.count <> OLD.count"
        f" BEGIN {_upsert(vendor, 'NEW', 'NEW.count - OLD.count')}; END",
    ]


def untrigger_sql(vendor: str) -> list[str]:
    drops = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]
    if vendor == "postgresql":
        return [f"{drop} ON {LOG}" for drop in drops] + [f"DROP FUNCTION IF EXISTS {FUNCTION}()"]
    return drops


def backfill_sql(vendor: str = "", where: str = "TRUE") -> str:
    """Roll up existing rows matching `where` into empty slots (one GROUP BY)."""
    values = _values(vendor, "r", "r.count")
    counts = values[len(SLOT) : len(SLOT) + len(COUNTS)]
    select = [*values[: len(SLOT)], *(f"SUM({count})" for count in counts), "MAX(r.created_at)"]
    return (
        f"INSERT INTO {ROLLUP} ({', '.join(COLUMNS)}) SELECT {', '.join(select)}"  # noqa: S608
        f" FROM {LOG} r WHERE r.workspace_id IS NOT NULL AND ({where}) GROUP BY 1, 2, 3, 4, 5"
    )
