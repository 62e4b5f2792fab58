package io.fedspark.jobs.cli;

import java.io.FilterOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * Ctrl-C (SIGINT, SIGTERM) of a command: one line, {@code fedspark: error: interrupted ...}, and
 * nothing after it. The hook runs before Spark's own shutdown hook (Hadoop's shutdown hook manager
 * runs higher priorities first; Spark's stops the SparkContext at 40): it prints the line, turns
 * logging off (the stopping context's failures are consequences, not news) and marks the run, so
 * that {@link FedsparkMain#report} does not print the job's resulting failure a second time. The JVM
 * then exits with the signal's status (130 for SIGINT), as a shell expects.
 */
final class Interruption {
  /** Above Spark's shutdown hooks (FileSystem's priority 10 + 30). */
  static final int PRIORITY = 100;

  private static final AtomicBoolean HAPPENED = new AtomicBoolean();
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final AtomicBoolean FINISHED = new AtomicBoolean();

  private Interruption() {}

  /** Installs the hook (once per JVM; only the command line's {@code main} does). */
  static void install(PrintStream err) {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    ShutdownHookManager.get().addShutdownHook(() -> {
      if (FINISHED.get()) {
        return; // a normal exit, not an interruption
      }
      HAPPENED.set(true);
      err.println("fedspark: error: interrupted; a resumable run (train, federate) continues with --resume RUN_DIR"
          + " from its last checkpoint");
      err.flush();
      silenceLogging();
    }, PRIORITY);
  }

  /**
   * {@code target} as a stream that writes nothing once the interruption's line is printed: a job's
   * progress line already under way (a federated round that ends while Spark stops) would otherwise
   * follow the error line, which must be the last.
   */
  static PrintStream gated(PrintStream target) {
    return new PrintStream(new FilterOutputStream(target) {
      @Override
      public void write(int b) {
        if (!HAPPENED.get()) {
          target.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        if (!HAPPENED.get()) {
          target.write(b, off, len);
        }
      }

      @Override
      public void flush() {
        target.flush();
      }
    }, true, Charset.defaultCharset());
  }

  /** Whether the JVM is shutting down because of a signal. */
  static boolean happened() {
    return HAPPENED.get();
  }

  private static void silenceLogging() {
    try {
      org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.OFF);
      org.apache.logging.log4j.core.config.Configurator.setLevel("io.fedspark", org.apache.logging.log4j.Level.OFF);
    } catch (LinkageError e) {
      // another logging backend: its lines stay
    }
  }

  /** Marks the command as finished, so that the JVM's exit is not taken for an interruption. */
  static void finish() {
    FINISHED.set(true);
  }
}
