package io.duckmirror.cli;

import java.util.UUID;
import picocli.CommandLine.Option;

/** {@code --run-id}: lets tasks fanned out by an orchestrator share one run id in the audit table. */
public class RunIdOption {
    @Option(names = "--run-id", paramLabel = "ID",
            description = "Run id for the audit rows, to share one id across tasks (default: a new UUID).")
    String runId;

    String value() {
        return runId != null ? runId : UUID.randomUUID().toString();
    }
}
