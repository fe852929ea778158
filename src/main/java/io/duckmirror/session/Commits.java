package io.duckmirror.session;

import java.sql.SQLException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets a DuckDB instance's commits through until a signal stops the run, and none after: a copy that
 * reaches its commit then waits while the JVM exits, so every table being copied when the signal came
 * keeps its previous version, as the notice says. One per instance, shared by its connections.
 */
final class Commits {
    /** A commit's statement. */
    interface Commit {
        void run() throws SQLException;
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean stopped;

    void through(Commit commit) throws SQLException {
        lock.readLock().lock();
        try {
            if (!stopped) {
                commit.run();
                return;
            }
        } finally {
            lock.readLock().unlock();
        }
        waitForTheExit();
    }

    /** Waits for the commits under way, then lets none through. */
    void stop() {
        lock.writeLock().lock();
        try {
            stopped = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void waitForTheExit() {
        while (true) {
            LockSupport.park(); // returns spuriously at times: wait again
        }
    }
}
