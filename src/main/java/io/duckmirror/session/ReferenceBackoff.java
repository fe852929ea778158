package io.duckmirror.session;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The reference flight's wait between attempts: base × 2^(n−1), capped at 60 s, plus 0–1 s of jitter.
 * SmallRye's {@code @ExponentialBackoff} adds jitter in both directions and clamps it at the cap, so
 * it cannot express this exactly. The base is {@code @Retry}'s configured delay. SmallRye makes one
 * instance per invocation, so the attempt counter is per table.
 */
public final class ReferenceBackoff implements CustomBackoffStrategy {
    private static final long CAP_MILLIS = 60_000;
    private static final int JITTER_MILLIS = 1_000;

    private long baseMillis;
    private int retries;

    @Override
    public void init(long initialDelayInMillis) {
        this.baseMillis = initialDelayInMillis;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long exponential = baseMillis << Math.min(retries++, 20);
        return Math.min(exponential, CAP_MILLIS) + ThreadLocalRandom.current().nextLong(JITTER_MILLIS + 1);
    }
}
