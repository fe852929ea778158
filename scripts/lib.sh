# shellcheck shell=bash
# Shared shell helpers for the scripts in this folder, .ci/run and bench/. Source it; it defines
# functions only.

# The repository root, for the functions below that read its files whoever sources this.
duckmirror_root() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
}

# Prints the major Java version a JDK's `release` file states (JAVA_VERSION="25.0.1" -> 25), or
# nothing. Reading the file costs no JVM start, and this runs on every launch of bin/duckmirror.
jdk_major_version() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

# Prints a JDK 25+ home: $JAVA_HOME if it is one, else the newest (by its release file) under
# ${DUCKMIRROR_JVM_ROOT:-/usr/lib/jvm}. The machine's default `java` may be older, and the
# alternatives system need not list the newer JDK. A directory without a release file is skipped
# rather than started. Exits 1 with a message, never printing an empty path, when there is none.
find_java_home() {
  local root=${DUCKMIRROR_JVM_ROOT:-/usr/lib/jvm} candidate version best="" best_version=0
  candidate=${JAVA_HOME:-}
  candidate=${candidate%/}
  if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
    version=$(jdk_major_version "$candidate")
    if [ "${version:-0}" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  fi
  for candidate in "$root"/*/; do
    candidate=${candidate%/}
    if [ ! -x "$candidate/bin/java" ]; then continue; fi
    version=$(jdk_major_version "$candidate")
    if [ "${version:-0}" -ge 25 ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate best_version=$version
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
    return 0
  fi
  echo "no JDK 25 or newer found in \$JAVA_HOME or $root: set JAVA_HOME" >&2
  return 1
}

# Prints the DuckDB JDBC driver's version, pom.xml's duckdb.version: the one place it is written.
duckdb_jdbc_version() {
  local version
  version=$(sed -n 's:.*<duckdb\.version>\([0-9.]*\)</duckdb\.version>.*:\1:p' "$(duckmirror_root)/pom.xml")
  [ -n "$version" ] || { echo "no <duckdb.version> in pom.xml" >&2; return 1; }
  echo "$version"
}

# Prints DuckDB's own version (x.y.z for driver x.y.z.n): the driver adds a fourth component for
# its own releases, while extensions are built and laid out per DuckDB version.
duckdb_version() {
  local jdbc
  jdbc=$(duckdb_jdbc_version) || return 1
  echo "$jdbc" | cut -d. -f1-3
}

# Prints DuckDB's platform name for this machine, as extension repositories lay it out.
duckdb_platform() {
  case "$(uname -m)" in
    x86_64) echo linux_amd64 ;;
    aarch64 | arm64) echo linux_arm64 ;;
    *) echo "unsupported machine $(uname -m)" >&2; return 1 ;;
  esac
}

# Prints the file name (without .duckdb_extension) an extension has in a repository: the postgres
# extension keeps its former name, postgres_scanner.
extension_file() {
  case "$1" in
    postgres) echo postgres_scanner ;;
    *) echo "$1" ;;
  esac
}

# ensure_extensions DIR NAME...: makes the named extensions installable. If DUCKDB_EXTENSION_REPOSITORY
# is already set it is left alone; if DuckDB's repository answers for every name nothing is done;
# otherwise DuckDB's signed builds are staged from PyPI into DIR and DUCKDB_EXTENSION_REPOSITORY is
# exported to point there.
ensure_extensions() {
  local dir=${1:?usage: ensure_extensions DIR NAME...} version platform name reachable=1
  shift
  if [ -n "${DUCKDB_EXTENSION_REPOSITORY:-}" ]; then
    echo "extensions: using DUCKDB_EXTENSION_REPOSITORY=$DUCKDB_EXTENSION_REPOSITORY" >&2
    return 0
  fi
  version=$(duckdb_version) || return 1
  platform=$(duckdb_platform) || return 1
  for name in "$@"; do
    if ! curl --silent --fail --head --max-time 10 \
      "https://extensions.duckdb.org/v$version/$platform/$(extension_file "$name").duckdb_extension.gz" \
      >/dev/null 2>&1; then
      reachable=0
      break
    fi
  done
  if [ "$reachable" = 1 ]; then
    echo "extensions: DuckDB's repository answers, DuckDB installs $* from it" >&2
    return 0
  fi
  echo "extensions: DuckDB's repository is out of reach, staging $* from PyPI into $dir" >&2
  "$(duckmirror_root)/scripts/stage-extensions" "$dir" "$@" || return 1
  DUCKDB_EXTENSION_REPOSITORY=$dir
  export DUCKDB_EXTENSION_REPOSITORY
}

# Whether a Docker engine answers (scripts/docker-engine start leaves one).
docker_answers() {
  command -v docker >/dev/null && docker info >/dev/null 2>&1
}

# Prepares what the tests need in a fresh work directory DIR, and removes it (stopping what it
# started) when the calling script exits: a PostgreSQL, unless DUCKMIRROR_TEST_PG_HOST names one
# or DUCKMIRROR_TEST_PG=testcontainers leaves it to the tests (a throwaway cluster from pg-sandbox
# otherwise, whose DUCKMIRROR_TEST_PG_* it exports), and the extensions named after DIR (see
# ensure_extensions).
prepare_test_services() {
  local dir=$1
  shift
  chmod 755 "$dir" # as root, the postgres user must reach its cluster directory inside
  # shellcheck disable=SC2064 # expand $dir now: the trap runs after this function has returned
  trap "[ ! -f '$dir/pg/env' ] || '$(duckmirror_root)/scripts/pg-sandbox' stop '$dir/pg' || true; rm -rf '$dir'" EXIT
  if [ -n "${DUCKMIRROR_TEST_PG_HOST:-}" ]; then
    echo "using the PostgreSQL at $DUCKMIRROR_TEST_PG_HOST:${DUCKMIRROR_TEST_PG_PORT:-5432}" >&2
  elif [ "${DUCKMIRROR_TEST_PG:-}" = testcontainers ]; then
    echo "using a Testcontainers PostgreSQL per test JVM" >&2
  else
    "$(duckmirror_root)/scripts/pg-sandbox" start "$dir/pg"
    # shellcheck source=/dev/null # written by pg-sandbox
    source "$dir/pg/env"
  fi
  ensure_extensions "$dir/extensions" "$@"
}

# install_pg_extension_packages NAME...: installs Debian's postgresql-<major>-<NAME> for the newest
# PostgreSQL server installed (e.g. postgis-3, ip4r), for the tests of extension types; those tests
# skip what is missing. Only as root with apt-get; otherwise says so and returns 0.
install_pg_extension_packages() {
  local major packages=() name
  major=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$major" ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "extension types: not installing $* (needs root, apt-get and a PostgreSQL server); their tests skip" >&2
    return 0
  fi
  for name in "$@"; do
    dpkg -s "postgresql-$major-$name" >/dev/null 2>&1 || packages+=("postgresql-$major-$name")
  done
  [ ${#packages[@]} -gt 0 ] || return 0
  echo "installing ${packages[*]} (Debian) for the extension-type tests" >&2
  apt-get install -y -qq "${packages[@]}" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "${packages[@]}" >&2; }
}
