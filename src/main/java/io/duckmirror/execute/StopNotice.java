package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.session.Connector;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.MDC;

/**
 * What a signal (an orchestrator's SIGTERM, exit 143, or Ctrl-C's SIGINT, exit 130) leaves, said on
 * stderr and recorded in duckmirror_runs while the copies are under way. No commit passes once the
 * signal has come and the JVM exits with DuckDB's statements uncommitted, so the tables being copied
 * keep their previous versions, and the tables not started yet were not; the audit then names both.
 * Installed for the copying, removed after.
 */
final class StopNotice implements AutoCloseable {
    /**
     * How long the record may hold the exit up: an orchestrator kills a task that outstays its grace
     * period (Kubernetes 30 s, docker stop 10 s), and a slow target must not use it up.
     */
    private static final Duration RECORD_WAIT = Duration.ofSeconds(3);

    /** What is being copied when the signal comes. */
    interface InFlight {
        /** The line to print, or empty while nothing is being copied. */
        Optional<String> notice(String runId);

        Set<TableRef> copying();
    }

    private final Thread hook;
    private final Connector recording;

    private StopNotice(Thread hook, Connector recording) {
        this.hook = hook;
        this.recording = recording;
    }

    /**
     * @param connector the run's own: the event is written on another connection of its DuckDB instance,
     *        since the run's own may be inside the copy's transaction
     */
    static StopNotice install(Recorder recorder, Connector connector, InFlight inFlight) {
        Connector recording = connector.worker();
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            recording.stopCommits();
            Set<TableRef> copying = inFlight.copying();
            inFlight.notice(recorder.runId()).ifPresent(System.err::println);
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                MDC.put("run_id", recorder.runId());
                recorder.interrupted(recording.targetSession(), copying);
            });
            try {
                writer.join(RECORD_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        return new StopNotice(hook, recording);
    }

    /** The notice of a SNAPSHOT=consistent set: all its tables are in one transaction until the end. */
    record ConsistentSet(Set<TableRef> copying) implements InFlight {
        @Override
        public Optional<String> notice(String runId) {
            return Optional.of("duckmirror: stopped by a signal while copying the consistent set of " + copying.size()
                    + " table(s) (SNAPSHOT=consistent, run " + runId + "): nothing was swapped;"
                    + " every table keeps its previous version, if any");
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run, on its connection: leave both to the exit
            return;
        }
        recording.close();
    }
}
