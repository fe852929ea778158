package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A TARGET that is a file but not a DuckDB database DuckDB can open is a configuration error: exit
 * 2, one line naming TARGET and the file, and the file is left byte for byte as it was. An SQLite
 * file in particular is never opened as SQLite (where DuckDB's sqlite extension is installed it
 * would be, and get an audit table written into it).
 */
class TargetFilesIT {
    private static Fixture source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("target_files_it", "targets.sql");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "sqlite", "random", "empty", "corrupt" })
    void aFileThatIsNoDuckDbDatabaseIsExitTwoAndUntouched(String kind) throws Exception {
        Path target = dir.resolve("target.db");
        Duckmirror app = source.app(target);
        String expected = switch (kind) {
            case "sqlite" -> {
                try (InputStream sqlite = getClass().getResourceAsStream("/fixtures/sqlite.db")) {
                    Files.copy(sqlite, target);
                }
                app.env("HOME", withSqliteExtension(target).toString());
                yield "' is an SQLite database; give the path of a DuckDB file, or of one to create";
            }
            case "random" -> {
                byte[] noise = new byte[64 * 1024];
                new Random(19).nextBytes(noise);
                Files.write(target, noise);
                yield "' is not a DuckDB file; give the path of a DuckDB file, or of one to create";
            }
            case "empty" -> {
                Files.createFile(target);
                yield "' is an empty file; give the path of a DuckDB file, or of one to create";
            }
            default -> {
                TargetFile.execute(target, "CREATE TABLE main.mine AS SELECT range AS id FROM range(100000)");
                try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
                    byte[] noise = new byte[8192];
                    new Random(19).nextBytes(noise);
                    file.seek(4096); // the database headers, after the file header: DuckDB checksums them
                    file.write(noise);
                }
                yield "' is not a usable DuckDB file: IO Error: Corrupt database file";
            }
        };
        String before = sha256(target);

        for (String command : new String[] { "run", "audit", "check" }) {
            var result = app.run(command);

            assertThat(result.exitCode()).as(command + ": " + result).isEqualTo(2);
            assertThat(result.stderr().strip().lines()).as(command + ": " + result).singleElement().asString()
                    .startsWith("duckmirror: TARGET: '" + target + expected);
        }
        assertThat(sha256(target)).as("the file is unchanged").isEqualTo(before);
        assertThat(dir.resolve("target.db.wal")).doesNotExist();
    }

    /**
     * A HOME whose DuckDB has the sqlite extension installed, as DuckDB's own CLI leaves it after
     * one use: there, an ATTACH without a TYPE opens an SQLite file as SQLite, which this proves on a
     * copy of the file. Where the extension cannot be had, the HOME has none, and the file must still
     * be left alone.
     */
    private Path withSqliteExtension(Path sqliteFile) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path copy = dir.resolve("copy.db");
        Files.copy(sqliteFile, copy);
        String repository = System.getenv("DUCKDB_EXTENSION_REPOSITORY");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            Rows.execute(duckdb, "SET extension_directory = '" + home.resolve(".duckdb/extensions") + "'");
            Rows.execute(duckdb, "INSTALL sqlite" + (repository == null ? "" : " FROM '" + repository + "'"));
            Rows.execute(duckdb, "ATTACH '" + copy + "' AS other");
            assertThat(Rows.query(duckdb, "SELECT x FROM other.kept")).as("DuckDB reads it as SQLite")
                    .containsExactly(List.of("42"));
        } catch (SQLException noExtension) {
            System.err.println("TargetFilesIT: without the sqlite extension: " + noExtension.getMessage());
        }
        return home;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
