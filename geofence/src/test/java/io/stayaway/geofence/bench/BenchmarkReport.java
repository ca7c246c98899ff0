package io.stayaway.geofence.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/** Runs {@link EvaluatorBenchmark} and prints median ± error per workload and the engine/naive ratio; run once from the command line. */
public final class BenchmarkReport {
    private BenchmarkReport() {}

    public static void main(String[] args) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(EvaluatorBenchmark.class.getSimpleName())
                        .build())
                .run();
        Map<String, Statistics> byName = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "") + "/"
                    + r.getParams().getParam("workload");
            byName.put(name, r.getPrimaryResult().getStatistics());
        }
        System.out.println();
        System.out.println("benchmark/workload        median evals/s   ± error (99.9%)   mean evals/s");
        for (Map.Entry<String, Statistics> e : byName.entrySet()) {
            Statistics s = e.getValue();
            System.out.printf(
                    Locale.ROOT,
                    "%-24s %15.0f %17.0f %14.0f%n",
                    e.getKey(),
                    s.getPercentile(50),
                    s.getMeanErrorAt(0.999),
                    s.getMean());
        }
        for (String workload : new String[] {"mixed", "warningBand"}) {
            Statistics engine = byName.get("engine/" + workload);
            Statistics naive = byName.get("naive/" + workload);
            if (engine != null && naive != null) {
                System.out.printf(
                        Locale.ROOT,
                        "ratio engine/naive (%s): %.1f x%n",
                        workload,
                        engine.getPercentile(50) / naive.getPercentile(50));
            }
        }
    }
}
