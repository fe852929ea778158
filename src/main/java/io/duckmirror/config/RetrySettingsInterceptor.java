package io.duckmirror.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.function.ToLongFunction;

/**
 * Derives the {@code @Retry} settings (see application.yaml) from the
 * reference's MAX_RETRIES, which counts attempts where {@code @Retry} counts retries, and from
 * RETRY_BASE_SECONDS, in seconds where {@code @Retry} takes milliseconds. They apply to every {@code @Retry}
 * (application.yaml sets them globally).
 *
 * <p>
 * Fault tolerance reads these at start-up, before the command runs. A malformed value must not
 * crash start-up there: it yields the default here, and {@link SettingsLoader} reports it, exit 2,
 * before anything connects.
 */
// Below the expression interceptor (LIBRARY + 300) in the chain, so ${duckmirror.retry.*} reaches it.
@Priority(Priorities.LIBRARY + 200)
public class RetrySettingsInterceptor implements ConfigSourceInterceptor {
    public static final String RETRIES = "duckmirror.retry.max-retries";
    static final String DELAY_MILLIS = "duckmirror.retry.delay-millis";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        return switch (name) {
            case RETRIES -> derived(context, name, RetryPolicy.MAX_RETRIES,
                    raw -> RetryPolicy.parseMaxAttempts(raw) - 1, RetryPolicy.DEFAULT.maxAttempts() - 1);
            case DELAY_MILLIS -> derived(context, name, RetryPolicy.RETRY_BASE_SECONDS,
                    RetryPolicy::parseBaseMillis, RetryPolicy.DEFAULT.baseMillis());
            default -> context.proceed(name);
        };
    }

    private static ConfigValue derived(ConfigSourceInterceptorContext context, String name, String setting,
            ToLongFunction<String> parse, long fallback) {
        ConfigValue raw = context.proceed(setting);
        long value = fallback;
        if (raw != null && raw.getValue() != null) {
            try {
                value = parse.applyAsLong(raw.getValue());
            } catch (ConfigurationException reportedLater) {
                // SettingsLoader reports it
            }
        }
        return ConfigValue.builder().withName(name).withValue(Long.toString(value)).build();
    }
}
