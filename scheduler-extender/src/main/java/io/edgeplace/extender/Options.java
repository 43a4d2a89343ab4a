package io.edgeplace.extender;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The extender's command line, parsed and checked: every file exists and is readable, every
 * number is in range, the flags fit together. {@link #parse} throws {@link UsageException} with
 * a one-line message for anything else.
 *
 * @param listen           {@code --listen HOST:PORT}, default {@code 127.0.0.1:8888}
 * @param source           where the cluster comes from
 * @param snapshotFile     {@code --cluster-snapshot FILE}, for {@link Source#SNAPSHOT}
 * @param kubeconfig       {@code --kubeconfig FILE}, for {@link Source#KUBECONFIG}
 * @param cacheDir         {@code --cache-dir DIR}: where live mode persists snapshots, or null
 * @param configFile       {@code --config FILE}, or null for the defaults
 * @param tlsCert          {@code --tls-cert FILE}, or null for plain HTTP
 * @param tlsKey           {@code --tls-key FILE}, with {@code tlsCert}
 * @param clientCa         {@code --client-ca FILE}: require client certificates signed by it
 * @param healthListen     {@code --health-listen HOST:PORT}: a second, plain-HTTP listener serving only
 *                         {@code GET /healthz}, {@code /readyz} and {@code /metrics}, or null for none
 * @param maxBodyBytes     {@code --max-body-bytes N}, default 16 MiB
 * @param bind             {@code --bind}: serve {@code POST /bind} and bind through the API server
 * @param help             {@code --help}
 */
public record Options(InetSocketAddress listen, Source source, @Nullable Path snapshotFile,
                      @Nullable Path kubeconfig, @Nullable Path cacheDir, @Nullable Path configFile,
                      @Nullable Path tlsCert, @Nullable Path tlsKey, @Nullable Path clientCa,
                      @Nullable InetSocketAddress healthListen, int maxBodyBytes, boolean bind, boolean help) {

  /** The default body limit: 16 MiB, room for about 2,000 full Node objects. */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 << 20;

  /** Where the cluster comes from. */
  public enum Source {
    /** {@code --cluster-snapshot FILE}: a file, no API server. */
    SNAPSHOT,
    /** {@code --demo}: the bundled demo edge cluster. */
    DEMO,
    /** {@code --kubeconfig FILE}: live, through the API server the file names. */
    KUBECONFIG,
    /** {@code --in-cluster}: live, with the pod's service account. */
    IN_CLUSTER,
    /** Only with {@code --help}. */
    NONE
  }

  public Options {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(source, "source");
  }

  /** Options without a health listener (the form before {@code --health-listen}). */
  public Options(InetSocketAddress listen, Source source, @Nullable Path snapshotFile, @Nullable Path kubeconfig,
                 @Nullable Path cacheDir, @Nullable Path configFile, @Nullable Path tlsCert, @Nullable Path tlsKey,
                 @Nullable Path clientCa, int maxBodyBytes, boolean bind, boolean help) {
    this(listen, source, snapshotFile, kubeconfig, cacheDir, configFile, tlsCert, tlsKey, clientCa, null, maxBodyBytes,
        bind, help);
  }

  /** The usage text of {@code --help}. */
  public static final String USAGE = """
      Usage: java -jar edgeplace-scheduler-extender.jar SOURCE [OPTIONS]

      A kube-scheduler extender (k8s.io/kube-scheduler/extender/v1) serving edgeplace placement:
      POST /filter, /prioritize, /explain (and /bind with --bind); GET /healthz, /readyz, /metrics.

      SOURCE, exactly one of:
        --cluster-snapshot FILE  serve a cluster snapshot file (kubectl get nodes,pods -o json|yaml:
                                 a List or NodeList), no API server needed
        --demo                   serve the bundled demo edge cluster and print sample curl commands
        --kubeconfig FILE        run live on the cluster FILE points to (informers on nodes, pods,
                                 runtime classes, OpenYurt node pools)
        --in-cluster             run live with the pod's service account (what the Deployment uses)

      OPTIONS:
        --listen HOST:PORT       address to serve on (default 127.0.0.1:8888; in a pod use 0.0.0.0:8888)
        --cache-dir DIR          live mode: persist snapshots to DIR and restore them at start-up when
                                 the API server is unreachable (default: memory only)
        --config FILE            YAML: plugin weights, thresholds, unit label keys (unknown keys are errors)
        --tls-cert FILE          serve HTTPS (TLS 1.2+) with this PEM certificate chain ...
        --tls-key FILE           ... and this PEM private key (PKCS#8, or PKCS#1 RSA)
        --client-ca FILE         mutual TLS: refuse clients without a certificate signed by a CA in FILE
        --health-listen HOST:PORT
                                 also serve GET /healthz, /readyz and /metrics, and nothing else, over
                                 plain HTTP on a second port (e.g. 0.0.0.0:8889); --listen keeps TLS.
                                 Needed with --client-ca: kubelet probes and Prometheus scrapes carry
                                 no client certificate, so they can never pass the mutual TLS handshake
        --max-body-bytes N       refuse request bodies over N bytes with 413 (default 16777216)
        --bind                   serve POST /bind: bind pods through the API server after re-checking the
                                 filter (needs a live source and RBAC create on pods/binding)
        --help                   print this help

      Exit codes: 143 after SIGTERM (the JVM's code for that signal; what a pod's stop sends), once
      requests in flight have drained (for up to 10 s); 0 after --help; 1 when serving fails; 2 for
      a bad flag or file.
      """;

  /**
   * Parses a command line ({@code --flag value} or {@code --flag=value}).
   *
   * @throws UsageException with a one-line message naming the flag and value
   */
  public static Options parse(List<String> args) throws UsageException {
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 8888);
    Path snapshot = null;
    Path kubeconfig = null;
    Path cacheDir = null;
    Path config = null;
    Path cert = null;
    Path key = null;
    Path ca = null;
    InetSocketAddress health = null;
    int maxBody = DEFAULT_MAX_BODY_BYTES;
    boolean demo = false;
    boolean inCluster = false;
    boolean bind = false;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (flag) {
        case "--help", "-h" -> help = true;
        case "--demo" -> demo = noValue(flag, inline);
        case "--in-cluster" -> inCluster = noValue(flag, inline);
        case "--bind" -> bind = noValue(flag, inline);
        case "--listen" -> {
          String v = inline != null ? inline : value(args, ++i, flag);
          listen = address(flag, v);
        }
        case "--health-listen" -> health = address(flag, inline != null ? inline : value(args, ++i, flag));
        case "--cluster-snapshot" -> snapshot = readableFile(flag, inline != null ? inline : value(args, ++i, flag));
        case "--kubeconfig" -> kubeconfig = readableFile(flag, inline != null ? inline : value(args, ++i, flag));
        case "--config" -> config = readableFile(flag, inline != null ? inline : value(args, ++i, flag));
        case "--tls-cert" -> cert = readableFile(flag, inline != null ? inline : value(args, ++i, flag));
        case "--tls-key" -> key = readableFile(flag, inline != null ? inline : value(args, ++i, flag));
        case "--client-ca" -> ca = readableFile(flag, inline != null ? inline : value(args, ++i, flag));
        case "--cache-dir" -> cacheDir = directory(flag, inline != null ? inline : value(args, ++i, flag));
        case "--max-body-bytes" -> maxBody = bodyLimit(inline != null ? inline : value(args, ++i, flag));
        default -> throw new UsageException(arg.startsWith("-")
            ? "unknown flag " + flag + "; see --help"
            : "unexpected argument \"" + arg + "\"; flags start with --, see --help");
      }
    }
    if (help) {
      return new Options(listen, Source.NONE, null, null, null, null, null, null, null, health, maxBody, bind, true);
    }
    int sources = (snapshot != null ? 1 : 0) + (demo ? 1 : 0) + (kubeconfig != null ? 1 : 0) + (inCluster ? 1 : 0);
    if (sources != 1) {
      throw new UsageException((sources == 0 ? "no cluster source given" : "more than one cluster source given")
          + ": use exactly one of --cluster-snapshot FILE, --demo, --kubeconfig FILE, --in-cluster");
    }
    Source source = snapshot != null ? Source.SNAPSHOT : demo ? Source.DEMO
        : kubeconfig != null ? Source.KUBECONFIG : Source.IN_CLUSTER;
    if ((cert == null) != (key == null)) {
      throw new UsageException(cert == null ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
    }
    if (ca != null && cert == null) {
      throw new UsageException("--client-ca needs --tls-cert and --tls-key: mutual TLS needs TLS");
    }
    if (bind && (source == Source.SNAPSHOT || source == Source.DEMO)) {
      throw new UsageException("--bind needs a live cluster (--kubeconfig FILE or --in-cluster) to bind pods through");
    }
    if (cacheDir != null && (source == Source.SNAPSHOT || source == Source.DEMO)) {
      throw new UsageException("--cache-dir applies to a live cluster (--kubeconfig FILE or --in-cluster) only");
    }
    if (health != null && health.getPort() != 0 && health.getPort() == listen.getPort() && overlap(health, listen)) {
      throw new UsageException("--health-listen " + hostPort(health) + " uses the port of --listen " + hostPort(listen)
          + "; the health listener needs a port of its own, maybe " + health.getHostString() + ":"
          + (listen.getPort() == 65535 ? listen.getPort() - 1 : listen.getPort() + 1) + "?");
    }
    return new Options(listen, source, snapshot, kubeconfig, cacheDir, config, cert, key, ca, health, maxBody, bind,
        false);
  }

  private static boolean noValue(String flag, @Nullable String inline) throws UsageException {
    if (inline != null) {
      throw new UsageException(flag + " takes no value, got \"" + inline + "\"");
    }
    return true;
  }

  private static String value(List<String> args, int i, String flag) throws UsageException {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new UsageException(flag + " needs a value; see --help");
    }
    return args.get(i);
  }

  /* Whether two listeners on one port would collide: the same host, or either on every address. */
  private static boolean overlap(InetSocketAddress a, InetSocketAddress b) {
    return everyAddress(a) || everyAddress(b) || (a.getAddress() != null && a.getAddress().equals(b.getAddress()))
        || a.getHostString().equalsIgnoreCase(b.getHostString());
  }

  private static boolean everyAddress(InetSocketAddress a) {
    String host = a.getHostString();
    return (a.getAddress() != null && a.getAddress().isAnyLocalAddress()) || host.isEmpty() || host.equals("0.0.0.0")
        || host.equals("::") || host.equals("[::]") || host.equals("*");
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  static InetSocketAddress address(String flag, String v) throws UsageException {
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new UsageException(flag + " \"" + v + "\" is not HOST:PORT; maybe "
          + (flag.equals("--listen") ? "127.0.0.1:8888 or 0.0.0.0:8888?" : "127.0.0.1:8889 or 0.0.0.0:8889?"));
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " \"" + v + "\" has port \"" + v.substring(colon + 1) + "\", not a number");
    }
    if (port < 0 || port > 65535) {
      throw new UsageException(flag + " \"" + v + "\" has port " + port + ", outside 0-65535");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  private static Path readableFile(String flag, String v) throws UsageException {
    Path p = Path.of(v);
    if (!Files.exists(p)) {
      throw new UsageException(flag + " " + v + ": no such file");
    }
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new UsageException(flag + " " + v + ": not a readable file");
    }
    return p;
  }

  private static Path directory(String flag, String v) throws UsageException {
    Path p = Path.of(v);
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw new UsageException(flag + " " + v + ": exists and is not a directory");
    }
    return p;
  }

  private static int bodyLimit(String v) throws UsageException {
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--max-body-bytes \"" + v + "\" is not a whole number of bytes; maybe 16777216?");
    }
    if (n < 1024 || n > 1L << 30) {
      throw new UsageException("--max-body-bytes " + n + " is outside 1024 to 1073741824");
    }
    return (int) n;
  }

  /** A command line that cannot be used; the message is one line for stderr. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
