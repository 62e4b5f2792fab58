package io.fedspark.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Captures the log events (WARN and above) from {@link #begin} to {@link #close}. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> messages = new ArrayList<>();

  private LogCapture() {
    super("fedspark-test-capture", null, null, true, Property.EMPTY_ARRAY);
  }

  /** Starts capturing on the root logger. */
  public static LogCapture begin() {
    LogCapture c = new LogCapture();
    c.start0();
    return c;
  }

  private void start0() {
    start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    LoggerConfig root = cfg.getRootLogger();
    if (root.getLevel().isMoreSpecificThan(Level.ERROR)) {
      root.setLevel(Level.WARN);
    }
    root.addAppender(this, Level.WARN, null);
    ctx.updateLoggers();
  }

  @Override
  public synchronized void append(LogEvent event) {
    messages.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
  }

  /** Every message captured so far. */
  public synchronized List<String> messages() {
    return new ArrayList<>(messages);
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().removeAppender(getName());
    ctx.updateLoggers();
    stop();
  }
}
