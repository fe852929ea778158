package io.duckmirror.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The files a QUARKUS_CONFIG_LOCATIONS value names: comma-separated, each a path or a file: URL. A
 * class-path resource or another URL is no file of the user's and is left out.
 */
public final class ConfigLocations {
    private static final String FILE_SCHEME = "file:";

    private ConfigLocations() {
    }

    public static List<Path> files(String locations) {
        return Arrays.stream(locations.split(",")).map(String::strip)
                .map(l -> l.startsWith(FILE_SCHEME) ? l.substring(FILE_SCHEME.length()) : l)
                .filter(l -> !l.isEmpty() && !l.contains(":")).map(Path::of).toList();
    }
}
