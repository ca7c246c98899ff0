package io.stayaway.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log line the gateway in this JVM writes while it is attached, as its formatted message: what the fuzz
 * suite reads to show that no value from outside can forge a line (a line break, a terminal escape, a NUL).
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> forged = new ArrayList<>();
    private long lines;

    static LogCapture attach() {
        LogCapture capture = new LogCapture();
        capture.setContext(((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).getLoggerContext());
        capture.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(capture);
        return capture;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        lines++;
        String message = event.getFormattedMessage();
        if (message != null && message.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0 || c == 0x1b)) {
            if (forged.size() < 5) {
                forged.add(event.getLoggerName() + ": " + ServedContract.abbreviate(message));
            }
        }
    }

    /** Lines with a control character that can forge or hide a log line (up to five). */
    synchronized List<String> forgeries() {
        return new ArrayList<>(forged);
    }

    synchronized long lines() {
        return lines;
    }

    @Override
    public void close() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(this);
        stop();
    }
}
