"""The duckmirror:jvm image as a short-lived task (docker/Dockerfile.jvm, built by scripts/image): a
non-root user, a read-only root file system with /tmp and /data writable, exit codes passed through,
`docker stop` in the middle of a copy, and the AOT cache in use.

Runs through `scripts/test-examples image` (also part of `all` where a Docker engine answers), against
the throwaway PostgreSQL on this machine, which the containers reach through the host network.
  DUCKMIRROR_IMAGE   the image to check (default duckmirror:jvm)
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from test_airflow_dags import TABLES, Postgres, mirrored, postgres, source  # noqa: F401 (fixture)

pytestmark = pytest.mark.docker

IMAGE = os.environ.get("DUCKMIRROR_IMAGE", "duckmirror:jvm")
# The bound of every wait: against a hang, not a speed assertion.
BOUND_SECONDS = 120


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The host folder mounted at /data: the image's user (10001) must be able to write it."""
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o777)
    return folder


def docker_run(data: Path, settings: dict[str, str], *args: str, options: tuple[str, ...] = ()) -> list[str]:
    """`docker run` as a task: read-only root, /tmp a tmpfs, /data the host folder. `-e NAME` without
    a value passes each setting from this process's environment, never on the command line."""
    command = ["docker", "run", "--read-only", "--tmpfs", "/tmp", "-v", f"{data}:/data", "--network", "host"]
    for name in settings:
        command += ["-e", name]
    return [*command, *options, IMAGE, *args]


def run(data: Path, settings: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(docker_run(data, settings, *args, options=("--rm",)), env={**os.environ, **settings},
                          capture_output=True, text=True, timeout=BOUND_SECONDS)


def test_the_user_is_not_root():
    user = subprocess.run(["docker", "image", "inspect", "--format", "{{.Config.User}}", IMAGE],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert user == "10001:0"
    uid = subprocess.run(["docker", "run", "--rm", "--entrypoint", "id", IMAGE, "-u"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert uid == "10001"


def test_a_run_on_a_read_only_root_mirrors_every_table(postgres, data):
    settings = {**source(postgres, False), "TARGET": "/data/mirror.duckdb"}
    result = run(data, settings, "run")

    assert result.returncode == 0, result.stderr
    assert settings["pg_PASSWORD"] not in result.stdout + result.stderr
    counts, audit = mirrored(data / "mirror.duckdb")
    assert counts == TABLES
    assert {(r[1], r[2]): (r[3], r[4]) for r in audit} == {t: ("succeeded", n) for t, n in TABLES.items()}


def test_an_unreachable_source_exits_3(data):
    settings = {"pg_HOST": "127.0.0.1", "pg_PORT": "1", "pg_DATABASE": "nowhere", "pg_USER": "nobody",
                "pg_PASSWORD": "unused", "MAX_RETRIES": "1", "TARGET": "/data/mirror.duckdb"}
    result = run(data, settings, "run")

    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(
        "duckmirror: could not connect to the source 127.0.0.1:1/nowhere")


def test_the_aot_cache_is_used():
    """The image's own entry point, with the JVM's AOT log on and a cache it cannot use made fatal."""
    entrypoint = json.loads(subprocess.run(
        ["docker", "image", "inspect", "--format", "{{json .Config.Entrypoint}}", IMAGE],
        capture_output=True, text=True, check=True).stdout)
    jar = entrypoint.index("-jar")
    java = entrypoint[:jar] + ["-Xlog:aot=info:stderr", "-XX:AOTMode=on"] + entrypoint[jar:]
    result = subprocess.run(["docker", "run", "--rm", "--read-only", "--tmpfs", "/tmp", "--entrypoint", java[0],
                             IMAGE, *java[1:], "--version"], capture_output=True, text=True, timeout=BOUND_SECONDS)

    assert result.returncode == 0, result.stderr
    assert "Using AOT-linked classes: true" in result.stderr
    assert result.stdout.startswith("duckmirror ")


def test_docker_stop_mid_copy_exits_143_and_keeps_the_previous_table(postgres, data):
    settings = {**source(postgres, False), "TARGET": "/data/mirror.duckdb", "INCLUDED_TABLES": "public.plain"}
    assert run(data, settings, "run").returncode == 0
    database = settings["pg_DATABASE"]
    postgres.sql(database, "INSERT INTO public.plain SELECT g, 'new ' || g FROM generate_series(100, 199) g;")

    # The next copy waits on a lock this session holds, so the stop lands in the middle of it.
    locker = subprocess.Popen(
        [postgres.psql, "-X", "-q", "-At", "-h", postgres.host, "-p", postgres.port, "-U", postgres.user,
         "-d", database], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PGPASSWORD": postgres.password})
    name = "duckmirror-stop-" + uuid.uuid4().hex[:8]
    try:
        locker.stdin.write("BEGIN; LOCK TABLE public.plain IN ACCESS EXCLUSIVE MODE; SELECT 'locked';\n")
        locker.stdin.flush()
        assert locker.stdout.readline().strip() == "locked"
        subprocess.run(docker_run(data, settings, "run", options=("-d", "--name", name)),
                       env={**os.environ, **settings}, check=True, capture_output=True)
        await_waiting_copy(postgres, database)
        subprocess.run(["docker", "stop", name], check=True, capture_output=True, timeout=BOUND_SECONDS)
        state = json.loads(subprocess.run(["docker", "inspect", "--format", "{{json .State}}", name],
                                          capture_output=True, text=True, check=True).stdout)
        logs = subprocess.run(["docker", "logs", name], capture_output=True, text=True).stderr
    finally:
        locker.stdin.close()
        locker.wait(timeout=BOUND_SECONDS)
        subprocess.run(["docker", "rm", "-f", name], capture_output=True)

    # SIGTERM (128 + 15), not docker's SIGKILL after its 10 s grace (137).
    assert state["ExitCode"] == 143, logs
    counts, audit = mirrored(data / "mirror.duckdb")
    assert counts == {("public", "plain"): TABLES[("public", "plain")]}, "the previous copy stays whole"
    assert [r[3] for r in audit] == ["succeeded"], "only the first run's audit row"
    assert "duckmirror: stopped by a signal while copying public.plain" in logs


def await_waiting_copy(postgres: Postgres, database: str) -> None:
    """Until duckmirror's copy waits for the test's lock (pg_stat_activity), within the bound."""
    query = ("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'duckmirror' "
             "AND wait_event_type = 'Lock'")
    deadline = time.monotonic() + BOUND_SECONDS
    while time.monotonic() < deadline:
        out = subprocess.run([postgres.psql, "-X", "-At", "-h", postgres.host, "-p", postgres.port,
                              "-U", postgres.user, "-d", database, "-c", query], capture_output=True, text=True,
                             env={**os.environ, "PGPASSWORD": postgres.password}, check=True).stdout
        if out.strip() != "0":
            return
        time.sleep(0.05)
    raise AssertionError("duckmirror's copy never waited for the lock")
