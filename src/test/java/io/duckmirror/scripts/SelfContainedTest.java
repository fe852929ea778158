package io.duckmirror.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A clone anywhere passes its own tests: the scripts read nothing beside the clone. */
class SelfContainedTest {

    @Test
    void noScriptReadsAPathAboveTheRepository() throws IOException {
        List<Path> scripts = new ArrayList<>(List.of(Path.of("bin/duckmirror"), Path.of(".ci/run")));
        try (Stream<Path> files = Files.list(Path.of("scripts"))) {
            files.filter(Files::isRegularFile).sorted().forEach(scripts::add);
        }
        // The repository's root, as the scripts name it, followed by a step up.
        Pattern above = Pattern.compile("(\\$root|\\$\\(duckmirror_root\\)|\\$\\{root\\})/\\.\\./|\\.\\./shared/");
        for (Path script : scripts) {
            assertThat(Files.readAllLines(script)).as(script.toString()).noneMatch(l -> above.matcher(l).find());
        }
    }

    /** The pins the examples' test installs are in the repository, for the versions it installs. */
    @Test
    void theAirflowConstraintsAreInTheRepositoryForTheVersionsInstalled() throws IOException {
        String env = Files.readString(Path.of("scripts/airflow-env"));
        Matcher airflow = Pattern.compile("airflow_version=(\\S+)").matcher(env);
        Matcher provider = Pattern.compile("(?m)^provider_version=(\\S+)").matcher(env);
        Matcher docker = Pattern.compile("(?m)^docker_provider_version=(\\S+)").matcher(env);
        assertThat(airflow.find() && provider.find() && docker.find()).isTrue();

        List<String> pins = Files.readAllLines(Path.of("examples/constraints-" + airflow.group(1) + ".txt"));

        assertThat(env).contains("$root/examples/constraints-$airflow_version.txt");
        assertThat(pins).contains("apache-airflow==" + airflow.group(1),
                "apache-airflow-providers-cncf-kubernetes==" + provider.group(1),
                "apache-airflow-providers-docker==" + docker.group(1));
        assertThat(pins.stream().filter(l -> !l.startsWith("#")))
                .allMatch(l -> l.matches("[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+"));
    }
}
