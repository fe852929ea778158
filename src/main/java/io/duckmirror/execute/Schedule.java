package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.config.NameList;
import io.duckmirror.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which tables a worker copies next, and what is in flight. Biggest first, so that the last table to
 * finish is a small one; and large tables one at a time, the small ones copied beside them. Measured
 * on TPC-H SF1 (2 cores, PostgreSQL on the same host, PARALLEL_TABLES=2): large tables sharing the
 * machine took 7% longer and more memory than large tables one at a time, since a large copy already
 * keeps every core busy; small tables, bound by round trips, gain from overlapping. Small tables go
 * in groups, each group copied in one transaction (TableCopier#copyTogether). Thread-safe: every
 * worker of a run shares one.
 */
final class Schedule implements StopNotice.InFlight {
    /**
     * A table of at least this many PostgreSQL pages (8 kB; 80 MB) is large: well over one DuckDB row
     * group, its copy busy on every core for seconds.
     */
    static final long LARGE_PAGES = 10_000;
    /**
     * A group of small tables holds at most this many pages in all (2 MB): a table this small copies
     * in a few milliseconds, about what its own transaction, commit and source connection cost.
     */
    static final long GROUP_PAGES = 256;

    private final List<TableRef> waiting;
    private final Map<TableRef, Long> pages;
    private final int workers;
    private final int perCommit;
    private final Set<TableRef> copying = new LinkedHashSet<>();
    private final int total;
    private int started;
    private boolean largeInFlight;

    /**
     * @param workers the workers taking tables, among which the last small tables are shared out
     * @param perCommit the most tables in one group (TABLES_PER_COMMIT); 1: every table alone
     */
    Schedule(List<TableRef> tables, Map<TableRef, Long> pages, int workers, int perCommit) {
        this.pages = pages;
        this.workers = workers;
        this.perCommit = perCommit;
        this.total = tables.size();
        this.waiting = new ArrayList<>(tables.stream().sorted(Plan.biggestFirst(pages)).toList());
    }

    private long pages(TableRef table) {
        return pages.getOrDefault(table, 0L);
    }

    private boolean large(TableRef table) {
        return pages(table) >= LARGE_PAGES;
    }

    /**
     * The next tables to copy, now marked in flight: one table, or a group of small ones that fit in
     * {@link #GROUP_PAGES}, at most {@code perCommit}, and no more than an even share of the small
     * tables left per worker, so that the last ones still spread over the workers. Empty when none is
     * left. Waits while only large tables are left and one of them is being copied.
     */
    synchronized List<TableRef> next() throws InterruptedException {
        while (!waiting.isEmpty()) {
            for (int i = 0; i < waiting.size(); i++) {
                TableRef table = waiting.get(i);
                if (!large(table) || !largeInFlight) {
                    largeInFlight |= large(table);
                    List<TableRef> group = group(i);
                    waiting.removeAll(group);
                    copying.addAll(group);
                    started += group.size();
                    return group;
                }
            }
            wait();
        }
        return List.of();
    }

    /** The table at {@code first}, and the smaller ones after it that join its group. */
    private List<TableRef> group(int first) {
        List<TableRef> group = new ArrayList<>(List.of(waiting.get(first)));
        long groupPages = pages(group.getFirst());
        int fairShare = (int) Math.ceilDiv(waiting.size() - first, workers);
        for (int i = first + 1; i < waiting.size() && group.size() < Math.min(perCommit, fairShare); i++) {
            // Biggest first: every table after the first is no bigger.
            if (groupPages + pages(waiting.get(i)) > GROUP_PAGES) {
                break;
            }
            groupPages += pages(waiting.get(i));
            group.add(waiting.get(i));
        }
        return group;
    }

    synchronized void done(TableRef table) {
        copying.remove(table);
        if (large(table)) {
            largeInFlight = false;
            notifyAll();
        }
    }

    @Override
    public synchronized Set<TableRef> copying() {
        return Set.copyOf(copying);
    }

    /** The notice for a signal now, or empty when no copy is under way. */
    @Override
    public synchronized Optional<String> notice(String runId) {
        if (copying.isEmpty()) {
            return Optional.empty();
        }
        String tables = copying.stream().map(NameList::format).collect(Collectors.joining(", "));
        String kept = copying.size() == 1 ? "its previous version, if any, is intact"
                : "their previous versions, if any, are intact";
        return Optional.of("duckmirror: stopped by a signal while copying " + tables + " (run " + runId + "): "
                + kept + "; not started: " + (total - started) + " table(s)");
    }
}
