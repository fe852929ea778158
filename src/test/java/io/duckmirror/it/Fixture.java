package io.duckmirror.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
     * Starts the app while the table is locked, so its copy queues behind the lock and holds still;
     * runs the action once the copy's backend waits, then lets go and returns how the run ended.
     */
    Duckmirror.Result whileCopyWaits(String table, Duckmirror app, WhileWaiting action) throws Exception {
        try (Connection locker = admin()) {
            locker.setAutoCommit(false);
            Rows.execute(locker, "LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            Duckmirror.Running running = app.start("run");
            List<String> waiting = List.of();
            // A bound against a hang, not a timing.
            for (int i = 0; i < 6000 && waiting.isEmpty() && running.process().isAlive(); i++) {
                Thread.sleep(20);
                waiting = query("SELECT pid FROM pg_stat_activity WHERE application_name = 'duckmirror'"
                        + " AND wait_event_type = 'Lock' AND datname = current_database()").stream().map(List::getFirst).toList();
            }
            if (waiting.isEmpty()) {
                throw new AssertionError("the copy never waited on the lock: " + running.await());
            }
            action.run(running, waiting);
            locker.rollback();
            return running.await();
        }
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
