package io.duckmirror.session;

import io.duckmirror.config.RetrySettingsInterceptor;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The reference flight's wait between attempts: base × 2^(n−1), capped at 60 s, plus 0–1 s of jitter.
 * SmallRye's {@code @ExponentialBackoff} adds jitter in both directions and clamps it at the cap, so
 * it cannot express this exactly. The base is {@code @Retry}'s configured delay. SmallRye makes one
 * instance per invocation, so the attempt counter is per table. Each wait is announced in one line,
 * {@code TRANSIENT public.t: attempt 2 of 5 failed, next in 4.3 s: <reason>}, on the thread that
 * retries (its MDC names the run and the table).
 */
public final class ReferenceBackoff implements CustomBackoffStrategy {
    private static final Logger LOG = Logger.getLogger(ReferenceBackoff.class);
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
        long delay = Math.min(exponential, CAP_MILLIS) + ThreadLocalRandom.current().nextLong(JITTER_MILLIS + 1);
        if (cause instanceof Retried failure) {
            int attempts = ConfigProvider.getConfig().getOptionalValue(RetrySettingsInterceptor.RETRIES, Integer.class)
                    .orElse(retries) + 1;
            LOG.warnf("TRANSIENT %s: attempt %d of %d failed, next in %s s: %s", failure.subject(), retries, attempts,
                    String.format(Locale.ROOT, "%.1f", delay / 1000.0), failure.reason());
        }
        return delay;
    }
}
