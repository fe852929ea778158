package io.duckmirror.cli;

import io.duckmirror.ExitCode;
import io.duckmirror.config.ConfigLocations;
import io.duckmirror.config.Secret;
import io.duckmirror.config.Setting;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.smallrye.config.ConfigValidationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * How the process ends when Quarkus cannot start (a broken configuration file, a Quarkus setting it
 * cannot convert): one line on stderr and an exit code, as for every other failure. Without this,
 * Quarkus logs the stack trace before its logging is set up, on stdout, the data channel.
 */
public final class StartFailure {
    /** Where Quarkus reads a user's YAML besides QUARKUS_CONFIG_LOCATIONS: relative to the working directory. */
    private static final Path CONFIG_FILE = Path.of("config", "application.yaml");

    private StartFailure() {
    }

    /**
     * Quarkus's exit handler: {@code failure} is null when the command ran, whatever its code. Ends
     * through Quarkus's default handler (System.exit, or a test's).
     */
    public static void exit(int code, Throwable failure) {
        BiConsumer<Integer, Throwable> end = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        if (failure == null) {
            end.accept(code, null);
            return;
        }
        Line line = describe(failure, configuredSecrets());
        System.err.println("duckmirror: " + line.text());
        System.err.flush();
        end.accept(line.exitCode().code(), failure);
    }

    record Line(String text, ExitCode exitCode) {
    }

    /** The line for a failure, with each of {@code secrets} replaced wherever a message repeats it. */
    static Line describe(Throwable failure, Collection<String> secrets) {
        Line line = describe(failure);
        return new Line(Secret.redact(line.text(), secrets), line.exitCode());
    }

    private static Line describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException yaml) {
                return new Line(brokenYaml(yaml), ExitCode.USAGE);
            }
            if (t instanceof ConfigValidationException invalid && invalid.getProblemCount() > 0) {
                String more = invalid.getProblemCount() > 1 ? " (and " + (invalid.getProblemCount() - 1) + " more)" : "";
                String problem = oneLine(invalid.getProblem(0).getMessage()).replaceFirst("^[\\w.$]+Exception: ", "");
                return new Line(problem + more, ExitCode.USAGE);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new Line("could not start: " + root.getClass().getName() + ": " + oneLine(String.valueOf(root.getMessage()))
                + " (an internal error; please report it)", ExitCode.INTERNAL);
    }

    /**
     * The file, line and problem, never the line's text: it may hold a secret. SmallRye's exception
     * does not name the file, so each YAML file the configuration reads is parsed again to find it.
     */
    private static String brokenYaml(MarkedYAMLException e) {
        String where = userYamlFiles().stream().filter(StartFailure::unparsable).findFirst()
                .map(Path::toString).orElse("a YAML configuration file");
        var mark = Optional.ofNullable(e.getContextMark()).or(() -> Optional.ofNullable(e.getProblemMark()));
        String line = mark.map(m -> ": line " + (m.getLine() + 1)).orElse("");
        String problem = Stream.of(e.getContext(), e.getProblem()).filter(p -> p != null).reduce((a, b) -> a + ", " + b)
                .orElse("not valid YAML");
        return where + line + ": " + problem;
    }

    /**
     * The password and token as configured, read without the configuration Quarkus failed to build:
     * the environment, system properties, and the user's YAML files that parse.
     */
    private static List<String> configuredSecrets() {
        List<String> names = Setting.secretNames();
        Stream<String> fromFiles = userYamlFiles().stream().filter(Files::isRegularFile)
                .flatMap(file -> yamlValues(file, names));
        return Stream.concat(names.stream().flatMap(name -> Stream.of(System.getenv(name), System.getProperty(name))),
                fromFiles).filter(value -> value != null).distinct().toList();
    }

    private static Stream<String> yamlValues(Path file, List<String> names) {
        try {
            return documents(file).stream()
                    .flatMap(document -> document instanceof Map<?, ?> keys ? names.stream().map(keys::get) : Stream.empty())
                    .filter(v -> v != null).map(String::valueOf);
        } catch (IOException | RuntimeException unreadable) {
            return Stream.empty();
        }
    }

    /** Every document of a YAML file, parsed as Quarkus's YAML source parses it. */
    private static List<Object> documents(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Object> documents = new ArrayList<>();
            new Yaml().loadAll(reader).forEach(documents::add);
            return documents;
        }
    }

    private static List<Path> userYamlFiles() {
        List<Path> files = new ArrayList<>(List.of(CONFIG_FILE));
        Optional.ofNullable(System.getenv("QUARKUS_CONFIG_LOCATIONS")).map(ConfigLocations::files).orElse(List.of())
                .stream().filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                .forEach(files::add);
        return files;
    }

    private static boolean unparsable(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            documents(file);
            return false;
        } catch (MarkedYAMLException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String oneLine(String message) {
        return message.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> a + " " + b).orElse(message);
    }
}
