package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first hour: the launcher on the PATH, set-up errors, --version, and a plan file others can read. */
class InstallIT {
    private static final Path LAUNCHER = Path.of("bin", "duckmirror").toAbsolutePath();
    private static final String FROM_CACHE = "source: shared objects file";

    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("install_it", "worker.sql");
    }

    /** As the README installs it: a link in a PATH folder, here through a second, relative link. */
    @Test
    void aSymlinkOnThePathFindsItsBuild() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("home/.local/bin"));
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(other.resolve("duckmirror-link"), LAUNCHER);
        Files.createSymbolicLink(bin.resolve("duckmirror"), Path.of("../../../elsewhere/duckmirror-link"));

        var result = new Duckmirror().env("PATH", bin + ":/usr/bin:/bin").shell("cd / && exec duckmirror \"$@\"")
                .run("--version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().lines().findFirst()).as(result.toString()).hasValueSatisfying(
                line -> assertThat(line).matches("duckmirror \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"));
    }

    @Test
    void noJdk25IsASetUpErrorExitTwoInOneLine() throws Exception {
        Path emptyJvmRoot = Files.createDirectories(dir.resolve("jvm"));

        var result = new Duckmirror().env("JAVA_HOME", dir.resolve("no-such-jdk").toString())
                .env("DUCKMIRROR_JVM_ROOT", emptyJvmRoot.toString()).run("plan");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip().lines()).as(result.toString()).singleElement().asString()
                .contains("no JDK 25 or newer found", emptyJvmRoot.toString(), "JAVA_HOME");
    }

    /**
     * duckmirror's, DuckDB's and the postgres extension's versions: the extension is reported once it is
     * installed (by the plan, from the staged repository into a fresh HOME), without loading it.
     */
    @Test
    void versionNamesDuckdbAndThePostgresExtensionOnceInstalled() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        var before = new Duckmirror().env("HOME", home.toString()).run("--version");
        var plan = source.app(dir.resolve("unused.duckdb")).env("HOME", home.toString()).run("plan");
        var after = new Duckmirror().env("HOME", home.toString()).run("--version");

        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.stdout().lines()).as(before.toString()).satisfiesExactly(
                duckmirror -> assertThat(duckmirror).startsWith("duckmirror "),
                duckdb -> assertThat(duckdb).matches("DuckDB v1\\.\\d+\\.\\d+ \\(\\w+\\)"),
                postgres -> assertThat(postgres).isEqualTo(
                        "postgres extension: not installed (duckmirror installs it on first use)"),
                motherduck -> assertThat(motherduck).startsWith("motherduck extension"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        String repository = System.getenv("DUCKDB_EXTENSION_REPOSITORY");
        assertThat(after.stdout().lines().toList().get(2)).as(after.toString())
                .matches("postgres extension \\S+"
                        + (repository == null ? ".*" : " \\(installed from " + Pattern.quote(repository) + "\\)"));
        assertThat(after.stdout().lines().toList().get(1)).isEqualTo(before.stdout().lines().toList().get(1));
    }

    /** docs/operations.md: a reader holding a local target file open, even read-only, blocks the mirror. */
    @Test
    void aReaderHoldingTheTargetOpenBlocksTheMirror() throws Exception {
        Path target = dir.resolve("mirror.duckdb");
        TargetFile.execute(target, "CREATE TABLE main.earlier AS SELECT 1 AS x");
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        Duckmirror.Result result;
        try (Connection reader = DriverManager.getConnection("jdbc:duckdb:" + target, readOnly)) {
            result = source.app(target).env("TARGET_LOCK_WAIT_SECONDS", "0").run("execute", "--tables", "public.small_a");
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).contains("could not open the target " + target, "TARGET_LOCK_WAIT_SECONDS");
        assertThat(TargetFile.rows(target, "SELECT table_name FROM information_schema.tables"))
                .containsExactly(List.of("earlier"));
    }

    /** docs/operations.md: CREATE TABLE AS brings columns and types, not the source's primary key or NOT NULL. */
    @Test
    void constraintsDoNotComeAlong() throws Exception {
        Path target = dir.resolve("mirror.duckdb");

        var result = source.app(target).run("execute", "--tables", "public.small_a");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(source.query("SELECT count(*) FROM information_schema.table_constraints WHERE table_name = 'small_a'"
                + " AND constraint_type = 'PRIMARY KEY'")).containsExactly(List.of("1"));
        assertThat(TargetFile.rows(target, "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'small_a'"))
                .containsExactly(List.of("0"));
        assertThat(TargetFile.rows(target, "SELECT count(*), min(id), max(id) FROM public.small_a"))
                .containsExactly(List.of("10", "1", "10"));
    }

    /** An orchestrator's sidecar may read the plan file as another user: the umask decides, as for any file. */
    @Test
    void planOutputIsCreatedUnderTheUmaskNotPrivate() throws Exception {
        for (String umask : new String[] { "022", "027" }) {
            Path file = dir.resolve("xcom-" + umask + "/return.json");

            var result = source.app(dir.resolve("unused.duckdb")).shell("umask " + umask + " && exec \"$0\" \"$@\"")
                    .run("plan", "--tasks", "--output", file.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).isEmpty();
            assertThat(Files.readString(file)).startsWith("[\"").endsWith("]\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(umask)
                    .isEqualTo(umask.equals("022") ? "rw-r--r--" : "rw-r-----");
            try (var partials = Files.list(file.getParent())) {
                assertThat(partials).as("no partial file left behind").containsExactly(file);
            }
        }
    }

    /**
     * The build rewrites picocli's class files (version 49) to a version the AOT cache links (pom.xml,
     * src/build/ModernClassFiles.java): its command line then comes from the cache, not from the jar.
     */
    @Test
    void picocliComesFromTheAotCache() throws Exception {
        var result = new Duckmirror().env("DUCKMIRROR_JAVA_OPTS", "-Xlog:class+load=info:stderr").run("--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        // Built with -Dduckmirror.aot.skip, there is no cache, or a stale one the JVM refuses.
        assumeTrue(loadedFrom(result.stderr(), "io.duckmirror.Main").contains(FROM_CACHE), "no AOT cache in use");
        assertThat(loadedFrom(result.stderr(), "picocli.CommandLine")).contains(FROM_CACHE);
    }

    /**
     * A jar rebuilt after the cache's training leaves the cache unused: JDK 25 before 25.0.4 does not
     * compare the class path's jars with the cache (JDK-8377932) and would run the trained build's
     * classes. Checked on a copy of the build made of hard links, one jar of it copied anew.
     */
    @Test
    void aCacheOlderThanAJarOfTheBuildIsNotUsed() throws Exception {
        Path cache = Path.of("target", "duckmirror.aot");
        assumeTrue(Files.isRegularFile(cache), "built with -Dduckmirror.aot.skip: no cache");
        // In target/: hard links need the same file system.
        Path root = Files.createTempDirectory(Path.of("target"), "install-it-");
        try {
            for (String file : List.of("bin/duckmirror", "bin/jvm.options", "scripts/lib.sh")) {
                Files.createDirectories(root.resolve(file).getParent());
                Files.copy(Path.of(file), root.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
            linkTree(Path.of("target", "quarkus-app"), root.resolve("target/quarkus-app"));
            Files.createLink(root.resolve("target/duckmirror.aot"), cache);
            Duckmirror copy = new Duckmirror().env("DUCKMIRROR_JAVA_OPTS", "-Xlog:aot=info:stderr")
                    .shell("exec " + root.resolve("bin/duckmirror") + " \"$@\"");

            var fresh = copy.run("--version");
            Path jar;
            try (var jars = Files.list(root.resolve("target/quarkus-app/app"))) {
                jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
            }
            Files.delete(jar); // the hard link: the build's own jar stays as it is
            Files.copy(Path.of("target", "quarkus-app", "app").resolve(jar.getFileName()), jar);
            var rebuilt = copy.run("--version");

            assertThat(fresh.stderr()).as(fresh.toString()).contains("Opened AOT cache");
            assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
            assertThat(rebuilt.stdout()).startsWith("duckmirror ");
            assertThat(rebuilt.stderr()).as(rebuilt.toString()).doesNotContain("Opened AOT cache");
        } finally {
            try (var paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void linkTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createLink(target, path);
                }
            }
        }
    }

    /** The class-load log's line for one class. */
    private static String loadedFrom(String classLoadLog, String className) {
        return classLoadLog.lines().filter(l -> l.contains(" " + className + " source: ")).findFirst()
                .orElseThrow(() -> new AssertionError(className + " not loaded: " + classLoadLog));
    }
}
