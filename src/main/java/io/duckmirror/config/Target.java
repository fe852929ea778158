package io.duckmirror.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the mirror is written. */
public sealed interface Target {

    /** MotherDuck, reached as {@code md:}; the host is set only for a non-default deployment. */
    record MotherDuck(Optional<String> host, Secret token) implements Target {
        @Override
        public String describe() {
            return "MotherDuck" + host.map(h -> " at " + h).orElse("");
        }
    }

    /** A DuckDB file on this machine, attached under the target database's name. */
    record LocalFile(Path path) implements Target {
        @Override
        public String describe() {
            return path.toString();
        }
    }

    /** For logs and reports; never contains a secret. */
    String describe();

    /** A local file not created yet: opening it would create it, so readers report it instead. */
    default boolean missing() {
        return this instanceof LocalFile file && !Files.exists(file.path());
    }
}
