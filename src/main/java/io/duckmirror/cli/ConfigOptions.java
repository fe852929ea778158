package io.duckmirror.cli;

import io.duckmirror.config.SettingsLoader;
import io.duckmirror.config.SnapshotMode;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares. Each overrides the setting of the same name in the configuration. */
public class ConfigOptions {
    @Option(names = "--target", paramLabel = "md:|FILE", description = "Where the mirror lives: md: for MotherDuck, or a DuckDB file (TARGET).")
    String target;

    @Option(names = "--target-database", paramLabel = "NAME", description = "Database that receives the mirror (TARGET_DATABASE, default postgres_ingest).")
    String targetDatabase;

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
        Map<String, String> overrides = new HashMap<>();
        put(overrides, SettingsLoader.TARGET, target);
        put(overrides, SettingsLoader.TARGET_DATABASE, targetDatabase);
        put(overrides, SettingsLoader.INCLUDED_SCHEMAS, includedSchemas);
        put(overrides, SettingsLoader.EXCLUDED_SCHEMAS, excludedSchemas);
        put(overrides, SettingsLoader.INCLUDED_TABLES, includedTables);
        put(overrides, SettingsLoader.EXCLUDED_TABLES, excludedTables);
        put(overrides, SettingsLoader.EXTENSION_REPOSITORY, extensionRepository);
        put(overrides, SnapshotMode.SETTING, snapshot);
        return overrides;
    }

    private static void put(Map<String, String> overrides, String name, String value) {
        if (value != null) {
            overrides.put(name, value);
        }
    }
}
