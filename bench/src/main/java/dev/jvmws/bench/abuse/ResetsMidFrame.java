package dev.jvmws.bench.abuse;

import dev.jvmws.bench.load.UpgradeRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A9: connections that upgrade, start a frame and then reset (SO_LINGER 0, so the close sends RST),
 * many times over, cutting in three places in turn: inside a frame header, inside a payload, and
 * inside the second fragment of a message. A few milliseconds pass before the reset so the server has
 * read the partial frame. The server must release everything each time: the testee's open fds are
 * compared before and after.
 */
final class ResetsMidFrame implements Attack {
    private static final int WORKERS = 4;
    private static final int TIMEOUT_MILLIS = 3_000;
    private static final long PAUSE_BEFORE_RESET_MILLIS = 5;

    @Override
    public String id() {
        return "A9";
    }

    @Override
    public String name() {
        return "resets mid-frame";
    }

    @Override
    public String run(AttackContext context) throws InterruptedException {
        Scale scale = context.scale();
        int total = scale.pick(10_000, 1_000);
        long deadline = AttackContext.after(scale.pick(Duration.ofSeconds(30), Duration.ofSeconds(4)));
        byte[] request = bytes(UpgradeRequest.build(context.host(), context.port(), "/"));
        List<byte[]> cuts = cuts();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        ProcessSampler.Sample before = context.sampler().last();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Thread worker = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < total && System.nanoTime() < deadline; ) {
                    try {
                        resetMidFrame(context, request, cuts.get(i % cuts.size()));
                        done.incrementAndGet();
                    } catch (IOException e) {
                        failures.merge(Figures.reason(e), 1, Integer::sum);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "abuse-reset-" + w);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // The server needs a moment to notice the last resets.
        Thread.sleep(1_000);
        ProcessSampler.Sample after = context.sampler().last();
        String line = Figures.count(done.get()) + " upgraded connections reset mid-frame in " + Figures.seconds(seconds)
                + " (header, payload, second fragment in turn)";
        if (!failures.isEmpty()) {
            line += "; failed before the reset: " + failures;
        }
        if (before != null && after != null) {
            line += "; testee fds " + before.fds() + " before, " + after.fds() + " 1 s after";
        }
        return line;
    }

    private static void resetMidFrame(AttackContext context, byte[] request, byte[] cut)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0);
            socket.setTcpNoDelay(true);
            socket.connect(context.target(), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(request);
            ServerBytes server = new ServerBytes();
            byte[] buffer = new byte[1024];
            while (!server.headComplete()) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("closed during the upgrade");
                }
                server.consume(ByteBuffer.wrap(buffer, 0, n));
            }
            if (server.status() != 101) {
                throw new IOException("upgrade answered " + server.status());
            }
            out.write(cut);
            Thread.sleep(PAUSE_BEFORE_RESET_MILLIS);
        } // SO_LINGER 0: close() resets the connection.
    }

    /** The three partial sends: inside a header, inside a payload, inside a second fragment. */
    private static List<byte[]> cuts() {
        byte[] header = AttackFrames.header(AttackFrames.FIN, AttackFrames.BINARY, 1 << 20);
        byte[] insideHeader = java.util.Arrays.copyOf(header, 5);
        byte[] insidePayload = java.util.Arrays.copyOf(header, header.length + 32 * 1024);
        byte[] firstFragment = AttackFrames.frame(0, AttackFrames.BINARY, new byte[1024]);
        byte[] second = AttackFrames.header(AttackFrames.FIN, AttackFrames.CONTINUATION, 64 * 1024);
        byte[] insideSecond = new byte[firstFragment.length + second.length + 100];
        System.arraycopy(firstFragment, 0, insideSecond, 0, firstFragment.length);
        System.arraycopy(second, 0, insideSecond, firstFragment.length, second.length);
        return List.of(insideHeader, insidePayload, insideSecond);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
