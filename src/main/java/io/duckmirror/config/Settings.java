package io.duckmirror.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything one invocation needs to know, validated. Built by {@link SettingsLoader}.
 *
 * @param runId the run id every audit row of this invocation carries (DUCKMIRROR_RUN_ID or
 *        --run-id), shared by the tasks of one orchestrator run; empty: a new one per run
 * @param targetLockWait how long to wait for a local target file another process has open
 * @param prune after a run, drop the target tables duckmirror mirrored whose source is gone
 * @param progressInterval how often a running copy logs its progress; zero: never
 * @param snapshot per-table snapshots, or one consistent snapshot for the whole run
 * @param parallelTables how many tables are copied at once, each on its own connection
 * @param tablesPerCommit how many small tables one transaction may copy together
 * @param skipUnchanged leave a table as it is when PostgreSQL shows no change since its last copy
 * @param numericNanCheck scan numeric(p,s) columns for NaN before reading them as DECIMAL (NUMERIC_NAN_CHECK)
 * @param includeViews which views are mirrored besides the tables
 */
public record Settings(
        String targetDatabase,
        Target target,
        Source source,
        Selection selection,
        RetryPolicy retry,
        NumericPolicy numericPolicy,
        Optional<String> extensionRepository,
        Optional<String> runId,
        Duration targetLockWait,
        boolean prune,
        Duration progressInterval,
        SnapshotMode snapshot,
        int parallelTables,
        int tablesPerCommit,
        boolean skipUnchanged,
        boolean numericNanCheck,
        IncludeViews includeViews) {

    /** The values that must never be shown: redact them from any text that leaves the process. */
    public List<String> secrets() {
        var secrets = new java.util.ArrayList<String>();
        source.password().map(Secret::value).ifPresent(secrets::add);
        if (target instanceof Target.MotherDuck md) {
            secrets.add(md.token().value());
        }
        return List.copyOf(secrets);
    }

    /** The text with every secret replaced, for anything that leaves the process. */
    public String redact(String text) {
        return Secret.redact(text, secrets());
    }
}
