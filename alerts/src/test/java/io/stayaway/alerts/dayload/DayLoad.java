package io.stayaway.alerts.dayload;

import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.NotificationPlan;
import io.stayaway.alerts.OrderContacts;
import io.stayaway.alerts.Recipient;
import io.stayaway.alerts.WarningBudget;
import io.stayaway.geofence.Circle;
import io.stayaway.geofence.EpisodeClosed;
import io.stayaway.geofence.EpisodeOpened;
import io.stayaway.geofence.Evaluation;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.ExclusionZone;
import io.stayaway.geofence.FixSource;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.OrderEvaluator;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.PingFlag;
import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.geo.LocalFrame;
import io.stayaway.simulator.geo.LocalPoint;
import io.stayaway.simulator.gnss.Fix;
import io.stayaway.simulator.gnss.GnssErrorModel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Plays whole days of one pattern through {@link OrderEvaluator} as the gateway would: a fix a minute, every 15 s while
 * an episode is open (pursuit mode), each fix drawn by the simulator's GNSS noise model from where the respondent truly
 * is; each opened episode raises an alert routed by {@link NotificationPlan}, and warnings to the protected person pass
 * the {@link WarningBudget} (or not, to measure without it). Deterministic for a seed; not thread-safe.
 */
final class DayLoad {
    static final GeoPoint HOME_OF_PROTECTED = new GeoPoint(31.2304, 121.4737);
    static final Instant DAY0 = Instant.parse("2026-03-01T16:00:00Z"); // local midnight in Shanghai
    private static final String RESPONDENT = "dayload-resp";
    private static final long DAY = 86_400;

    private final DayPattern pattern;
    private final EvaluatorSettings settings;
    private final WarningBudget budget;
    private final boolean pursuitOnSuspicion;
    private final OrderContacts contacts;

    /**
     * @param budget             null: every warning is texted, as before the budget
     * @param pursuitOnSuspicion whether the devices report every 15 s while the evaluator {@link
     *                           OrderEvaluator#suspects() suspects} a rule, as the gateway does since issue #18, or only
     *                           while an episode is open, as before
     */
    DayLoad(DayPattern pattern, EvaluatorSettings settings, WarningBudget budget, boolean pursuitOnSuspicion) {
        this.pattern = pattern;
        this.settings = settings;
        this.budget = budget;
        this.pursuitOnSuspicion = pursuitOnSuspicion;
        Locale zh = Locale.SIMPLIFIED_CHINESE;
        this.contacts = new OrderContacts(
                "DAYLOAD",
                ZoneId.of("Asia/Shanghai"),
                "station",
                List.of(new Recipient(Recipient.RecipientRole.DESK, "+8613800000001", zh)),
                List.of(new Recipient(Recipient.RecipientRole.PROTECTED, "+8613800000002", zh)),
                new Recipient(Recipient.RecipientRole.RESPONDENT, "+8613800000003", zh),
                null,
                true);
    }

