package io.duckmirror.session;

import io.duckmirror.config.Secret;
import io.duckmirror.config.Settings;
import io.duckmirror.config.Target;

/**
 * Hands out the current session and replaces it after a transient failure, so that each retry runs on
 * a fresh connection. One per invocation.
 */
public final class Connector implements AutoCloseable {
    private final Settings settings;
    private Session session;

    private Connector(Settings settings) {
        this.settings = settings;
    }

    /**
     * A connector whose connections find the source password where libpq reads it: PGPASSWORD in this
     * process's C environment, set here, once, before any DuckDB connection exists (setenv is not
     * thread-safe). The password so never enters SQL text or a connection string.
     */
    public static Connector exportingCredentials(Settings settings) {
        settings.source().password().map(Secret::value).ifPresent(p -> ProcessEnvironment.set("PGPASSWORD", p));
        if (settings.target() instanceof Target.MotherDuck md) {
            // The MotherDuck extension reads its host from the environment, as the reference sets it.
            md.host().ifPresent(h -> ProcessEnvironment.set("motherduck_host", h));
        }
        return new Connector(settings);
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

    private Session current() {
        if (session == null) {
            session = Session.open(settings);
        }
        return session;
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
