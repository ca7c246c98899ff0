package io.stayaway.geofence.impl;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * The edges of a polygon (outer rings and holes) in a bounding-volume hierarchy over consecutive
 * edges, answering "nearest boundary point" by branch-and-bound on squared distances; built once,
 * read-only afterwards, thread-safe (queries keep their state on the stack).
 *
 * <p>Why not JTS: {@code IndexedFacetDistance} builds an index over the query geometry on every call,
 * and {@code STRtree.nearestNeighbour} spends most of its time in a priority queue and in
 * {@code Math.hypot}; both dominated the per-fix cost in the benchmark. Consecutive ring edges are
 * spatially coherent, so grouping them in ring order gives tight boxes without sorting.
 */
final class EdgeIndex {
    private static final int FANOUT = 8;

    private final double[] ax;
    private final double[] ay;
    private final double[] bx;
    private final double[] by;
    /** Per level (0 = groups of edges), the boxes of its nodes: minX, minY, maxX, maxY interleaved. */
    private final double[][] boxes;

    private final int[] counts;

    EdgeIndex(Geometry polygonal) {
        Geometry boundary = polygonal.getBoundary();
        int total = 0;
        for (int g = 0; g < boundary.getNumGeometries(); g++) {
            total += boundary.getGeometryN(g).getNumPoints() - 1;
        }
        ax = new double[total];
        ay = new double[total];
        bx = new double[total];
        by = new double[total];
        int k = 0;
        for (int g = 0; g < boundary.getNumGeometries(); g++) {
            Coordinate[] ring = boundary.getGeometryN(g).getCoordinates();
            for (int i = 0; i + 1 < ring.length; i++, k++) {
                ax[k] = ring[i].x;
                ay[k] = ring[i].y;
                bx[k] = ring[i + 1].x;
                by[k] = ring[i + 1].y;
            }
        }
        int levels = 1;
        for (int n = ceilDiv(total, FANOUT); n > FANOUT; n = ceilDiv(n, FANOUT)) {
            levels++;
        }
        boxes = new double[levels][];
        counts = new int[levels];
        buildLevels(total);
    }

    private void buildLevels(int total) {
        int below = total;
        for (int level = 0; level < boxes.length; level++) {
            int n = ceilDiv(below, FANOUT);
            double[] box = new double[4 * n];
            for (int node = 0; node < n; node++) {
                double minX = Double.POSITIVE_INFINITY;
                double minY = Double.POSITIVE_INFINITY;
                double maxX = Double.NEGATIVE_INFINITY;
                double maxY = Double.NEGATIVE_INFINITY;
                for (int c = node * FANOUT; c < Math.min(below, (node + 1) * FANOUT); c++) {
                    if (level == 0) {
                        minX = Math.min(minX, Math.min(ax[c], bx[c]));
                        minY = Math.min(minY, Math.min(ay[c], by[c]));
                        maxX = Math.max(maxX, Math.max(ax[c], bx[c]));
                        maxY = Math.max(maxY, Math.max(ay[c], by[c]));
                    } else {
                        double[] child = boxes[level - 1];
                        minX = Math.min(minX, child[4 * c]);
                        minY = Math.min(minY, child[4 * c + 1]);
                        maxX = Math.max(maxX, child[4 * c + 2]);
                        maxY = Math.max(maxY, child[4 * c + 3]);
                    }
                }
                box[4 * node] = minX;
                box[4 * node + 1] = minY;
                box[4 * node + 2] = maxX;
                box[4 * node + 3] = maxY;
            }
            boxes[level] = box;
            counts[level] = n;
            below = n;
        }
    }

    /** Writes the boundary point nearest to (x, y) into out[0], out[1]. */
    void nearest(double x, double y, double[] out) {
        double[] best = {Double.POSITIVE_INFINITY, Double.NaN, Double.NaN};
        int top = boxes.length - 1;
        searchChildren(top + 1, 0, counts[top], x, y, best);
        out[0] = best[1];
        out[1] = best[2];
    }

    /** Visits nodes [from, to) of {@code level - 1} (edges when level is 0), nearest box first, pruning by the best so far. */
    private void searchChildren(int level, int from, int to, double x, double y, double[] best) {
        if (level == 0) {
            for (int e = from; e < to; e++) {
                considerEdge(e, x, y, best);
            }
            return;
        }
        double[] box = boxes[level - 1];
        int n = to - from;
        int[] order = new int[n];
        double[] bound = new double[n];
        for (int i = 0; i < n; i++) {
            int node = from + i;
            double d = boxDistanceSquared(box, node, x, y);
            int j = i;
            while (j > 0 && bound[j - 1] > d) {
                bound[j] = bound[j - 1];
                order[j] = order[j - 1];
                j--;
            }
            bound[j] = d;
            order[j] = node;
        }
        int childCount = level - 1 == 0 ? ax.length : counts[level - 2];
        for (int i = 0; i < n && bound[i] < best[0]; i++) {
            int node = order[i];
            searchChildren(level - 1, node * FANOUT, Math.min(childCount, (node + 1) * FANOUT), x, y, best);
        }
    }

    private void considerEdge(int e, double x, double y, double[] best) {
        double dx = bx[e] - ax[e];
        double dy = by[e] - ay[e];
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : ((x - ax[e]) * dx + (y - ay[e]) * dy) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double px = ax[e] + t * dx;
        double py = ay[e] + t * dy;
        double d2 = (x - px) * (x - px) + (y - py) * (y - py);
        if (d2 < best[0]) {
            best[0] = d2;
            best[1] = px;
            best[2] = py;
        }
    }

    private static double boxDistanceSquared(double[] box, int node, double x, double y) {
        double dx = Math.max(0, Math.max(box[4 * node] - x, x - box[4 * node + 2]));
        double dy = Math.max(0, Math.max(box[4 * node + 1] - y, y - box[4 * node + 3]));
        return dx * dx + dy * dy;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
