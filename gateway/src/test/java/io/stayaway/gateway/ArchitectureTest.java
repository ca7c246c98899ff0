package io.stayaway.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the four modules' main classes (README, module table): no cycle between
 * modules, between the feature packages of a module, or between any two gateway packages; the gateway's
 * root package is its composition root and its transports reach the rest only through the pipeline;
 * {@code geofence} is a library without I/O, and {@code simulator} speaks only the wire contract and
 * the HTTP API. The gateway module sees {@code geofence} and {@code alerts} on its test classpath; the
 * simulator's classes are read from its build output, which the reactor builds before the gateway.
 */
class ArchitectureTest {
    private static final Path SIMULATOR_CLASSES = Path.of("..", "simulator", "target", "classes");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        assertTrue(
                Files.isDirectory(SIMULATOR_CLASSES.resolve("io/stayaway/simulator")),
                "the simulator is built before the gateway: " + SIMULATOR_CLASSES.toAbsolutePath());
        ImportOption mainClassesOnly = location -> !location.contains("-tests.jar");
        ClassFileImporter importer = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(mainClassesOnly);
        Set<Location> locations = new HashSet<>(Locations.ofPackage("io.stayaway"));
        locations.add(Location.of(SIMULATOR_CLASSES.toAbsolutePath().normalize()));
        classes = importer.importLocations(locations);
        for (String module : new String[] {"geofence", "alerts", "gateway", "simulator"}) {
            assertTrue(
                    classes.containPackage("io.stayaway." + module),
                    "no classes of " + module + " imported: the rules would pass vacuously");
        }
    }

    @Test
    void theModulesDoNotDependOnEachOtherInACycle() {
        slices().matching("io.stayaway.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * A module's feature packages (its first-level packages, each with its subpackages). Inside a feature, a
     * top package that declares the API and subpackages that implement it may use each other, as the
     * style guide's API/implementation layout has it ({@code alerts.evidence} and its {@code assembly},
     * {@code bundle}, {@code chain}), so they count as one.
     */
    @Test
    void theFeaturePackagesOfEachModuleDoNotDependOnEachOtherInACycle() {
        slices().matching("io.stayaway.(*).(*)..")
                .namingSlices("$1 $2")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @Test
    void noTwoGatewayPackagesDependOnEachOtherInACycle() {
        slices().matching("io.stayaway.gateway.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingInTheGatewayDependsOnItsCompositionRoot() {
        noClasses()
                .that()
                .resideInAPackage("io.stayaway.gateway.*..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.stayaway.gateway")
                .because(
                        "the root package (Gateway, Main, GatewayConfig) builds every part; a part that used it would close a cycle")
                .check(classes);
    }

    @Test
    void theTransportsReachStorageAndEvaluationOnlyThroughThePipeline() {
        noClasses()
                .that()
                .resideInAPackage("io.stayaway.gateway.mqtt..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.stayaway.gateway.storage..",
                        "io.stayaway.gateway.evaluation..",
                        "io.stayaway.gateway.health..",
                        "io.stayaway.gateway.alerting..")
                .because(
                        "the path of a ping is the one in pipeline.Pipeline; a transport that stored or evaluated by itself would bypass it")
                .check(classes);
    }

    @Test
    void geofenceDependsOnNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("io.stayaway.geofence..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.stayaway.alerts..", "io.stayaway.gateway..", "io.stayaway.simulator..")
                .check(classes);
    }

    @Test
    void geofenceDoesNoInputOrOutput() {
        noClasses()
                .that()
                .resideInAPackage("io.stayaway.geofence..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vertx..",
                        "io.netty..",
                        "java.sql..",
                        "javax.sql..",
                        "org.postgresql..",
                        "com.zaxxer..",
                        "org.flywaydb..",
                        "org.eclipse.paho..",
                        "java.net..")
                .because("geofence is a library: no Vert.x, no database, no network (style.md)")
                .check(classes);
    }

    @Test
    void alertsDependsOnNoOtherModuleButGeofence() {
        noClasses()
                .that()
                .resideInAPackage("io.stayaway.alerts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.stayaway.gateway..", "io.stayaway.simulator..")
                .check(classes);
    }

    @Test
    void simulatorDependsOnNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("io.stayaway.simulator..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.stayaway.geofence..", "io.stayaway.alerts..", "io.stayaway.gateway..")
                .because(
                        "the simulator speaks only the MQTT wire contract and the HTTP API, as a real device and client would")
                .check(classes);
    }
}
