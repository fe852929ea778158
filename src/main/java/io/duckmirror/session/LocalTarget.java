package io.duckmirror.session;

import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.SettingsLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a local target file must be before DuckDB opens it: a DuckDB file or none yet, in a folder
 * where DuckDB can create the write-ahead log every commit writes ({@code <file>.wal}). Checked
 * before attaching, so that another database's file is never written to and a run whose commits
 * cannot succeed copies nothing.
 */
final class LocalTarget {
    /**
     * How long an empty file may stay empty before it is refused: DuckDB creates a new database's file
     * first and writes its header just after, so another connection or process attaching it at that
     * moment finds it empty (or zeroed) for a few milliseconds.
     */
    private static final int EMPTY_CHECKS = 40;
    private static final long EMPTY_CHECK_MILLIS = 50;
    /** A DuckDB file's magic bytes, after its 8-byte checksum. */
    private static final byte[] DUCKDB_MAGIC = "DUCK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private LocalTarget() {
    }

    /** Refuses an existing file that is not a DuckDB database: exit 2, the file untouched. */
    static void requireDuckDb(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        byte[] head = head(file);
        for (int check = 1; unwritten(head) && check < EMPTY_CHECKS; check++) {
            try {
                Thread.sleep(EMPTY_CHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            head = head(file);
        }
        if (head.length >= 12 && Arrays.equals(head, 8, 12, DUCKDB_MAGIC, 0, DUCKDB_MAGIC.length)) {
            return;
        }
        String what = head.length == 0 ? "an empty file"
                : Arrays.equals(head, SQLITE_MAGIC) ? "an SQLite database" : "not a DuckDB file";
        throw new ConfigurationException(SettingsLoader.TARGET, "'" + file + "' is " + what
                + "; give the path of a DuckDB file, or of one to create");
    }

    /** Nothing written yet: empty, or zeros only where the header goes. */
    private static boolean unwritten(byte[] head) {
        for (byte b : head) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SQLITE_MAGIC.length);
        } catch (IOException e) {
            throw new ConfigurationException(SettingsLoader.TARGET, "could not read '" + file + "': "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    /**
     * Proves that a file can be created beside the target, as each commit's WAL is, by creating and
     * deleting one: DuckDB opens the target without it, and only a commit fails.
     */
    static void requireWalCreatable(Path file) {
        Path folder = file.getParent();
        try {
            Files.delete(Files.createTempFile(folder, ".duckmirror-check-", ".wal"));
        } catch (IOException e) {
            throw new ConfigurationException(SettingsLoader.TARGET, "cannot create files in " + folder
                    + ", as every commit must (" + file.getFileName() + ".wal): "
                    + (e instanceof AccessDeniedException ? "permission denied" : e.toString()));
        }
    }

    /**
     * For a file not created yet: the folder a run would create it in, or the nearest existing one
     * above it, must let a file or folder be created. Creates nothing that stays.
     */
    static String requireCreatable(Path file) {
        Path existing = file.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new ConfigurationException(SettingsLoader.TARGET, "'" + file + "' cannot be created: "
                    + existing + " is not a directory");
        }
        requireWalCreatable(existing.resolve(file.getFileName()));
        return existing.equals(file.getParent()) ? "will be created"
                : "will be created, with its folder " + file.getParent();
    }
}
