package io.duckmirror.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;

class ReferenceBackoffTest {
    /** base × 2^(n−1), capped at 60 s, plus 0–1 s: the reference's tenacity policy. */
    @RepeatedTest(20)
    void waitsLikeTheReference() {
        ReferenceBackoff backoff = new ReferenceBackoff();
        backoff.init(2_000);
        long[] expected = { 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000 };
        for (long base : expected) {
            assertThat(backoff.nextDelayInMillis(null)).isBetween(base, base + 1_000);
        }
    }
}
