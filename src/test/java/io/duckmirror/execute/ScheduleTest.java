package io.duckmirror.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The order workers take tables in, and the notice a signal prints. */
class ScheduleTest {
    private static final TableRef HUGE = new TableRef("public", "huge");
    private static final TableRef LARGE = new TableRef("public", "large");
    private static final TableRef SMALL = new TableRef("public", "small");
    private static final TableRef TINY = new TableRef("a", "tiny");
    private static final Map<TableRef, Long> PAGES = Map.of(HUGE, 200_000L, LARGE, Schedule.LARGE_PAGES, SMALL,
            Schedule.LARGE_PAGES - 1, TINY, 0L);

    @Test
    void biggestFirstAndLargeTablesOneAtATime() throws Exception {
        Schedule schedule = new Schedule(List.of(TINY, SMALL, LARGE, HUGE), PAGES, 2, 1);

        assertThat(schedule.next()).containsExactly(HUGE);
        assertThat(schedule.next()).as("LARGE waits for HUGE").containsExactly(SMALL);
        assertThat(schedule.next()).containsExactly(TINY);
        CompletableFuture<List<TableRef>> waiting = new CompletableFuture<>();
        Thread taker = Thread.ofPlatform().start(() -> {
            try {
                waiting.complete(schedule.next());
            } catch (InterruptedException e) {
                waiting.completeExceptionally(e);
            }
        });
        schedule.done(SMALL);
        schedule.done(TINY);
        // A bound against a hang, not a timing: the taker must be inside next(), waiting, to prove it waits.
        for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1); taker.getState() != Thread.State.WAITING
                && !waiting.isDone() && System.nanoTime() < deadline;) {
            Thread.onSpinWait();
        }
        assertThat(waiting).as("small ones done, HUGE still copying").isNotDone();
        assertThat(schedule.notice("r1").orElseThrow()).endsWith("not started: 1 table(s)");
        schedule.done(HUGE);
        assertThat(waiting.get(1, TimeUnit.MINUTES)).containsExactly(LARGE);
        schedule.done(LARGE);
        assertThat(schedule.next()).isEmpty();
    }

    @Test
    void smallTablesGoInGroupsThatFitAPageBudgetAndShareTheLastOnesOut() throws Exception {
        List<TableRef> tables = new ArrayList<>();
        Map<TableRef, Long> pages = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            TableRef table = new TableRef("s", "t%02d".formatted(i));
            tables.add(table);
            pages.put(table, 32L); // 8 fit in a group's pages
        }
        TableRef medium = new TableRef("s", "medium");
        tables.add(medium);
        pages.put(medium, Schedule.GROUP_PAGES);
        Schedule schedule = new Schedule(tables, pages, 2, 16);

        List<Integer> sizes = new ArrayList<>();
        for (List<TableRef> group = schedule.next(); !group.isEmpty(); group = schedule.next()) {
            sizes.add(group.size());
            assertThat(group.stream().mapToLong(pages::get).sum()).as(group.toString())
                    .isLessThanOrEqualTo(Schedule.GROUP_PAGES);
        }
        // The medium table fills a group alone; then 8 per group by pages, until an even share of
        // what is left per worker is smaller: 40 -> 8, 8, 8, 8, then 8 left for 2 workers -> 4, 4... .
        assertThat(sizes).containsExactly(1, 8, 8, 8, 8, 4, 2, 1, 1);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(41);
    }

    @Test
    void oneTablePerCommitNeverGroups() throws Exception {
        Schedule schedule = new Schedule(List.of(TINY, new TableRef("a", "other")), Map.of(), 2, 1);
        assertThat(schedule.next()).hasSize(1);
        assertThat(schedule.next()).hasSize(1);
        assertThat(schedule.next()).isEmpty();
    }

    @Test
    void theNoticeNamesEveryTableInFlight() throws Exception {
        Schedule schedule = new Schedule(List.of(TINY, SMALL, LARGE, HUGE), PAGES, 2, 1);
        assertThat(schedule.notice("r1")).isEmpty();

        schedule.next();
        assertThat(schedule.notice("r1")).contains("duckmirror: stopped by a signal while copying public.huge (run r1):"
                + " its previous version, if any, is intact; not started: 3 table(s)");
        schedule.next();
        assertThat(schedule.notice("r1")).contains("duckmirror: stopped by a signal while copying public.huge,"
                + " public.small (run r1): their previous versions, if any, are intact; not started: 2 table(s)");
    }

    @Test
    void everyTableOfAGroupIsInFlightUntilItIsDone() throws Exception {
        Schedule schedule = new Schedule(List.of(TINY, SMALL, HUGE), Map.of(HUGE, 200_000L, SMALL, 1L, TINY, 1L), 1, 16);
        assertThat(schedule.next()).containsExactly(HUGE);
        schedule.done(HUGE);
        assertThat(schedule.next()).containsExactly(TINY, SMALL);
        assertThat(schedule.notice("r1")).contains("duckmirror: stopped by a signal while copying a.tiny,"
                + " public.small (run r1): their previous versions, if any, are intact; not started: 0 table(s)");
        schedule.done(TINY);
        assertThat(schedule.notice("r1").orElseThrow()).contains("copying public.small (run r1)");
    }
}
