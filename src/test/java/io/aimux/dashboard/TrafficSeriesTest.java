package io.aimux.dashboard;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficSeriesTest {

    static final long MS = 1_000_000;

    @Test
    void sixtyBucketsOldestFirstWithEmptyOnesIncluded() {
        TrafficSeries series = new TrafficSeries();
        long start = 1_700_000_000_000L; // a multiple of 10 s
        series.add(start + 1_000, false, 10, 5, 2_000, 100 * MS, 1 * MS);
        series.add(start + 9_999, true, 1, 0, -1, -1, 3 * MS);
        series.add(start + 25_000, false, 0, 0, 0, 300 * MS, -1);
        List<TrafficSeries.Point> points = series.points(start + 25_000, true);
        assertThat(points).hasSize(TrafficSeries.BUCKETS);
        assertThat(points.get(59).t()).isEqualTo(start + 20_000);
        assertThat(points.get(0).t()).isEqualTo(start + 20_000 - 59 * 10_000L);
        TrafficSeries.Point first = points.get(57);
        assertThat(first.t()).isEqualTo(start);
        assertThat(first.requests()).isEqualTo(2);
        assertThat(first.errors()).isEqualTo(1);
        assertThat(first.inputTokens()).isEqualTo(11);
        assertThat(first.outputTokens()).isEqualTo(5);
        assertThat(first.costUsd()).isEqualTo(0.002);
        assertThat(first.latencyP50Ms()).isEqualTo(100.0);
        assertThat(first.overheadP50Ms()).isEqualTo(1.0); // nearest rank of {1, 3}
        TrafficSeries.Point empty = points.get(58);
        assertThat(empty.requests()).isZero();
        assertThat(empty.costUsd()).isEqualTo(0.0);
        assertThat(empty.latencyP50Ms()).isNull();
        assertThat(points.get(59).latencyP50Ms()).isEqualTo(300.0);
        assertThat(points.get(59).overheadP50Ms()).isNull();
        assertThat(series.points(start, false).get(59).costUsd()).isNull(); // no prices: no cost
    }

    @Test
    void oldBucketsAreReusedAndNeverShownAgain() {
        TrafficSeries series = new TrafficSeries();
        long start = 1_700_000_000_000L;
        series.add(start, false, 0, 0, 0, 5 * MS, -1);
        long later = start + TrafficSeries.BUCKETS * 10_000L; // the same ring slot, one lap later
        assertThat(series.points(later, false).stream().mapToLong(TrafficSeries.Point::requests).sum()).isZero();
        series.add(later, false, 0, 0, 0, 7 * MS, -1);
        series.add(start, false, 0, 0, 0, 1 * MS, -1); // late news of the old bucket is dropped
        List<TrafficSeries.Point> points = series.points(later, false);
        assertThat(points.get(59).requests()).isEqualTo(1);
        assertThat(points.get(59).latencyP50Ms()).isEqualTo(7.0);
    }

    @Test
    void aBusyBucketKeepsABoundedSampleForItsMedian() {
        TrafficSeries series = new TrafficSeries();
        long start = 1_700_000_000_000L;
        for (int i = 1; i <= 10_000; i++) {
            series.add(start, false, 0, 0, 0, i * MS, -1);
        }
        TrafficSeries.Point point = series.points(start, false).get(59);
        assertThat(point.requests()).isEqualTo(10_000);
        // a uniform sample of 128 from 1..10000 ms: its median lies near 5000 (far outside this only by a broken reservoir)
        assertThat(point.latencyP50Ms()).isBetween(3_000.0, 7_000.0);
    }

    @Test
    void percentilesByNearestRank() {
        long[] values = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
        for (int i = 0; i < values.length; i++) {
            values[i] *= MS;
        }
        long[] sorted = Percentiles.sorted(values, values.length);
        assertThat(Percentiles.ofSorted(sorted, 10, 0.5)).isEqualTo(5.0);
        assertThat(Percentiles.ofSorted(sorted, 10, 0.95)).isEqualTo(10.0);
        assertThat(Percentiles.ofSorted(sorted, 10, 0.1)).isEqualTo(1.0);
        assertThat(Percentiles.ofSorted(new long[] {1_234}, 1, 0.5)).isEqualTo(0.001); // a microsecond resolution
        assertThat(Percentiles.ofSorted(sorted, 0, 0.5)).isNull();
        assertThat(Percentiles.ofSorted(new long[] {42 * MS}, 1, 0.95)).isEqualTo(42.0);
    }

    @Test
    void aSampleWindowKeepsOnlyTheLatest() {
        SampleWindow window = new SampleWindow(4);
        assertThat(window.p50p95()).containsEntry("p50", null).containsEntry("p95", null);
        for (long v : new long[] {100, 100, 100, 100, 1, 2, 3}) {
            window.add(v * MS);
        }
        assertThat(window.sorted()).containsExactly(1 * MS, 2 * MS, 3 * MS, 100 * MS);
        assertThat(window.p50p95()).containsEntry("p50", 2.0).containsEntry("p95", 100.0);
    }
}
