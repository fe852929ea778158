package io.duckmirror.session;

import io.duckmirror.config.Secret;
import io.duckmirror.config.Settings;
import io.duckmirror.config.Target;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Hands out the current session and replaces it after a transient failure, so that each retry runs on
 * a fresh connection. One per invocation, and one per worker thread ({@link #worker()}).
 */
public final class Connector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Connector.class);
    /** MotherDuck's Postgres endpoint, pg.<region>.motherduck.com: not a host the motherduck extension can use. */
    private static final Pattern POSTGRES_ENDPOINT = Pattern.compile("pg\\.[a-z0-9-]+\\.motherduck\\.com");

    private final Settings settings;
    private final Session.Endpoint endpoint;
    /** A worker's: the session whose instance its connections belong to; null for the invocation's own. */
    private final Session shared;
    private Session session;

    Connector(Settings settings, Session.Endpoint endpoint) {
        this(settings, endpoint, null);
    }

    private Connector(Settings settings, Session.Endpoint endpoint, Session shared) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.shared = shared;
    }

    /**
     * A connector whose connections find the source password where libpq reads it: PGPASSWORD in this
     * process's C environment, set here, once, before any DuckDB connection exists (setenv is not
     * thread-safe). The password so never enters SQL text or a connection string.
     */
    public static Connector exportingCredentials(Settings settings) {
        settings.source().password().map(Secret::value).ifPresent(p -> ProcessEnvironment.set("PGPASSWORD", p));
        if (settings.target() instanceof Target.MotherDuck md) {
            md.host().ifPresent(h -> {
                if (POSTGRES_ENDPOINT.matcher(h.toLowerCase(Locale.ROOT)).matches()) {
                    LOG.warnf("MOTHERDUCK_HOST: '%s' looks like MotherDuck's Postgres endpoint, not the host md:"
                            + " connects to; unset it unless you run a non-default MotherDuck deployment", h);
                }
                // The MotherDuck extension reads its host from the environment, as the reference sets it.
                ProcessEnvironment.set("motherduck_host", h);
            });
        }
        // MotherDuck asks integrations to name themselves: duckmirror/<version>, the build's version.
        String version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
        return new Connector(settings, Session.Endpoint.of(settings.target(), "duckmirror/" + version));
    }

    public Settings settings() {
        return settings;
    }

    /** The session with source and target open: what copying needs. */
    public Session session() {
        Session current = targetSession();
        current.attachSource();
        return current;
    }

    /** The session with the source attached: what planning needs. */
    public Session sourceSession() {
        Session current = current();
        current.attachSource();
        return current;
    }

    /** The session with the target open, source attached or not: enough for the audit table. */
    public Session targetSession() {
        Session current = current();
        current.openTarget();
        return current;
    }

    /**
     * What {@code check} says of the target, having tried what a run's commits need and created
     * nothing: a local file not there yet is not created, only its folder's writability tried.
     */
    public String checkTarget() {
        if (settings.target().missing() && settings.target() instanceof Target.LocalFile file) {
            return LocalTarget.requireCreatable(file.path());
        }
        targetSession().checkWritable();
        return "writable";
    }

    /**
     * A connector for one worker thread copying tables beside others: its sessions are connections of
     * this connector's DuckDB instance (a local target file can be open in one instance only), with
     * source and target already open there. A retry gets a new connection; the postgres extension
     * checks each pooled source connection before handing it out ({@code pg_pool_health_check_query}),
     * so one a restart or a terminated backend killed is not reused. Not thread-safe itself: one per
     * thread; call it before starting the workers.
     */
    public Connector worker() {
        return new Connector(settings, endpoint, session());
    }

    private Session current() {
        if (session == null) {
            session = shared == null ? Session.open(settings, endpoint) : shared.duplicate();
        }
        return session;
    }

    /** No commit passes on this connector's DuckDB instance from now on (see Session#stopCommits). */
    public void stopCommits() {
        current().stopCommits();
    }

    /** Drops the current session after a transient failure; the next {@link #session()} reconnects. */
    public void discard() {
        close();
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
