# Shared shell helpers for the scripts in this folder, .ci/run and bench/. Source it; it defines
# functions only.

# Prints a JDK 25+ home: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm. The machine's
# default `java` may be older, and the alternatives system need not list the newer JDK.
find_java_home() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/java" ] || continue
    # The JDK's release file says its version without starting a JVM (this runs on every launch).
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)
    [ -n "$version" ] || version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p')
    if [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no JDK 25 or newer found: set JAVA_HOME" >&2
  return 1
}

# Prints DuckDB's platform name for this machine, as extension repositories lay it out.
duckdb_platform() {
  case "$(uname -m)" in
    x86_64) echo linux_amd64 ;;
    aarch64 | arm64) echo linux_arm64 ;;
    *) echo "unsupported machine $(uname -m)" >&2; return 1 ;;
  esac
}
