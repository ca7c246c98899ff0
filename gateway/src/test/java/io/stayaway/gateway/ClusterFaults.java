package io.stayaway.gateway;

import io.stayaway.gateway.ClusterNode.ClusterView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node faults of a cluster run, drawn from its seed and carried out on a thread of its own: a node
 * SIGKILLed at a random moment of its slot, the orders it owned at that instant (its own
 * {@code /api/cluster}, read just before), the moment a surviving node showed each of them evaluated
 * past the kill, and, unless it is the last kill of a run with one restart fewer, the node started
 * again after a random down time, and access state checked across the nodes once it is back. One node
 * is down at a time.
 */
final class ClusterFaults {
    /** How long after a kill the survivors are watched for the killed node's orders. */
    static final long WATCH_MILLIS = 20_000;

    /** A planned kill: {@code atMillis} after the start, the node's index, down {@code downMillis} (-1: stays down). */
    record Planned(long atMillis, int node, long downMillis) {}

    /**
     * A kill carried out: the node, the instant just before SIGKILL, the orders it owned then (null when it
     * did not say), and for each the first moment (epoch ms) a survivor listed it as evaluated past the kill.
     */
    record Kill(
            int number,
            String node,
            String nodeId,
            Instant at,
            Set<String> owned,
            Map<String, Long> takenOver,
            String ownershipError) {}

    private final ClusterRun run;
    final List<Planned> plan;
    final List<Kill> kills = Collections.synchronizedList(new ArrayList<>());
    private volatile int restarts;

    ClusterFaults(ClusterRun run, Random random, long faultMillis) {
        this.run = run;
        this.plan = draw(random, run.settings, faultMillis);
    }

    /**
     * One kill per slot of the fault period, at a random moment in its first half, of another node than the
     * kill before, down 8–14 s.
     */
    static List<Planned> draw(Random random, ClusterSettings s, long faultMillis) {
        List<Planned> out = new ArrayList<>();
        long first = 25_000;
        long slot = (faultMillis - first) / Math.max(1, s.kills());
        int previous = -1;
        for (int i = 0; i < s.kills(); i++) {
            long at = first + slot * i + (long) (random.nextDouble() * slot / 2);
            int node = random.nextInt(s.nodes() - (previous < 0 ? 0 : 1));
            if (previous >= 0 && node >= previous) {
                node++;
            }
            previous = node;
            boolean restarted = i < s.restarts();
            out.add(new Planned(at, node, restarted ? 8_000 + random.nextInt(6_000) : -1));
        }
        return out;
    }

    int restarts() {
        return restarts;
    }

    /** Carries out the plan from {@code startMillis}; every failure is a problem of the run, never an exception. */
    void carryOut(long startMillis) {
        for (Planned p : plan) {
            try {
                long wait = startMillis + p.atMillis() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                run.awaitSettledCluster();
                ClusterNode victim = run.nodes.get(p.node());
                Kill kill = killAndWatch(victim);
                kills.add(kill);
                ClusterRun.log("%s", describe(kill));
                if (p.downMillis() >= 0) {
                    long left = kill.at().toEpochMilli() + p.downMillis() - System.currentTimeMillis();
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                    victim.start();
                    restarts++;
                    ClusterRun.log(
                            "%s started again (%s)",
                            victim, victim.view(run.token()).nodeId());
                    run.awaitSettledCluster();
                    run.access.disabledUserIsRefusedEverywhere(run.nodes, victim, 1 + kills.size());
                    run.access.scopeHoldsOnEveryNode(run.nodes, victim, 1 + kills.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | AssertionError e) {
                run.problems.add("fault " + p + " could not be carried out: " + e);
                ClusterRun.log("fault %s failed: %s", p, e);
            }
        }
    }

    private Kill killAndWatch(ClusterNode victim) throws Exception {
        ClusterView before;
        Instant at;
        run.calm.lock();
        try {
            before = victim.view(run.token());
            at = victim.kill();
        } finally {
            run.calm.unlock();
        }
        int number = kills.size() + 1;
        if (!before.ok()) {
            return new Kill(number, victim.name, null, at, null, Map.of(), before.error());
        }
        Set<String> owned = new TreeSet<>(before.orders().keySet());
        Map<String, Long> takenOver = new LinkedHashMap<>();
        long deadline = at.toEpochMilli() + WATCH_MILLIS;
        while (takenOver.size() < owned.size() && System.currentTimeMillis() < deadline) {
            for (ClusterNode survivor : run.nodes) {
                if (survivor == victim || !survivor.up()) {
                    continue;
                }
                ClusterView v = run.watch.latest(survivor).orElse(null);
                if (v == null || !v.ok() || v.atMillis() <= at.toEpochMilli()) {
                    continue;
                }
                for (String order : owned) {
                    if (!takenOver.containsKey(order) && v.evaluatedAfter(order, at)) {
                        takenOver.put(order, v.atMillis());
                    }
                }
            }
            Thread.sleep(ClusterWatch.PERIOD_MILLIS / 2);
        }
        return new Kill(number, victim.name, before.nodeId(), at, owned, takenOver, null);
    }

    static String describe(Kill k) {
        if (k.owned() == null) {
            return "kill " + k.number() + ": node " + k.node() + " at " + k.at() + ", its orders unknown: "
                    + k.ownershipError();
        }
        long worst = k.takenOver().values().stream()
                .mapToLong(t -> t - k.at().toEpochMilli())
                .max()
                .orElse(-1);
        return "kill " + k.number() + ": node " + k.node() + " (" + k.nodeId() + ") at " + k.at() + " owned "
                + k.owned().size()
                + " order(s); " + k.takenOver().size() + " evaluated on a survivor past the kill, the last after "
                + worst + " ms";
    }
}
