package io.duckmirror.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link CommandLineTest} against the packaged application, as a separate process. */
@QuarkusMainIntegrationTest
class CommandLineIT extends CommandLineTest {
}
