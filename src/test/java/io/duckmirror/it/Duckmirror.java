package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the packaged application as its own process, as an orchestrator would: configured by
 * environment variables only, judged by exit code, stdout and stderr.
 */
final class Duckmirror {
    /** The launcher users run, so its JDK lookup and JVM flags are tested too. */
    private static final Path LAUNCHER = Path.of("bin", "duckmirror").toAbsolutePath();

    private final Map<String, String> env = new HashMap<>();
    private String shell;
    private Path workingDirectory;
    private String user;

    /** With the source named by the reference's pg_* variables and a local DuckDB target. */
    static Duckmirror against(PostgresServer server, String database, String user, String password, Path target) {
        Duckmirror app = new Duckmirror()
                .env("pg_HOST", server.host)
                .env("pg_PORT", Integer.toString(server.port))
                .env("pg_DATABASE", database)
                .env("pg_USER", user)
                .env("pg_PASSWORD", password)
                .env("pg_SSLMODE", "disable")
                .env("TARGET", target.toString())
                .env("RETRY_BASE_SECONDS", "0");
        return app;
    }

    Duckmirror env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /**
     * Starts duckmirror through {@code sh -c SCRIPT}, with the launcher's path as {@code $0} and the
     * arguments as {@code "$@"}: to set a umask first, or to find it on the PATH as a user does.
     */
    Duckmirror shell(String script) {
        this.shell = script;
        return this;
    }

    /** Runs in this directory, where duckmirror looks for config/application.yaml. */
    Duckmirror in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    /**
     * Runs as this system user (through runuser, so as root only): for what root's privileges would
     * hide, such as a folder the process may not write. HOME becomes that user's.
     */
    Duckmirror as(String systemUser) {
        this.user = systemUser;
        return this;
    }

    Result run(String... args) {
        return start(args).await();
    }

    Running start(String... args) {
        List<String> command = new ArrayList<>(user == null ? List.of() : List.of("runuser", "-u", user, "--"));
        command.addAll(shell == null ? List.of(LAUNCHER.toString()) : List.of("sh", "-c", shell, LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        // Only what a user would set: nothing of the test JVM's own PG* or duckmirror settings leaks in.
        Map<String, String> processEnv = builder.environment();
        processEnv.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("pg_") || k.startsWith("DUCKMIRROR_")
                || k.equals("TARGET") || k.equals("TARGET_DATABASE") || k.startsWith("MOTHERDUCK"));
        // The launcher looks for a JDK 25 in JAVA_HOME first: the one running these tests.
        processEnv.put("JAVA_HOME", System.getProperty("java.home"));
        processEnv.putAll(env);
        try {
            Path out = Files.createTempFile("duckmirror-out", ".txt");
            Path err = Files.createTempFile("duckmirror-err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            return new Running(builder.start(), out, err, secrets());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The credentials this run was given: whatever the test, they must never be printed. */
    private List<String> secrets() {
        return Stream.of("pg_PASSWORD", "PGPASSWORD", "MOTHERDUCK_TOKEN").map(env::get)
                .filter(v -> v != null && v.length() >= 8).toList();
    }

    /**
     * A started run. Every run of every test, on success and on each failure path, is checked for its
     * credentials in stdout and stderr.
     */
    record Running(Process process, Path out, Path err, List<String> secrets) {
        Result await() {
            try {
                // A bound against a hung test, not a speed assertion.
                assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("duckmirror finished").isTrue();
                Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                for (String secret : secrets) {
                    assertThat(result.stdout() + result.stderr()).as("a credential was printed").doesNotContain(secret);
                }
                return result;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
