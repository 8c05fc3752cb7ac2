package dev.kvmlab.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of the inline SVG charts in HTML reports, computed here so templates only place
 * elements: a line chart of scores over time (one series per lab) and a histogram of a class's
 * scores. Coordinates are in the SVG's viewBox units; every label is plain text that the template
 * escapes.
 */
public final class Charts {

	static final String[] PALETTE = { "#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d",
			"#dc2626" };

	private Charts() {
	}

	/** A point of a series: one graded attempt. */
	public record Sample(Instant at, int percent, boolean practice, String label) {
	}

	public record SeriesInput(String name, List<Sample> samples) {
	}

	public record Point(String x, String y, boolean hollow, String title) {
	}

	public record Series(String name, String color, String points, List<Point> dots) {
	}

	public record Tick(String x, String y, String label) {
	}

	public record LineChart(int width, int height, String plotLeft, String plotRight, String plotTop,
			String plotBottom, List<Tick> yTicks, List<Tick> xTicks, List<Series> series, boolean empty) {
	}

	public static LineChart progress(List<SeriesInput> inputs, ZoneId zone, Locale locale) {
		int width = 960;
		int height = 300;
		double left = 48;
		double right = width - 16;
		double top = 16;
		double bottom = height - 44;
		List<Instant> times = new ArrayList<>();
		inputs.forEach(s -> s.samples().forEach(p -> times.add(p.at())));
		List<Tick> yTicks = new ArrayList<>();
		for (int p = 0; p <= 100; p += 25) {
			yTicks.add(new Tick(fmt(left), fmt(y(p, top, bottom)), p + "%"));
		}
		if (times.isEmpty()) {
			return new LineChart(width, height, fmt(left), fmt(right), fmt(top), fmt(bottom), yTicks, List.of(),
					List.of(), true);
		}
		long min = times.stream().mapToLong(Instant::toEpochMilli).min().orElse(0);
		long max = times.stream().mapToLong(Instant::toEpochMilli).max().orElse(0);
		double inset = 24; // keep the first and last dots off the axes
		List<Series> series = new ArrayList<>();
		int color = 0;
		for (SeriesInput in : inputs) {
			if (in.samples().isEmpty()) {
				continue;
			}
			StringBuilder path = new StringBuilder();
			List<Point> dots = new ArrayList<>();
			for (Sample s : in.samples()) {
				double x = x(s.at().toEpochMilli(), min, max, left + inset, right - inset);
				double y = y(s.percent(), top, bottom);
				path.append(path.length() == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
				dots.add(new Point(fmt(x), fmt(y), s.practice(), s.label()));
			}
			series.add(new Series(in.name(), PALETTE[color++ % PALETTE.length], path.toString(), List.copyOf(dots)));
		}
		DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", locale).withZone(zone);
		List<Tick> xTicks = new ArrayList<>();
		xTicks.add(new Tick(fmt(x(min, min, max, left + inset, right - inset)), fmt(bottom + 20),
				day.format(Instant.ofEpochMilli(min))));
		if (max != min) {
			xTicks.add(new Tick(fmt(right - inset), fmt(bottom + 20), day.format(Instant.ofEpochMilli(max))));
		}
		return new LineChart(width, height, fmt(left), fmt(right), fmt(top), fmt(bottom), yTicks, xTicks,
				List.copyOf(series), false);
	}

	private static double x(long t, long min, long max, double from, double to) {
		return max == min ? (from + to) / 2 : from + (to - from) * (t - min) / (double) (max - min);
	}

	private static double y(int percent, double top, double bottom) {
		return bottom - (bottom - top) * Math.max(0, Math.min(100, percent)) / 100.0;
	}

	/** A histogram bar: its label, count and rectangle; {@code kind} is pass, fail, mixed (the pass mark falls inside the bucket) or error: its colour. */
	public record Bar(String label, int count, String x, String y, String width, String height, String labelX,
			String countY, String kind) {
	}

	public record Histogram(int width, int height, String baseline, String plotLeft, String plotRight,
			List<Bar> bars, List<Tick> yTicks) {
	}

	/**
	 * Ten buckets of percentages (0-9 ... 90-100) and, when there were any, one of learners who could
	 * not be graded. Buckets at or above {@code passMark} are drawn as passing.
	 */
	public static Histogram distribution(List<Integer> percents, int errors, int passMark, String errorLabel) {
		int[] counts = new int[10];
		for (int p : percents) {
			counts[Math.min(9, Math.max(0, p) / 10)]++;
		}
		int buckets = errors > 0 ? 11 : 10;
		int maxCount = Math.max(1, Math.max(errors, java.util.Arrays.stream(counts).max().orElse(0)));
		int width = 640;
		int height = 240;
		double left = 36;
		double right = width - 12;
		double top = 16;
		double bottom = height - 36;
		double slot = (right - left) / buckets;
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < buckets; i++) {
			boolean error = i == 10;
			int count = error ? errors : counts[i];
			double h = (bottom - top) * count / maxCount;
			double x = left + i * slot + slot * 0.12;
			String label = error ? errorLabel : i == 9 ? "90-100" : (i * 10) + "-" + (i * 10 + 9);
			int lowest = i * 10;
			int highest = i == 9 ? 100 : i * 10 + 9;
			String kind = error ? "error" : lowest >= passMark ? "pass" : highest < passMark ? "fail" : "mixed";
			bars.add(new Bar(label, count, fmt(x), fmt(bottom - h), fmt(slot * 0.76), fmt(h), fmt(x + slot * 0.38),
					fmt(bottom - h - 4), kind));
		}
		List<Tick> ticks = new ArrayList<>();
		int step = Math.max(1, (int) Math.ceil(maxCount / 4.0));
		for (int c = 0; c <= maxCount; c += step) {
			ticks.add(new Tick(fmt(left - 6), fmt(bottom - (bottom - top) * c / maxCount + 4), String.valueOf(c)));
		}
		return new Histogram(width, height, fmt(bottom), fmt(left), fmt(right), List.copyOf(bars), List.copyOf(ticks));
	}

	static String fmt(double v) {
		return String.format(Locale.ROOT, "%.1f", v);
	}
}
