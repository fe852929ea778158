package io.duckmirror.cli;

import io.duckmirror.config.SettingsLoader;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the mirror lives: the options of every command, audit's only ones. */
public class TargetOptions {
    @Option(names = "--target", paramLabel = "md:|FILE", description = "Where the mirror lives: md: for MotherDuck, or a DuckDB file (TARGET).")
    String target;

    @Option(names = "--target-database", paramLabel = "NAME", description = "Database that receives the mirror (TARGET_DATABASE, default postgres_ingest).")
    String targetDatabase;

    /** The settings these options override, added to {@code overrides}. */
    Map<String, String> addTo(Map<String, String> overrides) {
        put(overrides, SettingsLoader.TARGET, target);
        put(overrides, SettingsLoader.TARGET_DATABASE, targetDatabase);
        return overrides;
    }

    static void put(Map<String, String> overrides, String name, String value) {
        if (value != null) {
            overrides.put(name, value);
        }
    }
}
