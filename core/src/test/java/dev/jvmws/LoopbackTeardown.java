package dev.jvmws;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tears down after every test (registered for all tests by auto-detection,
 * {@code src/test/resources/junit-platform.properties}): first checks that no
 * {@link RecordingListener} the test made has a message, ping, pong, error or redirect left
 * unconsumed (OkHttp's rule: an event a test did not expect is a behaviour it did not pin; the
 * lifecycle events around it may be left), then closes every {@link LoopbackServer} the
 * test started, clients and server-side sockets included. Tests no longer copy {@code @AfterEach}
 * blocks for either.
 *
 * <p>Servers and recorders register themselves on the thread that makes them, the test's thread.
 */
public final class LoopbackTeardown implements AfterTestExecutionCallback, AfterEachCallback {
    private static final ThreadLocal<List<LoopbackServer>> SERVERS = ThreadLocal.withInitial(ArrayList::new);
    private static final ThreadLocal<List<RecordingListener>> RECORDERS = ThreadLocal.withInitial(ArrayList::new);

    static void started(LoopbackServer server) {
        SERVERS.get().add(server);
    }

    static void made(RecordingListener recorder) {
        RECORDERS.get().add(recorder);
    }

    /** Right after the test method, before any {@code @AfterEach} of the test's own makes events. */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        List<RecordingListener> recorders = new ArrayList<>(RECORDERS.get());
        RECORDERS.get().clear();
        if (context.getExecutionException().isEmpty()) {
            for (RecordingListener recorder : recorders) {
                recorder.assertNoUnexpectedEvents();
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<LoopbackServer> servers = new ArrayList<>(SERVERS.get());
        SERVERS.get().clear();
        RECORDERS.get().clear();
        Throwable failure = null;
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception | AssertionError e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof Exception exception) {
            throw exception;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }
}
