package io.duckmirror.execute;

import io.duckmirror.TableRef;
import io.duckmirror.plan.Plan;
import io.duckmirror.session.Connector;
import io.duckmirror.session.Failures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SNAPSHOT=consistent: every table in one transaction (ConsistentCopier), so every outcome is known
 * only at its end. One table's failure is every table's: none was replaced.
 */
final class ConsistentRun {
    private ConsistentRun() {
    }

    /** Each planned table's outcome, in the plan's order; none recorded yet. */
    static List<Outcome> copyAll(ConsistentCopier consistent, Connector connector, Plan plan) {
        AtomicInteger attempts = new AtomicInteger();
        Instant started = Instant.now();
        try {
            List<TableCopier.Copied> copied = consistent.copyAll(connector, plan, attempts);
            Instant committed = Instant.now();
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < copied.size(); i++) {
                TableCopier.Copied c = copied.get(i);
                outcomes.add(new Outcome.Succeeded(plan.tables().get(i), c.rows(), attempts.get(), c.started(),
                        committed, c.conversions()));
            }
            return outcomes;
        } catch (ConsistentCopier.SetFailure failure) {
            String error = Failures.redactedLine(failure.getCause(), connector.settings());
            return notSwapped(plan, attempts.get(), started, failure.table(), error,
                    "not swapped: " + failure.table() + " failed, and SNAPSHOT=consistent replaces every table or none");
        } catch (CopyFailure failure) {
            String error = "not swapped: the consistent set failed: "
                    + Failures.redactedLine(failure.getCause(), connector.settings());
            return notSwapped(plan, attempts.get(), started, null, error, error);
        }
    }

    private static List<Outcome> notSwapped(Plan plan, int attempts, Instant started, TableRef culprit,
            String culpritError, String othersError) {
        Instant now = Instant.now();
        return plan.tables().stream().<Outcome> map(t -> new Outcome.Failed(t, t.equals(culprit) ? culpritError
                : othersError, attempts, started, now, plan.conversions(t))).toList();
    }
}
