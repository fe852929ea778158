package io.duckmirror.audit;

import io.duckmirror.ExitCode;
import io.duckmirror.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One run as the audit tables recorded it, table by table: each table's latest row in the run (an
 * orchestrator's retry of a failed task, with the same run id, supersedes the failure), or, for a
 * table the run set out to copy but has no row for, why not. Plain {@code audit} and the gate
 * ({@code audit --expect}) both read a run this way; they differ only in which tables they hold it to.
 */
public record RunAudit(String runId, List<TableAudit> tables) {

    /** How one table stands in the run. */
    public sealed interface TableAudit {
        TableRef table();

        /** {@code succeeded}, {@code failed}, ... for a row; {@code missing}, {@code interrupted}, ... without one. */
        String label();

        boolean ok();
    }

    /**
     * @param latest the table's last row in the run
     * @param attemptsInRun the attempts of all its rows in the run: more than the latest row's when a
     *        task was tried again
     */
    public record Recorded(AuditEntry latest, int attemptsInRun) implements TableAudit {
        @Override
        public TableRef table() {
            return latest.table();
        }

        @Override
        public String label() {
            return latest.status().label();
        }

        @Override
        public boolean ok() {
            return latest.status().ok();
        }
    }

    /** A table the run was to copy that has no row: never ok. */
    public record Unrecorded(TableRef table, String label, String reason) implements TableAudit {
        @Override
        public boolean ok() {
            return false;
        }
    }

    public static final String MISSING = "missing";
    public static final String INTERRUPTED = "interrupted";
    public static final String REFUSED = "refused";

    public RunAudit {
        tables = List.copyOf(tables);
    }

    /**
     * The run held to these tables: each one's latest row, or why it has none.
     *
     * @param rows the run's rows, per table in the order they were written
     * @param events the run's events, in order
     */
    static RunAudit of(String runId, Collection<TableRef> tables, List<AuditEntry> rows, List<RunLog.RunEvent> events) {
        Map<TableRef, Recorded> recorded = new LinkedHashMap<>();
        for (AuditEntry row : rows) {
            int before = recorded.containsKey(row.table()) ? recorded.get(row.table()).attemptsInRun() : 0;
            recorded.put(row.table(), new Recorded(row, before + row.attempts()));
        }
        List<TableAudit> audits = new ArrayList<>();
        for (TableRef table : new TreeSet<>(tables)) {
            audits.add(recorded.containsKey(table) ? recorded.get(table) : unrecorded(table, events));
        }
        return new RunAudit(runId, audits);
    }

    /** Every table the run touched: those with rows, and those an invocation set out to copy. */
    static RunAudit of(String runId, List<AuditEntry> rows, List<RunLog.RunEvent> events) {
        List<TableRef> tables = new ArrayList<>(rows.stream().map(AuditEntry::table).toList());
        events.forEach(e -> tables.addAll(e.tables()));
        return of(runId, tables, rows, events);
    }

    /** Why a table has no row, from the events of the last invocation that named it. */
    private static Unrecorded unrecorded(TableRef table, List<RunLog.RunEvent> events) {
        Optional<String> invocation = events.reversed().stream()
                .filter(e -> e.event() != RunLog.Event.INTERRUPTED && e.tables().contains(table))
                .map(RunLog.RunEvent::invocation).findFirst();
        if (invocation.isEmpty()) {
            return new Unrecorded(table, MISSING, "no row in the run: its task never ran, or was killed before it planned");
        }
        List<RunLog.RunEvent> its = events.stream().filter(e -> e.invocation().equals(invocation.get())).toList();
        for (RunLog.RunEvent event : its) {
            switch (event.event()) {
                case REFUSED -> {
                    return new Unrecorded(table, REFUSED, "its task ran and refused it: " + event.detail().orElse(""));
                }
                case INTERRUPTED -> {
                    return new Unrecorded(table, INTERRUPTED, event.tables().contains(table)
                            ? "stopped by a signal while it was being copied; its previous version, if any, is intact"
                            : "not started: its task was stopped by a signal");
                }
                case FINISHED -> {
                    return new Unrecorded(table, MISSING,
                            "its task finished without writing its row (its log says why: AUDIT ... row not written)");
                }
                case STARTED -> {
                    // how it ended decides
                }
            }
        }
        return new Unrecorded(table, MISSING, "its task started and never finished: it was killed, or is still running");
    }

    /** How many tables stand under each label, in table order of first appearance. */
    public Map<String, Long> counts() {
        return tables.stream().collect(Collectors.groupingBy(TableAudit::label, LinkedHashMap::new, Collectors.counting()));
    }

    /** The tables that are not ok. */
    public List<TableAudit> shortfall() {
        return tables.stream().filter(t -> !t.ok()).toList();
    }

    /** 1 when any table of the run is not ok, as for the run itself. */
    public ExitCode exitCode() {
        return shortfall().isEmpty() ? ExitCode.OK : ExitCode.TABLE_FAILED;
    }
}
