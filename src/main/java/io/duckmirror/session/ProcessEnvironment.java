package io.duckmirror.session;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * Sets variables in this process's C environment, where native libraries read them with getenv:
 * libpq reads PGPASSWORD, so the source password reaches it without ever appearing in SQL text, a
 * connection string or an argument list (the reference flight does the same through os.environ).
 * Java's own System.getenv keeps its start-up copy and does not see these.
 *
 * <p>
 * setenv is not thread-safe against concurrent getenv, so call this before opening DuckDB
 * connections, not while a query runs.
 */
final class ProcessEnvironment {
    private ProcessEnvironment() {
    }

    static void set(String name, String value) {
        // Already so since the process started (PGPASSWORD given as such): linking the downcall
        // costs a start about 15 ms. Settings are read once, so nothing here changed it meanwhile.
        if (value.equals(System.getenv(name))) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(
                linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int result = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
            if (result != 0) {
                throw new IllegalStateException("setenv(" + name + ") failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("setenv(" + name + ") failed", e);
        }
    }
}
