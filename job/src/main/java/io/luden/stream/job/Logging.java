package io.luden.stream.job;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.nio.file.Path;

/** The launcher's log file lives under state.dir, known only once the configuration is read. */
final class Logging {
    static final String LOG_FILE_PROPERTY = "luden.log.file";

    private Logging() {}

    static void toFile(Path file) {
        System.setProperty(LOG_FILE_PROPERTY, file.toAbsolutePath().toString());
        if (LogManager.getContext(false) instanceof LoggerContext) {
            ((LoggerContext) LogManager.getContext(false)).reconfigure();
        }
    }
}