    /** Plays {@code days} consecutive days of {@code pairs} pairs, each pair's routine and noise drawn from the seed. */
    Tally play(int pairs, int days, long seed) {
        Tally tally = new Tally(pattern.name());
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int p = 0; p < pairs; p++) {
            playPair(seeds.split(), days, tally);
        }
        return tally;
    }

    private void playPair(SplittableRandom random, int days, Tally tally) {
        DayPattern.Routine routine = pattern.pairs().draw(random);
        Order order = new Order(
                "DAYLOAD",
                ZoneId.of("Asia/Shanghai"),
                DAY0,
                DAY0.plusSeconds(DAY * (days + 1)),
                RESPONDENT,
                List.of("dayload-prot"),
                List.of(new ExclusionZone(
                        "home",
                        new Circle(HOME_OF_PROTECTED.lat(), HOME_OF_PROTECTED.lon(), pattern.zoneRadius()),
                        pattern.band())),
                List.of(),
                List.of());
        OrderEvaluator evaluator = OrderEvaluator.create(order, settings);
        GnssErrorModel noise = new GnssErrorModel(random);
        LocalFrame frame = new LocalFrame(HOME_OF_PROTECTED);
        Set<String> open = new HashSet<>();
        List<Instant> warningsSent = new ArrayList<>();
        long seq = 0;
        for (int day = 0; day < days; day++) {
            Day plan = Day.draw(routine, random);
            boolean wasInBand = false;
            double last = -60;
            for (double t = 0; t < DAY; t += inPursuit(open, evaluator) ? 15 : 60) {
                Day.Where where = plan.at(t);
                boolean inBand = inBand(where.truth());
                if (inBand && !wasInBand) {
                    tally.trueBandEntries++;
                }
                wasInBand = inBand;
                Fix fix = noise.fix(
                        where.truth(),
                        where.place().profile(),
                        where.moving(),
                        t - last,
                        where.place().wifi());
                last = t;
                Instant at = DAY0.plusSeconds(day * DAY).plusMillis((long) (t * 1000));
                GeoPoint g = frame.toGeo(fix.position());
                Evaluation e = evaluator.evaluate(
                        new Ping(RESPONDENT, ++seq, at, g.lat(), g.lon(), fix.accuracy(), source(fix)), at);
                tally.fixes++;
                if (e.flags().contains(PingFlag.TELEPORT)) {
                    tally.teleports++;
                }
                List<GeofenceEvent> events = new ArrayList<>(e.events());
                events.addAll(evaluator.advanceTo(at));
                for (GeofenceEvent event : events) {
                    onEvent(event, at, open, warningsSent, tally);
                }
            }
            tally.pairDays++;
        }
    }

    /** How the device says it positioned itself, as the simulator's wearable reports it on the wire ({@code src}). */
    private static FixSource source(Fix fix) {
        return switch (fix.source()) {
            case GNSS -> FixSource.GNSS;
            case WIFI -> FixSource.WIFI;
            case CELL -> FixSource.CELL;
        };
    }

    /** Whether the gateway would have the devices in pursuit mode now (docs/wire-contract.md, downlink). */
    private boolean inPursuit(Set<String> open, OrderEvaluator evaluator) {
        return !open.isEmpty() || (pursuitOnSuspicion && evaluator.suspects());
    }

    private boolean inBand(LocalPoint truth) {
        double fromEdge = truth.distanceTo(LocalPoint.ORIGIN) - pattern.zoneRadius();
        if (fromEdge <= 0) {
            throw new IllegalStateException(pattern.name() + " takes the respondent into the zone: " + truth);
        }
        return fromEdge <= pattern.band();
    }

    private void onEvent(GeofenceEvent event, Instant at, Set<String> open, List<Instant> warningsSent, Tally tally) {
        if (event instanceof EpisodeClosed) {
            open.remove(event.episode().id());
            return;
        }
        if (!(event instanceof EpisodeOpened)) {
            return;
        }
        open.add(event.episode().id());
        AlertType type = AlertType.of(event.episode().kind());
        tally.opened.merge(type, 1, Integer::sum);
        for (Recipient r : NotificationPlan.recipients(type, contacts)) {
            boolean limited =
                    budget != null && r.role() == Recipient.RecipientRole.PROTECTED && WarningBudget.isWarning(type);
            if (limited) {
                WarningBudget.Decision d = budget.decide(type, at, List.copyOf(warningsSent));
                if (d != WarningBudget.Decision.SEND) {
                    tally.suppressed++;
                    continue;
                }
                warningsSent.add(at);
                warningsSent.removeIf(sent -> sent.isBefore(at.minus(Duration.ofDays(1))));
            }
            tally.texts.merge(r.role(), 1, Integer::sum);
        }
    }

    /** One day of a routine, with the times it leaves and arrives drawn around 07:30 and 17:30. */
    record Day(DayPattern.Routine routine, double leaveHome, double leaveWork, double commuteSeconds) {
        record Where(LocalPoint truth, DayPattern.Place place, boolean moving) {}

        static Day draw(DayPattern.Routine routine, SplittableRandom random) {
            double length = 0;
            for (int i = 1; i < routine.commute().size(); i++) {
                length += routine.commute()
                        .get(i - 1)
                        .distanceTo(routine.commute().get(i));
            }
            return new Day(
                    routine,
                    7.5 * 3600 + (random.nextDouble() - 0.5) * 2400,
                    17.5 * 3600 + (random.nextDouble() - 0.5) * 2400,
                    length / routine.speed());
        }

        Where at(double t) {
            DayPattern.Place street = new DayPattern.Place(null, DayPattern.STREET, null);
            if (t < leaveHome) {
                return new Where(routine.night().at(), t < 6 * 3600 ? routine.night() : routine.evening(), false);
            }
            if (t < leaveHome + commuteSeconds) {
                return new Where(along((t - leaveHome) * routine.speed(), false), street, true);
            }
            if (t < leaveWork) {
                return new Where(routine.work().at(), routine.work(), false);
            }
            if (t < leaveWork + commuteSeconds) {
                return new Where(along((t - leaveWork) * routine.speed(), true), street, true);
            }
            return new Where(routine.night().at(), t >= 22 * 3600 ? routine.night() : routine.evening(), false);
        }

        private LocalPoint along(double metres, boolean homeward) {
            List<LocalPoint> path = new ArrayList<>(routine.commute());
            if (homeward) {
                java.util.Collections.reverse(path);
            }
            double left = metres;
            for (int i = 1; i < path.size(); i++) {
                LocalPoint a = path.get(i - 1);
                LocalPoint b = path.get(i);
                double leg = a.distanceTo(b);
                if (left <= leg) {
                    double f = left / leg;
                    return new LocalPoint(
                            a.east() + (b.east() - a.east()) * f, a.north() + (b.north() - a.north()) * f);
                }
                left -= leg;
            }
            return path.get(path.size() - 1);
        }
    }

    /** What a pattern cost over its pair-days; mutable, confined to the thread that plays it. */
    static final class Tally {
        final String pattern;
        int pairDays;
        long fixes;
        long teleports;
        int trueBandEntries;
        int suppressed;
        final java.util.EnumMap<AlertType, Integer> opened = new java.util.EnumMap<>(AlertType.class);
        final java.util.EnumMap<Recipient.RecipientRole, Integer> texts =
                new java.util.EnumMap<>(Recipient.RecipientRole.class);

        Tally(String pattern) {
            this.pattern = pattern;
        }

        double perDay(double count) {
            return pairDays == 0 ? 0 : count / pairDays;
        }

        int opened(AlertType type) {
            return opened.getOrDefault(type, 0);
        }

        int critical() {
            return opened(AlertType.BREACH) + opened(AlertType.CROSSING) + opened(AlertType.PROXIMITY);
        }

        int texts(Recipient.RecipientRole role) {
            return texts.getOrDefault(role, 0);
        }
    }
}
