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
        // A start-up failure becomes one line and an exit code (StartFailure), not a trace on stdout.
        Quarkus.run(PicocliRunner.class, StartFailure::exit, args);
    }
}
