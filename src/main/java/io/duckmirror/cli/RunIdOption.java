package io.duckmirror.cli;

import io.duckmirror.config.SettingsLoader;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --run-id}: lets tasks fanned out by an orchestrator share one run id in the audit table. */
public class RunIdOption {
    @Option(names = "--run-id", paramLabel = "ID", description = "Run id for the audit rows, to share one id across tasks (DUCKMIRROR_RUN_ID; default: a new UUID).")
    String runId;

    /** The settings overrides, with this option in place of DUCKMIRROR_RUN_ID when given. */
    Map<String, String> over(Map<String, String> overrides) {
        return over(overrides, runId);
    }

    /** The overrides with a run id given on the command line, if any, in place of DUCKMIRROR_RUN_ID. */
    static Map<String, String> over(Map<String, String> overrides, String runId) {
        if (runId != null) {
            overrides.put(SettingsLoader.RUN_ID, runId);
        }
        return overrides;
    }
}
