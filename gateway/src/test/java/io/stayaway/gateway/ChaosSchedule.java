package io.stayaway.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * When each fault of a chaos run happens, drawn from the run's seed: the gateway, PostgreSQL and
 * broker faults in a shuffled order, one per slot of the run's length at a random moment within it
 * (so they never pile up), with a random down time; the device faults likewise on their own. Immutable.
 */
record ChaosSchedule(List<Fault> gatewayFaults, List<Fault> deviceFaults) {
    enum Kind {
        KILL_GATEWAY,
        RESTART_POSTGRES,
        RESTART_BROKER,
        TAKE_OVER,
        DROP_CONNECTION
    }

    /** A fault {@code atMillis} after the start, keeping its server down {@code downMillis}. */
    record Fault(Kind kind, long atMillis, long downMillis) {}

    static ChaosSchedule draw(Random random, ChaosSettings s, long totalMillis) {
        List<Kind> server = new ArrayList<>();
        server.addAll(Collections.nCopies(s.kills(), Kind.KILL_GATEWAY));
        server.addAll(Collections.nCopies(s.pgRestarts(), Kind.RESTART_POSTGRES));
        server.addAll(Collections.nCopies(s.brokerRestarts(), Kind.RESTART_BROKER));
        Collections.shuffle(server, random);
        List<Kind> device = new ArrayList<>();
        device.addAll(Collections.nCopies(s.takeovers(), Kind.TAKE_OVER));
        device.addAll(Collections.nCopies(s.drops(), Kind.DROP_CONNECTION));
        Collections.shuffle(device, random);
        return new ChaosSchedule(spread(server, random, totalMillis), spread(device, random, totalMillis));
    }

    private static List<Fault> spread(List<Kind> kinds, Random random, long totalMillis) {
        List<Fault> out = new ArrayList<>();
        long slot = totalMillis / (kinds.size() + 1);
        for (int i = 0; i < kinds.size(); i++) {
            long at = slot * (i + 1) + (long) ((random.nextDouble() - 0.5) * slot / 2);
            long down = switch (kinds.get(i)) {
                case KILL_GATEWAY -> random.nextInt(3_000);
                case RESTART_POSTGRES -> 1_000 + random.nextInt(5_000);
                case RESTART_BROKER -> 1_000 + random.nextInt(4_000);
                default -> 0;
            };
            out.add(new Fault(kinds.get(i), at, down));
        }
        return out;
    }
}
