package io.duckmirror;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a duckmirror process ends, as an orchestrator reads it. The one list of codes: the help's footer
 * and the table in docs/exit-codes.md are built from it (a test holds the page to it). The last two are the
 * JVM's on a signal; a run stopped so is recorded as interrupted in the audit.
 */
public enum ExitCode {
    OK(0, "success: every table was mirrored (for audit: every table of the run succeeded)"),
    TABLE_FAILED(1, "one or more tables failed after their attempts; the others were still mirrored"),
    USAGE(2, "usage or configuration error: a bad setting, a target that is not a DuckDB file, a source refusing"
            + " the credentials or database; never retried"),
    UNREACHABLE(3, "the source, the target or a DuckDB extension could not be reached now; trying later may help"),
    INTERNAL(4, "an unexpected internal error (a bug): please report it with the DEBUG log"),
    /** Set by the JVM, not returned: 128 + the signal's number, as shells report it. */
    INTERRUPTED(130, "stopped by SIGINT (Ctrl-C): the tables being copied keep their previous versions"),
    TERMINATED(143, "stopped by SIGTERM (an orchestrator's stop): the tables being copied keep their previous versions");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** Code to meaning, in order, as picocli lists exit codes in the help. */
    public static Map<String, String> descriptions() {
        Map<String, String> list = new LinkedHashMap<>();
        Arrays.stream(values()).forEach(c -> list.put(Integer.toString(c.code), c.meaning));
        return list;
    }
}
