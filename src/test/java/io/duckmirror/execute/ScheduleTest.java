package io.duckmirror.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Schedule schedule = new Schedule(List.of(TINY, SMALL, LARGE, HUGE), PAGES);

        assertThat(schedule.next()).contains(HUGE);
        assertThat(schedule.next()).as("LARGE waits for HUGE").contains(SMALL);
        assertThat(schedule.next()).contains(TINY);
        CompletableFuture<Optional<TableRef>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return schedule.next();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        schedule.done(SMALL);
        schedule.done(TINY);
        assertThat(waiting).as("small ones done, HUGE still copying").isNotDone();
        schedule.done(HUGE);
        assertThat(waiting.get(1, TimeUnit.MINUTES)).contains(LARGE);
        schedule.done(LARGE);
        assertThat(schedule.next()).isEmpty();
    }

    @Test
    void theNoticeNamesEveryTableInFlight() throws Exception {
        Schedule schedule = new Schedule(List.of(TINY, SMALL, LARGE, HUGE), PAGES);
        assertThat(schedule.notice("r1")).isEmpty();

        schedule.next();
        assertThat(schedule.notice("r1")).contains("duckmirror: stopped by a signal while copying public.huge (run r1):"
                + " its previous version, if any, is intact; not started: 3 table(s)");
        schedule.next();
        assertThat(schedule.notice("r1")).contains("duckmirror: stopped by a signal while copying public.huge,"
                + " public.small (run r1): their previous versions, if any, are intact; not started: 2 table(s)");
    }
}
