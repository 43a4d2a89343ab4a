package io.edgeplace.extender;

import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The extender's command line: {@code java -jar edgeplace-scheduler-extender.jar --help}.
 *
 * <p>Exit codes: 143 after SIGTERM (the JVM's code for that signal), once requests in flight have
 * drained; 0 after {@code --help}; 1 when serving fails; 2 for a bad flag or file, with a
 * one-line message on stderr.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, null);
    System.exit(code);
  }

  /**
   * Runs the command line until the server stops and returns the exit code, never calling
   * {@link System#exit}.
   *
   * @param started told of the extender once it serves (tests), or null
   */
  public static int run(String[] args, PrintStream out, PrintStream err, @Nullable Consumer<Extender> started) {
    Options options;
    try {
      options = Options.parse(List.of(args));
    } catch (Options.UsageException e) {
      err.println("edgeplace-extender: " + e.getMessage());
      return 2;
    }
    if (options.help()) {
      out.print(Options.USAGE);
      out.flush();
      return 0;
    }
    Extender extender;
    try {
      extender = Extender.start(options);
    } catch (IllegalArgumentException e) {
      err.println("edgeplace-extender: " + oneLine(e.getMessage()));
      return 2;
    } catch (Exception e) {
      if (causedBy(e, BindException.class)) {
        InetSocketAddress health = options.healthListen();
        err.println("edgeplace-extender: cannot listen on " + address(options.listen())
            + (health == null ? "" : " and " + address(health) + " (--health-listen)") + ": "
            + oneLine(e.getMessage()) + "; maybe another process uses the port?");
      } else {
        err.println("edgeplace-extender: cannot start: " + oneLine(String.valueOf(e)));
      }
      return 1;
    }
    if (options.source() == Options.Source.DEMO) {
      out.print(DemoCommands.text(extender.uri(), extender.service().nodeNames()));
      out.flush();
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      extender.close();
      stopped.countDown();
    }, "edgeplace-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (started != null) {
      started.accept(extender);
    }
    try {
      extender.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      extender.close();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook is running; wait for it to finish draining
      try {
        stopped.await();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
    return 0;
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String address(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  private static String oneLine(@Nullable String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
