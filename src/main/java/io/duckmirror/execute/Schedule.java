package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which table a worker copies next, and what is in flight. Biggest first, so that the last table to
 * finish is a small one; and large tables one at a time, the small ones copied beside them. Measured
 * on TPC-H SF1 (2 cores, PostgreSQL on the same host, PARALLEL_TABLES=2): large tables sharing the
 * machine took 7% longer and more memory than large tables one at a time, since a large copy already
 * keeps every core busy; small tables, bound by round trips, gain from overlapping. Thread-safe:
 * every worker of a run shares one.
 */
final class Schedule {
    /**
     * A table of at least this many PostgreSQL pages (8 kB; 80 MB) is large: well over one DuckDB row
     * group, its copy busy on every core for seconds.
     */
    static final long LARGE_PAGES = 10_000;

    private final List<TableRef> waiting;
    private final Map<TableRef, Long> pages;
    private final Set<TableRef> copying = new LinkedHashSet<>();
    private final int total;
    private int started;
    private boolean largeInFlight;

    Schedule(List<TableRef> tables, Map<TableRef, Long> pages) {
        this.pages = pages;
        this.total = tables.size();
        this.waiting = new ArrayList<>(tables.stream().sorted(Plan.biggestFirst(pages)).toList());
    }

    private boolean large(TableRef table) {
        return pages.getOrDefault(table, 0L) >= LARGE_PAGES;
    }

    /**
     * The next table to copy, now marked in flight; empty when none is left. Waits while only large
     * tables are left and one of them is being copied.
     */
    synchronized Optional<TableRef> next() throws InterruptedException {
        while (!waiting.isEmpty()) {
            for (int i = 0; i < waiting.size(); i++) {
                TableRef table = waiting.get(i);
                if (!large(table) || !largeInFlight) {
                    waiting.remove(i);
                    largeInFlight |= large(table);
                    copying.add(table);
                    started++;
                    return Optional.of(table);
                }
            }
            wait();
        }
        return Optional.empty();
    }

    synchronized void done(TableRef table) {
        copying.remove(table);
        if (large(table)) {
            largeInFlight = false;
            notifyAll();
        }
    }

    /** The notice for a signal now, or empty when no copy is under way. */
    synchronized Optional<String> notice(String runId) {
        if (copying.isEmpty()) {
            return Optional.empty();
        }
        String tables = copying.stream().map(TableRef::toString).collect(Collectors.joining(", "));
        String kept = copying.size() == 1 ? "its previous version, if any, is intact"
                : "their previous versions, if any, are intact";
        return Optional.of("duckmirror: stopped by a signal while copying " + tables + " (run " + runId + "): "
                + kept + "; not started: " + (total - started) + " table(s)");
    }
}
