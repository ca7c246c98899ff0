package io.stayaway.gateway;

import io.stayaway.alerts.testing.FakeTwilio;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A run of the system under faults, as {@link ChaosChecks} judges it: the recording devices, the
 * scenario rounds, the database, a gateway to ask, the Twilio endpoint. {@link ChaosRun} (one gateway)
 * and {@link ClusterRun} (several) are such runs.
 */
interface FaultRun {
    /** Where the run keeps its logs, exports and summary. */
    Path dir();

    long seed();

    /** The summary's first lines: the seed and how to replay it, the settings, the faults carried out. */
    String summaryHeader();

    /** Problems the run itself met (a fault it could not carry out, a device never acknowledged …). */
    List<String> problems();

    /** The devices that keep what was acknowledged to them. */
    List<ChaosDevice> devices();

    /** The id prefix of the recording devices' orders, which must never raise a zone alert. */
    String recorderOrderPrefix();

    /** Round suffix → scenario name → its simulator process. */
    Map<String, Map<String, Process>> rounds();

    /** Releases the held scenarios; returns each device's interval line ("interval ID final=…"). */
    Map<String, String> releaseHolds() throws Exception;

    /** The HTTP API of a gateway that is up; {@code spread} picks among several, so requests can be spread. */
    String api(int spread);

    /** An admin token valid on every gateway of the run. */
    String token();

    FakeTwilio twilio();

    Connection db() throws SQLException;
}
