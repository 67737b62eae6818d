package protokol.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch 2.19 started in this JVM with the modules protokol needs as classpath
 * plugins: HTTP and transport (Netty4), the Danish stemmer, edge n-grams and reverse
 * (analysis-common), _delete_by_query and _update_by_query (reindex), and painless.
 *
 * <p>A plain {@link Node} skips OpenSearch's Bootstrap, so there is no security manager, no
 * jar-hell check and no refusal to run as root: it is for tests and a developer's machine only,
 * and it listens on 127.0.0.1.
 *
 * <p>Prints {@code OPENSEARCH_URL=http://127.0.0.1:PORT} on standard output once the cluster is
 * yellow, and closes the node on SIGINT/SIGTERM (and, with {@code --exit-on-stdin-close}, when its
 * parent process goes away, so a crashed test run leaves no JVM behind).
 */
public final class TestNode extends Node {
    /** The plugins a full distribution ships as modules; class literals, so a wrong name fails to compile. */
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,
        CommonAnalysisPlugin.class,
        ReindexPlugin.class,
        PainlessPlugin.class
    );

    private TestNode(Environment environment) {
        super(environment, PLUGINS, true);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("opensearch test node: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(64);
            return;
        }

        Path home = options.home != null ? options.home : Files.createTempDirectory("protokol-opensearch-");
        boolean temporary = options.home == null;
        Files.createDirectories(home.resolve("config"));
        Settings settings = Settings.builder()
            .put("cluster.name", "protokol-test")
            .put("node.name", "protokol-test-node")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            // A range: the first free port in it is taken, so parallel runs never race for one.
            .put("http.port", options.httpPort)
            .put("transport.port", options.transportPort)
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            // Shared build machines have full disks now and then; a test node must not go read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("node.attr.protokol", "test")
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), home.resolve("config"), () -> "protokol-test-node");

        TestNode node = new TestNode(environment);
        CountDownLatch closed = new CountDownLatch(1);
        Runnable shutdown = () -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                System.err.println("opensearch test node: closing failed: " + e);
            } finally {
                if (temporary) deleteTree(home);
                closed.countDown();
            }
        };
        Thread hook = new Thread(shutdown, "protokol-opensearch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            node.start();
            node.client().admin().cluster().prepareHealth().setWaitForYellowStatus().get();
        } catch (Exception e) {
            System.err.println("opensearch test node: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        InetSocketAddress address = node.injector()
            .getInstance(HttpServerTransport.class)
            .boundAddress()
            .publishAddress()
            .address();
        System.out.println("OPENSEARCH_URL=http://" + address.getHostString() + ":" + address.getPort());
        System.out.println("data in " + home + (temporary ? " (deleted on exit)" : ""));
        System.out.flush();

        if (options.exitOnStdinClose) {
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    while (in.read() != -1) {
                        // Anything written is ignored; only the end of the stream matters.
                    }
                } catch (IOException ignored) {
                    // A broken pipe means the parent is gone, the same as end of stream.
                }
                System.exit(0);
            }, "protokol-opensearch-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        closed.await();
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("opensearch test node: could not delete " + root + ": " + e);
        }
    }

    private record Options(Path home, String httpPort, String transportPort, boolean exitOnStdinClose) {
        static final String USAGE = "usage: TestNode [--home DIR] [--http-port N|FROM-TO] [--transport-port N|FROM-TO]"
            + " [--exit-on-stdin-close]\n"
            + "  --home DIR   keep the node's data in DIR (default: a temporary folder deleted on exit)";

        static Options parse(String[] args) {
            Path home = null;
            String http = "9200-9299";
            String transport = "9300-9399";
            boolean stdin = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--home" -> home = Path.of(value(args, ++i, arg));
                    case "--http-port" -> http = ports(value(args, ++i, arg), arg);
                    case "--transport-port" -> transport = ports(value(args, ++i, arg), arg);
                    case "--exit-on-stdin-close" -> stdin = true;
                    default -> throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
                }
            }
            return new Options(home, http, transport, stdin);
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) throw new IllegalArgumentException(name + " needs a value");
            return args[i];
        }

        private static String ports(String value, String name) {
            if (!value.matches("\\d{1,5}(-\\d{1,5})?"))
                throw new IllegalArgumentException(name + " must be a port or a range FROM-TO, not \"" + value + "\"");
            return value;
        }
    }
}
