package io.duckmirror.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib.sh's find_java_home, which bin/duckmirror runs on every launch, against fake JDKs: a
 * release file and a bin/java that records being started, so a test fails if the function starts a
 * JVM instead of reading the release file.
 */
class FindJavaHomeTest {
    private static final Path LIB = Path.of("scripts/lib.sh").toAbsolutePath();

    @TempDir
    Path temp;

    private Path root;
    private Path started;

    record Result(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void fakeJvmRoot() throws IOException {
        root = Files.createDirectories(temp.resolve("jvm"));
        started = temp.resolve("a-java-was-started");
    }

    @Test
    void withoutJavaHomeTheNewestByReleaseUnderTheRootWins() throws Exception {
        // Names sort against the versions: the release file decides, not the directory name.
        jdk(root.resolve("a-jdk-26"), "26.0.1");
        jdk(root.resolve("z-jdk-25"), "25.0.2");
        jdk(root.resolve("zz-jdk-17"), "17.0.9");
        Files.createDirectories(root.resolve("zzz-no-release/bin")); // skipped, not started
        executable(root.resolve("zzz-no-release/bin/java"));

        Result result = findJavaHome(null);

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(root.resolve("a-jdk-26").toString());
        assertThat(started).doesNotExist();
    }

    @Test
    void aJavaHomeOf25IsTakenAsItIs() throws Exception {
        jdk(root.resolve("jdk-26"), "26");
        Path home = jdk(temp.resolve("my-jdk"), "25");

        Result result = findJavaHome(home + "/");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(home.toString());
        assertThat(started).doesNotExist();
    }

    @Test
    void aJavaHomeOf17FallsBackToTheRoot() throws Exception {
        Path newest = jdk(root.resolve("temurin-25-jdk-amd64"), "25.0.1");
        Path old = jdk(temp.resolve("jdk-17"), "17.0.9");

        Result result = findJavaHome(old.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(newest.toString());
        assertThat(started).doesNotExist();
    }

    @Test
    void noJdk25AnywhereExitsOneWithAMessageAndNoPath() throws Exception {
        jdk(root.resolve("java-17-openjdk-amd64"), "17.0.9");
        jdk(root.resolve("java-8"), "1.8.0_392");
        Path old = jdk(temp.resolve("jdk-21"), "21.0.5");

        for (String javaHome : new String[] { null, "", old.toString(), temp.resolve("missing").toString() }) {
            Result result = findJavaHome(javaHome);

            assertThat(result.exitCode()).as("JAVA_HOME=%s", javaHome).isEqualTo(1);
            assertThat(result.stdout()).as("JAVA_HOME=%s", javaHome).isEmpty();
            assertThat(result.stderr()).contains("no JDK 25 or newer found", root.toString());
        }
        assertThat(started).doesNotExist();
    }

    @Test
    void anEmptyOrMissingRootIsNoJdkRatherThanAnEmptyPath() throws Exception {
        Result empty = findJavaHome(null);
        Files.delete(root);
        Result missing = findJavaHome("");

        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.stdout()).isEmpty();
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stdout()).isEmpty();
    }

    @Test
    void duckdbsVersionIsTheDriversFirstThreeComponents() throws Exception {
        Result jdbc = run("duckdb_jdbc_version", Map.of());
        Result duckdb = run("duckdb_version", Map.of());

        assertThat(jdbc.exitCode()).isZero();
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<duckdb.version>" + jdbc.stdout() + "<");
        assertThat(duckdb.stdout()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(jdbc.stdout()).startsWith(duckdb.stdout() + ".");
    }

    /** A fake JDK: a release file stating the version and a java that leaves a mark if started. */
    private Path jdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version + "\"\n");
        executable(home.resolve("bin/java"));
        return home;
    }

    private void executable(Path java) throws IOException {
        Files.writeString(java, "#!/bin/sh\necho started >> '" + started + "'\necho 'fake java must not run' >&2\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result findJavaHome(String javaHome) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DUCKMIRROR_JVM_ROOT", root.toString());
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        return run("find_java_home", env);
    }

    private Result run(String function, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source \"$1\"; " + function, "bash", LIB.toString());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("DUCKMIRROR_JVM_ROOT");
        builder.environment().putAll(env);
        Path stderr = Files.createTempFile(temp, "stderr", ".txt");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes()).strip();
        int exitCode = process.waitFor();
        return new Result(exitCode, stdout, Files.readString(stderr));
    }
}
