package io.luden.stream.sinks.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages one class logs while a test runs, at WARN and above: {@code try (LogCapture logs = LogCapture.of(X.class))};
 * or, with {@link #debug}, at DEBUG and above (the class's level is lowered to DEBUG meanwhile).
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final Logger logger;
    private final Level threshold;
    private final Level levelBefore;
    private final List<String> messages = new ArrayList<>();

    private LogCapture(Logger logger, Level threshold) {
        super("capture-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
        this.threshold = threshold;
        this.levelBefore = logger.getLevel();
    }

    public static LogCapture of(Class<?> source) {
        return start(new LogCapture((Logger) LogManager.getLogger(source), Level.WARN));
    }

    /** Captures DEBUG and above of {@code source}, whose level is DEBUG until {@link #close}. */
    public static LogCapture debug(Class<?> source) {
        LogCapture capture = new LogCapture((Logger) LogManager.getLogger(source), Level.DEBUG);
        capture.logger.setLevel(Level.DEBUG);
        return start(capture);
    }

    private static LogCapture start(LogCapture capture) {
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    @Override
    public synchronized void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(threshold)) {
            messages.add(event.getMessage().getFormattedMessage());
        }
    }

    /** Messages at the captured level and above so far, formatted. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** WARN and ERROR messages so far, formatted. */
    public synchronized List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        // messages() holds only these unless capturing DEBUG; the level is not kept per message, so say which
        if (threshold != Level.WARN) {
            throw new IllegalStateException("warnings() of a DEBUG capture: use messages()");
        }
        warnings.addAll(messages);
        return warnings;
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        if (threshold == Level.DEBUG) {
            logger.setLevel(levelBefore);
        }
        stop();
    }
}
