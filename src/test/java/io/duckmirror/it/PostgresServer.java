package io.duckmirror.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real PostgreSQL server the integration tests run against: the one named by the
 * DUCKMIRROR_TEST_PG_* environment variables (as scripts/pg-sandbox and .ci/run provide it), else a
 * Testcontainers container, which needs Docker. One per test JVM.
 */
final class PostgresServer {
    private static PostgresServer instance;

    final String host;
    final int port;
    private final String user;
    private final String password;

    private PostgresServer(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    static synchronized PostgresServer get() {
        if (instance == null) {
            instance = Optional.ofNullable(System.getenv("DUCKMIRROR_TEST_PG_HOST"))
                    .map(host -> new PostgresServer(host,
                            Integer.parseInt(System.getenv("DUCKMIRROR_TEST_PG_PORT")),
                            System.getenv("DUCKMIRROR_TEST_PG_USER"),
                            System.getenv("DUCKMIRROR_TEST_PG_PASSWORD")))
                    .orElseGet(PostgresServer::container);
        }
        return instance;
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static PostgresServer container() {
        var container = new PostgreSQLContainer<>("postgres:15-alpine");
        container.start();
        return new PostgresServer(container.getHost(), container.getMappedPort(5432),
                container.getUsername(), container.getPassword());
    }

    /** A new, empty database, replacing any left by an earlier run. */
    void recreateDatabase(String name) throws SQLException {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
    }

    /** A superuser connection to the database. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }
}
