package io.duckmirror.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.TableRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlanTasksTest {

    @Test
    void enoughTasksGiveOneTablePerTaskInPlanOrder() {
        Plan plan = plan(List.of(t("a"), t("b"), t("c")), Map.of());

        assertThat(plan.tasks(3)).containsExactly(List.of(t("a")), List.of(t("b")), List.of(t("c")));
        assertThat(plan.tasks(1024)).hasSize(3);
    }

    @Test
    void tooFewTasksGroupTablesByTheirSizeBiggestFirst() {
        Map<TableRef, Long> pages = Map.of(t("huge"), 1000L, t("mid1"), 400L, t("mid2"), 400L, t("s1"), 10L, t("s2"), 10L);
        Plan plan = plan(List.copyOf(new java.util.TreeSet<>(pages.keySet())), pages);

        List<List<TableRef>> tasks = plan.tasks(2);

        assertThat(tasks).containsExactlyInAnyOrder(List.of(t("huge")), List.of(t("mid1"), t("mid2"), t("s1"), t("s2")));
    }

    @Test
    void everyTableIsInExactlyOneTaskAndTheTasksAreBalanced() {
        Map<TableRef, Long> pages = new HashMap<>();
        List<TableRef> tables = IntStream.range(0, 3000).mapToObj(i -> t("t" + i)).toList();
        tables.forEach(table -> pages.put(table, (long) (table.hashCode() & 0xFF)));
        Plan plan = plan(tables, pages);

        List<List<TableRef>> tasks = plan.tasks(1024);

        assertThat(tasks).hasSize(1024).allSatisfy(task -> assertThat(task).isNotEmpty());
        assertThat(tasks.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(tables);
        // Greedy placement, biggest first: no task exceeds another by more than the largest table.
        long[] loads = tasks.stream().mapToLong(task -> task.stream().mapToLong(t -> Math.max(1, pages.get(t))).sum())
                .toArray();
        assertThat(java.util.Arrays.stream(loads).max().orElseThrow() - java.util.Arrays.stream(loads).min().orElseThrow())
                .isLessThanOrEqualTo(255);
    }

    @Test
    void emptyTablesStillSpreadOverTheTasks() {
        List<TableRef> tables = IntStream.range(0, 10).mapToObj(i -> t("e" + i)).toList();

        assertThat(plan(tables, Map.of()).tasks(4)).extracting(List::size).containsExactlyInAnyOrder(3, 3, 2, 2);
    }

    private static Plan plan(List<TableRef> tables, Map<TableRef, Long> pages) {
        return new Plan(tables, List.of(), List.of(), List.of(), List.of(), Map.of(), pages);
    }

    private static TableRef t(String name) {
        return new TableRef("s", name);
    }
}
