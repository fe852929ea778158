package io.duckmirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The list the help prints is the list the loader reads, and the list docs/configuration.md documents. */
class SettingTest {

    @Test
    void theLoaderReadsExactlyTheListedNames() {
        Set<String> asked = new TreeSet<>();
        // Every lookup asks the overrides first: recording them records every name read.
        var overrides = new HashMap<String, String>() {
            @Override
            public String get(Object key) {
                asked.add((String) key);
                return super.get(key);
            }
        };
        SettingsLoader loader = new SettingsLoader(new SmallRyeConfigBuilder().build());
        loader.load(overrides);
        overrides.put(SettingsLoader.MOTHERDUCK_TOKEN, "a-token"); // and MotherDuck's settings, read for md: only
        loader.load(overrides);

        assertThat(asked).isEqualTo(Arrays.stream(Setting.values()).filter(Setting::duckmirrors)
                .flatMap(s -> s.names().stream()).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void theConfigurationPageDocumentsEachSettingOnce() throws IOException {
        Pattern key = Pattern.compile("`([A-Za-z_]+)`");
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            if (line.startsWith("| `")) {
                Matcher m = key.matcher(line.substring(0, line.indexOf(" |", 2)));
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }

        assertThat(documented).isEqualTo(Arrays.stream(Setting.values()).map(s -> s.names().getFirst())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    /**
     * The sample env file for containers names every setting, without values, but the two the image
     * and the orchestrator set (the examples' test holds the DockerOperator DAG to this file).
     */
    @Test
    void theSampleEnvFileNamesEverySettingWithoutValues() throws IOException {
        var lines = Files.readAllLines(Path.of("docker/duckmirror.env")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

        assertThat(lines).allMatch(l -> l.endsWith("=") && l.indexOf('=') == l.length() - 1);
        assertThat(lines.stream().map(l -> l.substring(0, l.length() - 1)).toList())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Setting.values())
                        .filter(s -> s != Setting.DUCKDB_EXTENSION_REPOSITORY && s != Setting.DUCKMIRROR_RUN_ID)
                        .map(s -> s.names().getFirst()).toList());
    }
}
