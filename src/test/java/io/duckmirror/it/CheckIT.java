package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} tries what a run needs, creates nothing, and answers at once: a missing target is
 * reported as to be created, a folder that cannot take a commit's WAL fails it (and a run then copies
 * nothing), a near miss of a setting is exit 2, and the source is tried once.
 */
class CheckIT {
    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("check_it", "targets.sql");
    }

    @Test
    void aMissingFolderIsReportedAsToBeCreatedAndNotCreated() {
        Path target = dir.resolve("no/such/dir/x.duckdb");

        var result = source.app(target).run("check");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        assertThat(result.stdout()).contains("ok  target " + target + " as postgres_ingest: will be created, with its"
                + " folder " + dir.resolve("no/such/dir")).contains("ok  source reachable: " + source.describe());
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void aMissingFileIsNotCreated() throws IOException {
        Path target = dir.resolve("x.duckdb");

        var result = source.app(target).run("check");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        assertThat(result.stdout()).contains("ok  target " + target + " as postgres_ingest: will be created\n");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("nothing left behind").isEmpty();
        }
    }

    @Test
    void aNearMissOfASettingIsExitTwoAfterTheOtherChecks() {
        var result = source.app(dir.resolve("x.duckdb")).env("MAX_RETRY", "3").run("check");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).startsWith(
                "fail configuration: MAX_RETRY is not a setting; did you mean MAX_RETRIES?\n")
                .contains("ok  source reachable: ");
    }

    @Test
    void theSourceIsTriedOnce() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        var result = source.app(dir.resolve("x.duckdb")).env("pg_PORT", Integer.toString(closedPort))
                .env("MAX_RETRIES", "5").run("check");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr().strip().lines()).as("no retry, so no TRANSIENT line: " + result).singleElement()
                .asString().startsWith("duckmirror: could not connect to the source 127.0.0.1:" + closedPort);
    }

    /**
     * A folder the process may not create files in (mode 555): DuckDB opens the existing file there,
     * and then each commit fails on its WAL. check says so, and a run copies nothing: before this,
     * each failed commit left its table's data in the file (a 141 MB mirror grew to 282 MB). Root may
     * write anywhere, so as root the process runs as the postgres system user (runuser).
     */
    @Test
    void aFolderThatCannotTakeTheWalFailsCheckAndRunCopiesNothing() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!root || Files.isExecutable(Path.of("/usr/sbin/runuser")), "runuser, to run as another user");
        Path folder = Files.createTempDirectory(Path.of("/tmp"), "check-it-");
        try {
            Path target = folder.resolve("m.duckdb");
            TargetFile.execute(target, "CREATE TABLE main.mine AS SELECT 42 AS answer");
            if (root) {
                var postgres = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(folder, postgres);
                Files.setOwner(target, postgres);
            }
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
            byte[] before = Files.readAllBytes(target);
            Duckmirror app = source.app(target);
            if (root) {
                app.as("postgres");
            }

            var check = app.run("check");
            var run = app.run("run");

            String refusal = "duckmirror: TARGET: cannot create files in " + folder
                    + ", as every commit must (m.duckdb.wal): permission denied";
            assertThat(check.exitCode()).as(check.toString()).isEqualTo(2);
            assertThat(check.stderr().strip()).isEqualTo(refusal);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.stderr().strip()).isEqualTo(refusal);
            assertThat(Files.readAllBytes(target)).as("the file is unchanged").isEqualTo(before);
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
