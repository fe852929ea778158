package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults from outside duckmirror: the source restarting, duckmirror itself killed or terminated in the
 * middle of a table's swap, a source nobody listens for, a target file another process holds, and a
 * source statement that hangs. Each copy is held in place deterministically: the test locks the table
 * ACCESS EXCLUSIVE from an admin connection, starts duckmirror, and acts once pg_stat_activity shows
 * duckmirror's copy waiting for that lock.
 */
class FaultsIT {
    /** The bound of every wait: against a hang, not a speed assertion. A wait that runs out fails. */
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final long POLL_MILLIS = 20;
    /** How duckmirror's log lines start (application.yaml's console format). */
    private static final Pattern LOG_LINE = Pattern
            .compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) ");

    private static Fixture source;

    /** Every duckmirror this test started: none may outlive it, whatever failed. */
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(1, TimeUnit.MINUTES);
            }
        }
    }

    @BeforeAll
    static void createSource() throws Exception {
        source = Fixture.create("faults_it", "faults.sql");
    }

    /**
     * A fast restart of the source terminates the waiting copy (and the test's own lock); the copy is
     * retried on a fresh connection once the server is back, and the table arrives whole.
     */
    @Test
    void aSourceRestartMidCopyIsRetriedAndTheTableArrivesWhole() throws Exception {
        assumeTrue(source.server.restartable(), PostgresServer.NOT_RESTARTABLE);
        Path target = dir.resolve("t.duckdb");
        Duckmirror.Result result;
        Connection locker = source.lock("public.restarted");
        try {
            var running = start(source.app(target)
                    .env("INCLUDED_TABLES", "public.restarted")
                    .env("RETRY_BASE_SECONDS", "1")
                    .env("MAX_RETRIES", "5"));
            source.awaitWaitingCopy(running, "restarted");
            source.server.restart(PostgresServer.Shutdown.FAST);
            result = running.await();
        } finally {
            closeQuietly(locker); // already gone with the restart
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<List<String>> audit = TargetFile.rows(target,
                "SELECT status, attempts > 1, rows_loaded, error FROM main.flight_tracker");
        assertThat(audit).as(result.toString()).containsExactly(Arrays.asList("succeeded", "true", "20000", null));
        assertThat(targetContent(target, "restarted")).isEqualTo(sourceContent("restarted"));
    }

    /**
     * SIGKILL while the copy that would replace a table waits on the source: the target file still
     * opens, the table is exactly the previous run's, and the next run completes with the new content.
     */
    @Test
    void aSigkillDuringASwapLeavesThePreviousTableAndTheNextRunCompletes() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var first = source.app(target).env("INCLUDED_TABLES", "public.killed").run("run");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        List<String> firstContent = targetContent(target, "killed");
        assertThat(firstContent).isEqualTo(sourceContent("killed"));

        source.execute("UPDATE public.killed SET v = v || ' (second version)'; DELETE FROM public.killed WHERE id > 15000");
        List<String> secondContent = sourceContent("killed");
        assertThat(secondContent).isNotEqualTo(firstContent);

        var killed = signalWhileWaiting(target, "killed", Process::destroyForcibly);
        assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(128 + 9);

        assertThat(targetContent(target, "killed")).as("the previous version, whole").isEqualTo(firstContent);
        assertThat(TargetFile.rows(target, "SELECT run_id, status FROM main.flight_tracker"))
                .as("only the first run's audit row").hasSize(1);

        var next = source.app(target).env("INCLUDED_TABLES", "public.killed").run("run");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(targetContent(target, "killed")).isEqualTo(secondContent);
        assertThat(TargetFile.rows(target, "SELECT status, rows_loaded FROM main.flight_tracker ORDER BY started_at"))
                .containsExactly(List.of("succeeded", "20000"), List.of("succeeded", "15000"));
    }

    /**
     * SIGTERM (what an orchestrator sends first) while the copy that would replace a table waits: a
     * non-zero exit, the previous table whole, a target that opens, and a next run that completes.
     */
    @Test
    void aSigtermDuringASwapLeavesThePreviousTableAndTheNextRunCompletes() throws Exception {
        Path target = dir.resolve("t.duckdb");
        var first = source.app(target).env("INCLUDED_TABLES", "public.terminated").run("run");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        List<String> firstContent = targetContent(target, "terminated");
        assertThat(firstContent).isEqualTo(sourceContent("terminated"));

        source.execute(
                "UPDATE public.terminated SET v = v || ' (second version)'; DELETE FROM public.terminated WHERE id > 15000");
        List<String> secondContent = sourceContent("terminated");

        var terminated = signalWhileWaiting(target, "terminated", Process::destroy);

        assertThat(terminated.exitCode()).as(terminated.toString()).isNotZero();
        assertThat(terminated.stderr()).as(terminated.toString()).doesNotContain("OK   public.terminated")
                .doesNotContain("\tat ").contains("duckmirror: stopped by a signal while copying public.terminated");
        assertThat(targetContent(target, "terminated")).as("the previous version, whole").isEqualTo(firstContent);
        assertThat(TargetFile.rows(target, "SELECT run_id FROM main.flight_tracker"))
                .as("only the first run's audit row").hasSize(1);

        var next = source.app(target).env("INCLUDED_TABLES", "public.terminated").run("run");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(targetContent(target, "terminated")).isEqualTo(secondContent);
    }

    /** SIGTERM during a table's first copy: no table at all rather than part of one. */
    @Test
    void aSigtermDuringAFirstCopyLeavesNoTable() throws Exception {
        Path target = dir.resolve("t.duckdb");

        var terminated = signalWhileWaiting(target, "never_copied", Process::destroy);

        assertThat(terminated.exitCode()).as(terminated.toString()).isNotZero();
        assertThat(terminated.stderr()).as(terminated.toString()).doesNotContain("\tat ")
                .contains("duckmirror: stopped by a signal while copying public.never_copied");
        assertThat(TargetFile.rows(target, "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_name = 'never_copied'")).as("no partial table").isEmpty();
        assertThat(TargetFile.single(target, "SELECT count(*) FROM main.flight_tracker")).as("no audit row").isEqualTo("0");
        var next = source.app(target).env("INCLUDED_TABLES", "public.never_copied").run("run");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(targetContent(target, "never_copied")).isEqualTo(sourceContent("never_copied"));
    }

    /**
     * Nobody listens on the source's port: exit 3 once the attempts are spent, and one error line
     * naming host and port; no stack trace, no hang. Each failed attempt is a log line naming them too.
     */
    @Test
    void anUnreachableSourceIsOneErrorLineAndExitThree() throws Exception {
        int closedPort = closedPort();
        String source = "127.0.0.1:" + closedPort + "/faults_it";

        var result = unreachable(closedPort, 3);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(errorLines(result.stderr())).as(result.toString()).singleElement().asString()
                .startsWith("duckmirror: could not connect to the source " + source)
                .containsIgnoringCase("connection refused");
        List<String> lines = result.stderr().strip().lines().toList();
        assertThat(lines.getLast()).as(result.toString()).startsWith("duckmirror: ");
        // A line per wait, after attempts 1 and 2; the last attempt's failure is the error line.
        assertThat(lines.subList(0, lines.size() - 1)).as("one log line per wait: " + result)
                .hasSize(2).allSatisfy(line -> assertThat(line).contains(" WARN ").contains(source)
                        .containsPattern("attempt [12] of 3 failed, next in "));
    }

    /** The brief's case exactly: one attempt, and then stderr is the one error line and nothing else. */
    @Test
    void withOneAttemptAnUnreachableSourceIsExactlyOneLine() throws Exception {
        int closedPort = closedPort();

        var once = unreachable(closedPort, 1);

        assertThat(once.exitCode()).as(once.toString()).isEqualTo(3);
        assertThat(once.stderr().strip().lines()).as(once.toString()).hasSize(1).first().asString()
                .startsWith("duckmirror: could not connect to the source 127.0.0.1:" + closedPort + "/faults_it");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The lines of stderr that are not log lines: what the README calls the one-line error. */
    private static List<String> errorLines(String stderr) {
        return stderr.lines().filter(line -> !LOG_LINE.matcher(line).find()).toList();
    }

    private Duckmirror.Result unreachable(int closedPort, int attempts) throws InterruptedException {
        var running = start(source.app(dir.resolve("t.duckdb"))
                .env("pg_HOST", "127.0.0.1")
                .env("pg_PORT", Integer.toString(closedPort))
                .env("MAX_RETRIES", Integer.toString(attempts))
                .env("RETRY_BASE_SECONDS", "0"));
        // A bound against a hang, not a speed assertion.
        assertThat(running.process().waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as("duckmirror gave up").isTrue();
        return running.await();
    }

    /**
     * Another process has the target file open read-write (DuckDB locks it) for longer than
     * TARGET_LOCK_WAIT_SECONDS: exit 3 and one line naming the file, and the file is left as it was. The test JVM is that other
     * process: duckmirror runs in
     * a child process of its own.
     */
    @Test
    void aTargetFileHeldByAnotherProcessIsOneLineAndExitThree() throws Exception {
        Path target = dir.resolve("held.duckdb");
        Duckmirror.Result result;
        try (Connection holder = DriverManager.getConnection("jdbc:duckdb:" + target)) {
            Rows.execute(holder, "CREATE TABLE main.mine AS SELECT 42 AS answer");
            result = source.app(target).env("INCLUDED_TABLES", "public.slow").env("TARGET_LOCK_WAIT_SECONDS", "1")
                    .run("run");
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(errorLines(result.stderr())).as(result.toString()).singleElement().asString()
                .startsWith("duckmirror: could not open the target " + target + ": ")
                .contains("in use by another process (waited 1 s, TARGET_LOCK_WAIT_SECONDS");
        assertThat(TargetFile.rows(target, "SELECT table_name FROM information_schema.tables"))
                .as("nothing written").containsExactly(List.of("mine"));
    }

    /**
     * PG_STATEMENT_TIMEOUT_SECONDS makes a source statement that hangs (here: waits on a lock that is
     * never released) a transient failure: retried, then failed with the timeout as its error.
     */
    @Test
    void aStatementTimeoutIsRetriedThenFailsTheTable() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Duckmirror.Result result;
        try (Connection locker = source.lock("public.slow")) {
            // The lock is held until duckmirror has given up: every attempt must time out. The bound
            // is against a timeout that never fires (the copy would wait for the lock for ever).
            var running = start(timeoutApp(target));
            boolean gaveUp = running.process().waitFor(2, TimeUnit.MINUTES);
            if (!gaveUp) {
                running.process().destroyForcibly();
            }
            locker.rollback();
            result = running.await();
            assertThat(gaveUp).as("duckmirror gave up while the source statement hung: " + result).isTrue();
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(TargetFile.rows(target, """
                SELECT status, attempts, rows_loaded, error LIKE '%canceling statement due to statement timeout%'
                FROM main.flight_tracker""")).as(result.toString())
                .containsExactly(Arrays.asList("failed", "2", null, "true"));
        assertThat(TargetFile.rows(target, "SELECT 1 FROM information_schema.tables WHERE table_name = 'slow'"))
                .isEmpty();
        assertThat(result.stderr()).contains("FAIL public.slow").contains("statement timeout");
    }

    /** The same, with the lock released once the first attempt has timed out: the second one succeeds. */
    @Test
    void aStatementTimeoutThenAFreeSourceSucceedsOnTheSecondAttempt() throws Exception {
        Path target = dir.resolve("t.duckdb");
        Duckmirror.Result result;
        try (Connection locker = source.lock("public.slow")) {
            var running = start(timeoutApp(target));
            List<String> firstAttempt = source.awaitWaitingCopy(running, "slow");
            // The first attempt's backend stops waiting when its statement is cancelled (and goes when
            // duckmirror drops the connection): from then on the table is free for the second attempt.
            await("the first attempt's statement timed out",
                    () -> Collections.disjoint(source.waitingCopies("slow"), firstAttempt));
            locker.rollback();
            result = running.await();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(TargetFile.rows(target, "SELECT status, attempts, rows_loaded FROM main.flight_tracker"))
                .as(result.toString()).containsExactly(List.of("succeeded", "2", "1000"));
        assertThat(targetContent(target, "slow")).isEqualTo(sourceContent("slow"));
    }

    private static Duckmirror timeoutApp(Path target) {
        return source.app(target)
                .env("INCLUDED_TABLES", "public.slow")
                .env("PG_STATEMENT_TIMEOUT_SECONDS", "1")
                .env("MAX_RETRIES", "2")
                .env("RETRY_BASE_SECONDS", "0");
    }

    /**
     * Mirrors the table (when given a previous version, replaces it) while the test holds its lock,
     * signals the duckmirror JVM once the copy waits, then lets go. Returns what the process did.
     */
    private Duckmirror.Result signalWhileWaiting(Path target, String table, Consumer<Process> signal) throws Exception {
        Duckmirror.Running running;
        try (Connection locker = source.lock("public." + table)) {
            running = start(source.app(target).env("INCLUDED_TABLES", "public." + table));
            source.awaitWaitingCopy(running, table);
            assertIsTheDuckmirrorJvm(running.process());
            signal.accept(running.process());
            // Still holding the lock: the process must end without its copy ever running.
            assertThat(running.process().waitFor(2, TimeUnit.MINUTES)).as("signalled process ended").isTrue();
            locker.rollback();
        }
        return running.await();
    }

    private Duckmirror.Running start(Duckmirror app) {
        Duckmirror.Running running = app.start("run");
        started.add(running.process());
        return running;
    }

    /** Polls until the condition holds; fails when the bound runs out first. */
    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The process about to be signalled is the duckmirror JVM itself (no wrapper shell), our child. */
    private static void assertIsTheDuckmirrorJvm(Process process) {
        ProcessHandle handle = process.toHandle();
        assertThat(handle.parent().map(ProcessHandle::pid)).contains(ProcessHandle.current().pid());
        assertThat(handle.info().command()).hasValueSatisfying(command -> assertThat(command).endsWith("/java"));
        assertThat(handle.info().arguments().map(List::of)).hasValueSatisfying(
                args -> assertThat(args).anySatisfy(arg -> assertThat(arg).endsWith("quarkus-run.jar")));
        assertThat(handle.children()).as("no child processes to orphan").isEmpty();
    }

    /** Row count, id sum and a digest of every value, in PostgreSQL. */
    private static List<String> sourceContent(String table) throws SQLException {
        return source.query(contentQuery(table)).getFirst();
    }

    /** The same, in the target file (read-only, after duckmirror ended). */
    private static List<String> targetContent(Path target, String table) throws SQLException {
        return TargetFile.rows(target, contentQuery(table)).getFirst();
    }

    private static String contentQuery(String table) {
        return "SELECT count(*), sum(id), md5(string_agg(CAST(id AS TEXT) || ':' || v, ',' ORDER BY id)) FROM public."
                + table;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the server restarted under it
        }
    }
}
