"""The fleet, started once for the module and always stopped: three gunicorn instances
(two sync workers each) on one PostgreSQL database and one Redis of the tests' own."""

import shutil

import pytest

from tests.faults.services import Redis, free_port, manage, temporary_directory
from tests.fleet.services import (
    INSTANCES,
    SETUP,
    Fleet,
    create_database,
    drop_database,
    environment,
    shell,
    start_instance,
    wait_healthy,
)


@pytest.fixture(scope="module")
def fleet():
    workdir = temporary_directory()
    database = create_database()
    redis = Redis(port=free_port())
    instances = []
    try:
        redis.start()
        env = environment(database, redis.url)
        manage(env, "migrate", "--noinput")
        setup = shell(env, SETUP)
        for number in range(INSTANCES):
            instances.append(start_instance(env, workdir / f"gunicorn-{number}.log"))
        for instance in instances:
            wait_healthy(instance)
        names = {k: setup[k] for k in ("log_table", "log_key_column", "rollup_table")}
        yield Fleet(env=env, database=database, instances=instances, names=names), setup
    finally:
        for instance in instances:
            instance.stop()
        redis.stop()
        drop_database(database)
        shutil.rmtree(workdir, ignore_errors=True)
