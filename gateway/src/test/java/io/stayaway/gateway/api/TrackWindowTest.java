package io.stayaway.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.Alert;
import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Severity;
import io.stayaway.gateway.storage.PartyTracks;
import io.stayaway.gateway.storage.PartyTracks.TrackFix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The span of an alert's track ({@link TrackRoutes.Window}) and how a long track is thinned. */
class TrackWindowTest {
    private static final Instant OPENED = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void anOpenAlertsTrackRunsFromFiveMinutesBeforeItsEpisodeToNow() {
        TrackRoutes.Window w = TrackRoutes.Window.of(alert(OPENED.minusSeconds(30)), null, OPENED.plusSeconds(600));
        assertEquals(OPENED.minusSeconds(330), w.from(), "the episode began at its device time, before the opening");
        assertEquals(OPENED.plusSeconds(600), w.to());
        assertFalse(w.capped());
    }

    @Test
    void anEpisodeDatedAfterItsOpeningStartsAtTheOpening() {
        TrackRoutes.Window w = TrackRoutes.Window.of(alert(OPENED.plusSeconds(20)), null, OPENED.plusSeconds(60));
        assertEquals(OPENED.minusSeconds(300), w.from());
    }

    @Test
    void aResolvedAlertsTrackEndsAtItsResolution() {
        TrackRoutes.Window w =
                TrackRoutes.Window.of(alert(OPENED), OPENED.plusSeconds(900), OPENED.plusSeconds(86_400));
        assertEquals(OPENED.minusSeconds(300), w.from());
        assertEquals(OPENED.plusSeconds(900), w.to());
        assertFalse(w.capped());
    }

    @Test
    void aTrackLongerThanAnHourIsItsLastHourAndSaysSo() {
        Instant now = OPENED.plusSeconds(3 * 3600);
        TrackRoutes.Window w = TrackRoutes.Window.of(alert(OPENED), null, now);
        assertEquals(now.minusSeconds(3600), w.from());
        assertEquals(now, w.to());
        assertTrue(w.capped());
        TrackRoutes.Window exactly = TrackRoutes.Window.of(alert(OPENED), OPENED.plusSeconds(3300), now);
        assertEquals(OPENED.minusSeconds(300), exactly.from(), "exactly an hour is not capped");
        assertFalse(exactly.capped());
    }

    @Test
    void aLongTrackIsThinnedEvenlyKeepingItsFirstAndLastFix() {
        List<TrackFix> track = new ArrayList<>();
        for (int i = 0; i < 4001; i++) {
            track.add(new TrackFix(OPENED.plusSeconds(i), 31, 121, 5));
        }
        List<TrackFix> thinned = PartyTracks.thin(track, 2000);
        assertEquals(2000, thinned.size());
        assertEquals(track.get(0), thinned.get(0));
        assertEquals(track.get(4000), thinned.get(1999));
        for (int i = 1; i < thinned.size(); i++) {
            long step = thinned.get(i).ts().getEpochSecond()
                    - thinned.get(i - 1).ts().getEpochSecond();
            assertTrue(step == 2 || step == 3, "evenly spaced: " + step);
        }
        List<TrackFix> shortTrack = track.subList(0, 2000);
        assertSame(shortTrack, PartyTracks.thin(shortTrack, 2000), "a track within the limit is kept whole");
    }

    private static Alert alert(Instant eventTime) {
        return new Alert(
                UUID.randomUUID(),
                "key",
                "ORD-1",
                AlertType.BREACH,
                Severity.CRITICAL,
                AlertState.OPEN,
                "home",
                "dev-1",
                "respondent",
                eventTime,
                null,
                false,
                null,
                null,
                null,
                OPENED,
                OPENED,
                0,
                null,
                null);
    }
}
