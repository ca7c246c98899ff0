package io.stayaway.alerts.evidence.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.evidence.ReportLanguage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Writes sample documents to target/report-samples for a human to look at (and print) in a browser. */
class ReportSamplesTest {
    @Test
    void writesSampleDocumentsForVisualCheck() throws Exception {
        Path dir = Path.of("target", "report-samples");
        Files.createDirectories(dir);
        write(
                dir.resolve("evidence-en.html"),
                EvidenceReport.render(ReportFixtures.breach(Certainty.CONFIRMED), ReportLanguage.EN));
        write(
                dir.resolve("evidence-zh.html"),
                EvidenceReport.render(ReportFixtures.breach(Certainty.CONFIRMED), ReportLanguage.ZH));
        write(
                dir.resolve("evidence-possible-en.html"),
                EvidenceReport.render(ReportFixtures.breach(Certainty.POSSIBLE), ReportLanguage.EN));
        write(
                dir.resolve("compliance-en.html"),
                ComplianceReport.render(ReportFixtures.compliance(), ReportLanguage.EN));
        write(
                dir.resolve("compliance-zh.html"),
                ComplianceReport.render(ReportFixtures.compliance(), ReportLanguage.ZH));
        write(
                dir.resolve("compliance.json"),
                ReportFixtures.compliance().toJson().encodePrettily());
        assertTrue(Files.size(dir.resolve("evidence-en.html")) > 10_000);
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
