package io.duckmirror.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a table's mirror depends on, as PostgreSQL's catalog shows it without reading the table
 * (SKIP_UNCHANGED=true): recorded in the audit row of each copy, compared at the next run. Equal
 * fingerprints mean no write, no rewrite and no change of shape since the recorded copy, unless the
 * counters were lost or reset, which the server and statistics parts tell.
 *
 * @param database the source database's oid: another database is another source
 * @param serverStart when the source server started: a restart may discard counters (after a crash it does)
 * @param statsReset when the database's statistics were last reset, any table's included
 * @param output a digest of what shapes the copy on duckmirror's side: the read and NUMERIC_POLICY
 * @param content a digest of the columns, and of the file node and tuple counters of every relation
 *        whose rows the table's SELECT returns (its partitions, its inheritance children)
 */
public record Fingerprint(String database, String serverStart, String statsReset, String output, String content) {
    /**
     * Bump when a change in duckmirror alters a copy's values without altering its read's SQL text,
     * so that every table is copied once more after the upgrade.
     */
    static final int MAPPING_VERSION = 1;
    private static final String VERSION = "v1";

    /** The digest of what shapes a table's copy on duckmirror's side. */
    static String output(String numericPolicy, TableRead read) {
        String shape = MAPPING_VERSION + "\n" + numericPolicy + "\n" + read.select();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The form kept in the audit table's fingerprint column. */
    public String encoded() {
        return String.join(";", VERSION, "database=" + database, "server_start=" + serverStart,
                "stats_reset=" + statsReset, "output=" + output, "content=" + content);
    }

    /** A recorded fingerprint; empty when it is of another version or not one at all. */
    static Optional<Fingerprint> decode(String encoded) {
        String[] parts = encoded.split(";");
        if (parts.length != 6 || !parts[0].equals(VERSION)) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals < 0) {
                return Optional.empty();
            }
            fields.put(parts[i].substring(0, equals), parts[i].substring(equals + 1));
        }
        if (!fields.keySet().equals(Set.of("database", "server_start", "stats_reset", "output", "content"))) {
            return Optional.empty();
        }
        return Optional.of(new Fingerprint(fields.get("database"), fields.get("server_start"),
                fields.get("stats_reset"), fields.get("output"), fields.get("content")));
    }

    /** Why a table with this fingerprint must be copied again after one recorded with that; empty: it need not. */
    Optional<String> changedSince(Fingerprint recorded, String recordedRun) {
        if (!database.equals(recorded.database)) {
            return Optional.of("its last copy (run " + recordedRun + ") came from another source database");
        }
        if (!serverStart.equals(recorded.serverStart)) {
            return Optional.of("the source server restarted since its last copy (run " + recordedRun
                    + "), and a restart can discard the change counters");
        }
        if (!statsReset.equals(recorded.statsReset)) {
            return Optional.of("the source's statistics were reset since its last copy (run " + recordedRun + ")");
        }
        if (!output.equals(recorded.output)) {
            return Optional.of("how it is read changed since its last copy (run " + recordedRun
                    + "): NUMERIC_POLICY or duckmirror's type mapping");
        }
        if (!content.equals(recorded.content)) {
            return Optional.of("changed since its last copy (run " + recordedRun + ")");
        }
        return Optional.empty();
    }
}
