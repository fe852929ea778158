package io.duckmirror.cli;

import io.duckmirror.config.SettingsLoader;
import io.duckmirror.config.SnapshotMode;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that plan (all but audit). Each overrides the setting of the same name in
 * the configuration.
 */
public class ConfigOptions {
    @Mixin
    TargetOptions target;

    @Option(names = "--included-schemas", paramLabel = "LIST", description = "INCLUDED_SCHEMAS.")
    String includedSchemas;

    @Option(names = "--excluded-schemas", paramLabel = "LIST", description = "EXCLUDED_SCHEMAS.")
    String excludedSchemas;

    @Option(names = "--included-tables", paramLabel = "LIST", description = "INCLUDED_TABLES (schema.table, ...).")
    String includedTables;

    @Option(names = "--excluded-tables", paramLabel = "LIST", description = "EXCLUDED_TABLES (schema.table, ...).")
    String excludedTables;

    @Option(names = "--extension-repository", paramLabel = "DIR|URL", description = "Where to install the postgres extension from (DUCKDB_EXTENSION_REPOSITORY).")
    String extensionRepository;

    @Option(names = "--snapshot", paramLabel = "table|consistent", description = "table: each table from its own snapshot (default); consistent: all from one, swapped together (SNAPSHOT).")
    String snapshot;

    Map<String, String> overrides() {
        Map<String, String> overrides = target.addTo(new HashMap<>());
        TargetOptions.put(overrides, SettingsLoader.INCLUDED_SCHEMAS, includedSchemas);
        TargetOptions.put(overrides, SettingsLoader.EXCLUDED_SCHEMAS, excludedSchemas);
        TargetOptions.put(overrides, SettingsLoader.INCLUDED_TABLES, includedTables);
        TargetOptions.put(overrides, SettingsLoader.EXCLUDED_TABLES, excludedTables);
        TargetOptions.put(overrides, SettingsLoader.EXTENSION_REPOSITORY, extensionRepository);
        TargetOptions.put(overrides, SnapshotMode.SETTING, snapshot);
        return overrides;
    }
}
