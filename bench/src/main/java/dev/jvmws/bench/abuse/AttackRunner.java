package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one attack the same way every time: a fresh testee; the sampler and the honest client start
 * (the honest client's kept connection is open before the attack begins); the attack; an after phase
 * in which only the honest client probes (is the testee serving again?); then the testee is stopped
 * by PID, noting first whether it had exited by itself and with which status.
 */
final class AttackRunner {
    private final Path root;
    private final Path logDir;
    private final Scale scale;
    private final PrintStream progress;

    AttackRunner(Path root, Path logDir, Scale scale, PrintStream progress) {
        this.root = root;
        this.logDir = logDir;
        this.scale = scale;
        this.progress = progress;
    }

    AttackResult run(Attack attack) throws InterruptedException {
        progress.printf("%s %s: starting a fresh testee%s%s%n", attack.id(), attack.name(),
                attack.compression() ? " (compression on)" : "",
                attack.fdLimit() > 0 ? " (ulimit -n " + attack.fdLimit() + ")" : "");
        TesteeProcess testee;
        Path log = logDir.resolve(attack.id() + ".log");
        try {
            testee = TesteeProcess.start(root, attack.compression(), attack.fdLimit(), log);
        } catch (IOException e) {
            progress.println("  " + e.getMessage());
            return AttackResult.notStarted(attack, Figures.reason(e));
        }
        try {
            return measure(attack, testee);
        } finally {
            testee.stop();
        }
    }

    private AttackResult measure(Attack attack, TesteeProcess testee) throws InterruptedException {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", testee.port());
        ProcessSampler sampler = ProcessSampler.start(testee.pid());
        HonestClient honest = HonestClient.start(target);
        try {
            return measure(attack, testee, target, sampler, honest);
        } finally {
            // Normally done already; here for an interrupted run. Both are idempotent.
            honest.close();
            sampler.close();
        }
    }

    private AttackResult measure(Attack attack, TesteeProcess testee, InetSocketAddress target,
            ProcessSampler sampler, HonestClient honest) throws InterruptedException {
        ProcessSampler.Sample start = sampler.last();
        long startNanos = System.nanoTime();
        progress.printf("  testee pid %d on port %d; attacking%n", testee.pid(), testee.port());
        String attackers;
        try {
            attackers = attack.run(new AttackContext(target, scale, sampler));
        } catch (IOException | RuntimeException e) {
            attackers = "attack failed: " + Figures.reason(e);
        }
        double attackSeconds = (System.nanoTime() - startNanos) / 1e9;
        ProcessSampler.Sample attackEnd = sampler.last();
        honest.phase(HonestClient.Phase.AFTER);
        progress.printf("  attack over after %s: %s%n  after phase (%d s)%n", Figures.seconds(attackSeconds),
                attackers, scale.afterPhase().toSeconds());
        TimeUnit.MILLISECONDS.sleep(scale.afterPhase().toMillis());
        honest.close();
        ProcessSampler.Sample end = sampler.last();
        boolean alive = testee.isAlive();
        sampler.close();
        TesteeProcess.Exit exit = testee.stop();

        ProbeStats during = ProbeStats.combined(honest.kept(HonestClient.Phase.DURING),
                honest.fresh(HonestClient.Phase.DURING));
        ProbeStats after = ProbeStats.combined(honest.kept(HonestClient.Phase.AFTER),
                honest.fresh(HonestClient.Phase.AFTER));
        String up = exit.byItself() || !alive ? "no" : after.okCount() == 0 ? "hung" : "yes";
        String exitStatus = exit.byItself() ? Integer.toString(exit.status()) : "–";

        List<String> details = new ArrayList<>();
        details.add("testee pid " + testee.pid() + ", log `" + testee.log() + "`; attack ran "
                + Figures.seconds(attackSeconds) + ", after phase " + scale.afterPhase().toSeconds() + " s");
        if (exit.byItself() && end != null) {
            details.add("exited with status " + exit.status() + " about "
                    + Figures.seconds((end.nanos() - startNanos) / 1e9) + " after the attack began (last sample)");
        } else {
            details.add("testee at the end: " + (alive ? "alive" : "gone") + ", " + exit.describe());
        }
        if (exit.firstError() != null) {
            details.add("first error in its log: `" + exit.firstError() + "`");
        }
        if (start != null && end != null) {
            details.add("testee RSS " + Figures.bytes(start.rssKib() * 1024) + " at start, peak "
                    + Figures.bytes(sampler.peakRssKib() * 1024) + "; open fds " + start.fds() + " at start, peak "
                    + sampler.peakFds() + ", " + end.fds() + " at the end");
        }
        details.add(probeLine("kept connection", honest.kept(HonestClient.Phase.DURING),
                honest.kept(HonestClient.Phase.AFTER)));
        details.add(probeLine("new connection each second", honest.fresh(HonestClient.Phase.DURING),
                honest.fresh(HonestClient.Phase.AFTER)));
        String error = TesteeProcess.errorName(exit.firstError());
        return new AttackResult(attack.id(), attack.name(), up, exitStatus, error, during, after, sampler.peakRssKib(),
                ProcessSampler.cores(start, attackEnd), attackers, details);
    }

    private static String probeLine(String kind, ProbeStats during, ProbeStats after) {
        StringBuilder line = new StringBuilder("honest probes, " + kind + ": during " + during.okCount() + " ok / "
                + during.failedCount() + " failed (p50 " + Figures.millis(during.p50Millis()) + " ms, max "
                + Figures.millis(during.maxMillis()) + " ms), after " + after.okCount() + " ok / "
                + after.failedCount() + " failed");
        if (during.failedCount() > 0) {
            line.append("; failures during: ").append(during.failureReasons());
        }
        if (after.failedCount() > 0) {
            line.append("; failures after: ").append(after.failureReasons());
        }
        return line.toString();
    }
}
