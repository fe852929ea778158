package io.duckmirror.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A fresh source database loaded from SQL resources, and a login role that can read it, with a
 * password unique to this run (so a leak of it is unmistakable).
 */
final class Fixture {
    final PostgresServer server = PostgresServer.get();
    final String database;
    final String role;
    final String password = "pw-" + UUID.randomUUID();

    private Fixture(String database) {
        this.database = database;
        this.role = database + "_reader";
    }

    static Fixture create(String database, String... resources) throws SQLException, IOException {
        Fixture fixture = new Fixture(database);
        fixture.server.recreateDatabase(database);
        try (Connection admin = fixture.admin()) {
            Rows.execute(admin, "DROP ROLE IF EXISTS " + fixture.role);
            Rows.execute(admin, "CREATE ROLE " + fixture.role + " LOGIN PASSWORD '" + fixture.password + "'");
            for (String resource : resources) {
                Rows.execute(admin, read(resource));
            }
            for (List<String> schema : Rows.query(admin, "SELECT quote_ident(nspname) FROM pg_namespace"
                    + " WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'")) {
                Rows.execute(admin, "GRANT USAGE ON SCHEMA " + schema.getFirst() + " TO " + fixture.role);
                Rows.execute(admin, "GRANT SELECT ON ALL TABLES IN SCHEMA " + schema.getFirst() + " TO " + fixture.role);
            }
        }
        return fixture;
    }

    /** duckmirror reading this database as the fixture's role, writing into a local DuckDB file. */
    Duckmirror app(Path target) {
        return Duckmirror.against(server, database, role, password, target);
    }

    /** The source as duckmirror describes it in its output. */
    String describe() {
        return server.host + ":" + server.port + "/" + database + " as " + role;
    }

    Connection admin() throws SQLException {
        return server.connect(database);
    }

    List<List<String>> query(String sql) throws SQLException {
        try (Connection admin = admin()) {
            return Rows.query(admin, sql);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection admin = admin()) {
            Rows.execute(admin, sql);
        }
    }

    /** What a test does while a copy waits; may throw. */
    interface WhileWaiting {
        void run(Duckmirror.Running running, List<String> waitingBackends) throws Exception;
    }

    /**
     * Starts the app while the table ({@code schema.table}) is locked, so its copy queues behind the
     * lock and holds still; runs the action once the copy's backend waits, then lets go and returns
     * how the run ended.
     */
    Duckmirror.Result whileCopyWaits(String table, Duckmirror app, WhileWaiting action) throws Exception {
        try (Connection locker = lock(table)) {
            Duckmirror.Running running = app.start("run");
            action.run(running, awaitWaitingCopy(running, table.substring(table.indexOf('.') + 1)));
            locker.rollback();
            return running.await();
        }
    }

    /** Runs the app and terminates the table's copy once, while it waits on the test's lock: a transient failure. */
    Duckmirror.Result terminatedOnce(String table, Duckmirror app) throws Exception {
        return whileCopyWaits(table, app, (running, backends) -> {
            for (String pid : backends) {
                query("SELECT pg_terminate_backend(" + pid + ")");
            }
        });
    }

    /** The lock that holds a copy in place: ACCESS EXCLUSIVE in an open transaction. */
    Connection lock(String table) throws SQLException {
        Connection locker = admin();
        locker.setAutoCommit(false);
        Rows.execute(locker, "LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        return locker;
    }

    /** The backends of duckmirror's copies now waiting for a lock on the table (its name alone). */
    List<String> waitingCopies(String table) throws SQLException {
        return query("""
                SELECT pid FROM pg_stat_activity
                WHERE application_name = 'duckmirror' AND wait_event_type = 'Lock'
                  AND datname = current_database() AND query LIKE '%%"%s"%%'""".formatted(table))
                .stream().map(List::getFirst).toList();
    }

    /** Waits until the running duckmirror's copy of the table waits for the test's lock. */
    List<String> awaitWaitingCopy(Duckmirror.Running running, String table) throws Exception {
        List<String> waiting = List.of();
        // A bound against a hang, not a timing.
        for (long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); waiting.isEmpty()
                && running.process().isAlive() && System.nanoTime() < deadline;) {
            Thread.sleep(20);
            waiting = waitingCopies(table);
        }
        if (waiting.isEmpty()) {
            String output = running.process().isAlive() ? "(still running)" : running.await().toString();
            throw new AssertionError("duckmirror's copy of " + table + " never waited for the lock: " + output);
        }
        return waiting;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = Fixture.class.getResourceAsStream("/fixtures/" + resource)) {
            if (in == null) {
                throw new IOException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
