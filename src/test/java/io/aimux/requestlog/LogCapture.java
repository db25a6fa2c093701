package io.aimux.requestlog;

import org.jboss.logmanager.ExtLogRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Keeps what one logger writes (message and MDC), for as long as it is installed. */
final class LogCapture extends Handler implements AutoCloseable {

    record Line(String message, Map<String, String> mdc) {}

    final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger logger;

    LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        Map<String, String> mdc = record instanceof ExtLogRecord ext ? Map.copyOf(ext.getMdcCopy()) : Map.of();
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        lines.add(new Line(message, mdc));
    }

    /** The line whose request_id field is {@code id}, or null. */
    Line of(String id) {
        return lines.stream().filter(line -> id.equals(line.mdc().get("request_id"))).findFirst().orElse(null);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
