package io.duckmirror;

import io.duckmirror.cli.StartFailure;
import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The entry point: Quarkus runs the picocli command line. */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        // Loading DuckDB's native library takes a good part of a second. A short-lived worker pays
        // that on every start, so it happens on a second core while Quarkus boots. Failures are
        // left to surface, with their message, where DuckDB is first used.
        Thread.ofPlatform().daemon().name("duckdb-preload").start(() -> {
            try {
                Class.forName("org.duckdb.DuckDBNative", true, Main.class.getClassLoader());
            } catch (Throwable reportedOnFirstUse) {
                // DuckDB's first use reports it
            }
        });
        // A start-up failure becomes one line and an exit code (StartFailure), not a trace on stdout.
        Quarkus.run(PicocliRunner.class, StartFailure::exit, args);
    }
}
