package io.stayaway.gateway.health;

import java.time.Instant;

/**
 * What is known of one device's health, for the desk and for the loss timers. Immutable snapshot.
 *
 * @param lastSeen      server time of the last message of any kind (null: never since start-up)
 * @param lastFixTime   device time of the newest fix
 * @param lastGoodFix   server time of the last fix with usable accuracy
 * @param lastAccuracy  accuracy of the newest fix, metres
 * @param tampered      a strap/case tamper was reported and not yet restored
 * @param communicationLost a communication-loss alert is open
 * @param gnssLost      a GNSS-loss alert is open
 */
public record DeviceHealth(
        String deviceId,
        Instant lastSeen,
        Instant lastFixTime,
        Instant lastGoodFix,
        Double lastAccuracy,
        Integer battery,
        boolean tampered,
        boolean communicationLost,
        boolean gnssLost) {}
