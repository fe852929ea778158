package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The real PostgreSQL server the integration tests run against: the one named by the
 * DUCKMIRROR_TEST_PG_* environment variables (as scripts/pg-sandbox provides it), else a
 * Testcontainers container of {@value #IMAGE}, which needs Docker (scripts/test and .ci/run choose it
 * whenever an engine answers). One per test JVM.
 */
final class PostgresServer {
    /** The official image's name; where no registry answers, scripts/image builds a stand-in under it. */
    static final String IMAGE = "postgres:15";
    /** The official image's readiness line: once for the initialising server, once per real start. */
    private static final String READY = ".*database system is ready to accept connections.*\\s";

    private static PostgresServer instance;

    final String host;
    final int port;
    private final String user;
    private final String password;
    /** How this server restarts, if a test may restart it. */
    private final Optional<Restarter> restarter;

    private PostgresServer(String host, int port, String user, String password, Optional<Restarter> restarter) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.restarter = restarter;
    }

    static synchronized PostgresServer get() {
        if (instance == null) {
            instance = Optional.ofNullable(System.getenv("DUCKMIRROR_TEST_PG_HOST")).map(PostgresServer::named)
                    .orElseGet(PostgresServer::container);
        }
        return instance;
    }

    private static PostgresServer named(String host) {
        Optional<Restarter> restarter = Optional.ofNullable(System.getenv("DUCKMIRROR_TEST_PG_DATA"))
                .flatMap(data -> Optional.ofNullable(System.getenv("DUCKMIRROR_TEST_PG_BIN"))
                        .map(bin -> new PgCtl(Path.of(data), Path.of(bin))));
        return new PostgresServer(host, Integer.parseInt(System.getenv("DUCKMIRROR_TEST_PG_PORT")),
                System.getenv("DUCKMIRROR_TEST_PG_USER"), System.getenv("DUCKMIRROR_TEST_PG_PASSWORD"), restarter);
    }

    @SuppressWarnings("resource") // removed when the JVM exits (by Ryuk, or by a JVM hook without it)
    private static PostgresServer container() {
        var container = new PostgreSQLContainer<>(IMAGE);
        // A restarted container keeps its host port only if the port is fixed: a free one, chosen here.
        int hostPort = freePort();
        container.setPortBindings(List.of(hostPort + ":" + PostgreSQLContainer.POSTGRESQL_PORT));
        container.start();
        return new PostgresServer(container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                container.getUsername(), container.getPassword(), Optional.of(new ContainerRestart(container)));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the PostgreSQL container", e);
        }
    }

    static final String NOT_RESTARTABLE = "needs a server this test may restart: Testcontainers',"
            + " or one with DUCKMIRROR_TEST_PG_DATA and DUCKMIRROR_TEST_PG_BIN";

    /** PostgreSQL's shutdown modes, as pg_ctl names them and as the signal the server takes for each. */
    enum Shutdown {
        /** Ends open sessions, then a clean stop. */
        FAST("fast", "SIGINT"),
        /** A crash to PostgreSQL: no checkpoint, recovery at the next start. */
        IMMEDIATE("immediate", "SIGQUIT");

        final String pgCtlMode;
        final String signal;

        Shutdown(String pgCtlMode, String signal) {
            this.pgCtlMode = pgCtlMode;
            this.signal = signal;
        }
    }

    /** Whether a test may restart this server ({@link #restart}). */
    boolean restartable() {
        return restarter.isPresent();
    }

    /** Stops the server in that mode and starts it; returns once it accepts connections again. */
    void restart(Shutdown mode) throws IOException, InterruptedException {
        restarter.orElseThrow(() -> new IllegalStateException(NOT_RESTARTABLE)).restart(mode);
    }

    private sealed interface Restarter permits PgCtl, ContainerRestart {
        void restart(Shutdown mode) throws IOException, InterruptedException;
    }

    /**
     * {@code pg_ctl restart -m MODE -w} on a local cluster's data directory, as the directory's owner
     * (PostgreSQL refuses to run as root). Its log goes where scripts/pg-sandbox puts it.
     */
    private record PgCtl(Path data, Path bin) implements Restarter {
        @Override
        public void restart(Shutdown mode) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            String owner = Files.getOwner(data).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                command.addAll(List.of("runuser", "-u", owner, "--"));
            }
            Path log = Files.exists(data.resolveSibling("server.log")) ? data.resolveSibling("server.log")
                    : data.resolve("restart.log");
            command.addAll(List.of(bin.resolve("pg_ctl").toString(), "restart", "-D", data.toString(), "-m",
                    mode.pgCtlMode, "-w", "-t", "120", "-l", log.toString()));
            Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pgCtl.waitFor(3, TimeUnit.MINUTES)).as("pg_ctl restart ended").isTrue();
            assertThat(pgCtl.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        }
    }

    /**
     * The mode's signal to the container's server (its main process), then {@code docker start}; the
     * image logs its readiness line once more per start, which is what this waits for.
     */
    private static final class ContainerRestart implements Restarter {
        private final PostgreSQLContainer<?> container;
        private int starts = 1;

        ContainerRestart(PostgreSQLContainer<?> container) {
            this.container = container;
        }

        @Override
        public synchronized void restart(Shutdown mode) {
            var docker = container.getDockerClient();
            docker.killContainerCmd(container.getContainerId()).withSignal(mode.signal).exec();
            docker.waitContainerCmd(container.getContainerId()).start().awaitStatusCode(2, TimeUnit.MINUTES);
            docker.startContainerCmd(container.getContainerId()).exec();
            starts++;
            // The first start logs the line twice: the initialising server, then the real one.
            Wait.forLogMessage(READY, starts + 1).withStartupTimeout(Duration.ofMinutes(2)).waitUntilReady(container);
        }
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
