package dev.kvmlab.bench;

import java.io.PrintStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.xml.sax.InputSource;

import dev.kvmlab.KvmlabApplication;
import dev.kvmlab.Settings;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.GradingEngine;
import dev.kvmlab.grading.Rubric;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.XmlDoc;
import dev.kvmlab.lab.HostConnector;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabCatalog;
import dev.kvmlab.lab.LabService;
import dev.kvmlab.progress.Attempt;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.shell.KvmlabRunner;

/**
 * kvmlab's warm-grade benchmark (not a test; bench/run.sh drives it). Builds kvmlab's Spring context
 * once, without the command runner, then calls {@link LabService#grade(Lab)} many times in the same
 * JVM, as the interactive shell does, and also times the pieces of one grade separately.
 *
 * <pre>
 * GradeBench --uri URI [--lab ID] [--warmup N] [--iters N] [--all-domains N] [--xml N]
 * </pre>
 *
 * Prints human lines on stderr and machine lines on stdout:
 * {@code RESULT <key> n=<n> median_us=<x> min_us=<x> p90_us=<x> mean_us=<x>} and
 * {@code INFO <key> <value>}.
 *
 * Read-only against real hosts: it only grades (a read-only connection) and reads; the progress
 * file it writes lives in $KVMLAB_DATA, which run.sh points at a temporary directory.
 */
public final class GradeBench {

	private static final PrintStream OUT = System.out;

	private static final PrintStream LOG = System.err;

	private GradeBench() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> opt = options(args);
		String uri = required(opt, "uri");
		String labId = opt.getOrDefault("lab", "bridge-network");
		int warmup = Integer.parseInt(opt.getOrDefault("warmup", "500"));
		int iters = Integer.parseInt(opt.getOrDefault("iters", "200"));
		int allDomainsIters = Integer.parseInt(opt.getOrDefault("all-domains", "0"));
		int xmlIters = Integer.parseInt(opt.getOrDefault("xml", "0"));
		String data = System.getenv("KVMLAB_DATA");
		if (data == null || data.isBlank()) {
			throw new IllegalStateException("set KVMLAB_DATA to a scratch directory (learner progress must not be touched)");
		}

		System.setProperty("kvmlab.connect", uri);
		System.setProperty("spring.shell.interactive.enabled", "false");
		long t0 = System.nanoTime();
		ConfigurableApplicationContext ctx = context();
		LabService labs = ctx.getBean(LabService.class);
		Lab lab = labs.lab(labId);
		info("context_start_ms", String.valueOf((System.nanoTime() - t0) / 1_000_000));
		String settingsUri = ctx.getBean(Settings.class).uri();
		if (!settingsUri.equals(uri)) {
			throw new IllegalStateException("Settings uri is " + settingsUri + ", expected " + uri);
		}

		long t1 = System.nanoTime();
		GradeResult first = labs.grade(lab);
		info("first_grade_ms", String.valueOf((System.nanoTime() - t1) / 1_000_000));
		info("grade_outcome", first.score() + "/" + first.maxScore() + (first.incomplete() ? " incomplete" : "")
				+ " " + summary(first));
		first.criteria().stream().filter(c -> c.status() == dev.kvmlab.grading.Status.ERROR)
			.map(c -> c.found()).distinct().forEach(reason -> info("grade_error", reason));

		// 1. the whole LabService.grade, as a shell command would call it (rubric, connect, snapshot,
		// evaluate, record the attempt in progress.json): first the 20 grades after the first one (a
		// learner's session in the shell: the JIT has not compiled the grade path yet), then, after the
		// warm-up, the steady state. C1 compiles a method after a few hundred calls, so the code that
		// runs once per grade needs hundreds of warm-up grades.
		report("grade_early", time(20, () -> labs.grade(lab)));
		for (int i = 0; i < warmup; i++) {
			labs.grade(lab);
		}
		report("grade", time(iters, () -> labs.grade(lab)));

		// 2. the same steps one by one, to see where the time goes
		LabCatalog catalog = ctx.getBean(LabCatalog.class);
		HostConnector connector = ctx.getBean(HostConnector.class);
		GradingEngine engine = ctx.getBean(GradingEngine.class);
		ProgressStore progress = ctx.getBean(ProgressStore.class);
		Rubric rubric = catalog.rubric(lab);
		Set<Need> needs = rubric.needs();
		info("needs", needs.toString());
		report("part.rubric_load", time(iters, () -> catalog.rubric(lab)));
		report("part.open_close", time(iters, () -> {
			try (LibvirtHost h = connector.open(true)) {
				return h.uri();
			}
		}));
		try (LibvirtHost host = connector.open(true)) {
			report("part.snapshot", time(iters, () -> host.snapshot(new LinkedHashSet<>(needs))));
			for (Need need : needs) {
				report("part.snapshot." + needName(need), time(iters, () -> host.snapshot(Set.of(need))));
			}
			HostSnapshot snap = host.snapshot(new LinkedHashSet<>(needs));
			report("part.evaluate", time(iters, () -> engine.grade(rubric, snap, java.time.Instant.now())));
		}
		// what a grade costs without recording the attempt (progress.json: read, write, fsync, rename)
		report("grade_without_record", time(iters, () -> {
			Rubric r = catalog.rubric(lab);
			try (LibvirtHost h = connector.open(true)) {
				return engine.grade(r, h.snapshot(new LinkedHashSet<>(r.needs())), java.time.Instant.now());
			}
		}));
		// and with the rubric parsed once and one connection kept open as well: snapshot + evaluate only
		try (LibvirtHost host = connector.open(true)) {
			report("grade_snapshot_evaluate_only", time(iters,
					() -> engine.grade(rubric, host.snapshot(new LinkedHashSet<>(needs)), java.time.Instant.now())));
		}
		report("part.record", time(iters, () -> progress.update(p -> {
			var lp = p.lab(lab.id());
			lp.attempts++;
			lp.history.add(new Attempt(java.time.Instant.now().toString(), uri, false, 0, 100, false, false));
		})));
		info("progress_json_bytes", String.valueOf(java.nio.file.Files.size(progress.file())));

		// 3. optional: every domain on the host (Need.AllDomains; no check type asks for it today)
		if (allDomainsIters > 0) {
			try (LibvirtHost host = connector.open(true)) {
				int count = host.domainNames().size();
				info("domains_on_host", String.valueOf(count));
				Set<Need> all = Set.of(new Need.AllDomains());
				host.snapshot(all);
				report("snapshot_all_domains", time(allDomainsIters, () -> host.snapshot(all)));
				report("list_domain_names", time(allDomainsIters, host::domainNames));
			}
		}

		// 4. optional: XML parsing as XmlDoc does it (a new DocumentBuilderFactory per document) beside
		// one cached factory, on lab-vm1's definition
		if (xmlIters > 0) {
			String xml = java.nio.file.Files.readString(lab.dir().resolve("lab-vm1.xml"))
				.replace("${domain_type}", "test").replace("${owner}", "").replace("${images}", "/tmp");
			report("xml.xmldoc_parse", time(xmlIters, () -> XmlDoc.parse(xml)));
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			report("xml.cached_factory_parse", time(xmlIters, () -> {
				try {
					return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
				}
				catch (Exception e) {
					throw new IllegalStateException(e);
				}
			}));
			report("xml.factory_newInstance", time(xmlIters, DocumentBuilderFactory::newInstance));
		}

		connector.closePractice();
		ctx.close();
	}

	/** kvmlab's own context, minus the runner that would execute a command line or open the shell. */
	private static ConfigurableApplicationContext context() {
		SpringApplication app = new SpringApplication(KvmlabApplication.class);
		app.addInitializers(c -> c.addBeanFactoryPostProcessor(beanFactory -> {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
			for (String name : beanFactory.getBeanNamesForType(KvmlabRunner.class, true, false)) {
				registry.removeBeanDefinition(name);
			}
		}));
		return app.run();
	}

	// ------------------------------------------------------------------ measuring

	private static long[] time(int n, Supplier<?> body) {
		long[] ns = new long[n];
		Object sink = null;
		for (int i = 0; i < n; i++) {
			long s = System.nanoTime();
			sink = body.get();
			ns[i] = System.nanoTime() - s;
		}
		if (sink == null) {
			LOG.print("");
		}
		return ns;
	}

	private static void report(String key, long[] ns) {
		long[] sorted = ns.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
		long p90 = sorted[Math.min(n - 1, (int) Math.ceil(n * 0.9) - 1)];
		double mean = Arrays.stream(sorted).average().orElse(0);
		String line = String.format("RESULT %s n=%d median_us=%.1f min_us=%.1f p90_us=%.1f mean_us=%.1f", key, n,
				median / 1000.0, sorted[0] / 1000.0, p90 / 1000.0, mean / 1000.0);
		OUT.println(line);
		LOG.println("  " + line.substring("RESULT ".length()));
	}

	private static void info(String key, String value) {
		OUT.println("INFO " + key + " " + value.replace('\n', ' '));
		LOG.println("  " + key + ": " + value);
	}

	private static String summary(GradeResult r) {
		List<String> parts = new ArrayList<>();
		r.criteria().forEach(c -> parts.add(c.id() + "=" + c.status()));
		return String.join(",", parts);
	}

	private static String needName(Need need) {
		return need.getClass().getSimpleName().toLowerCase()
				+ (need instanceof Need.Domain d ? "(" + d.name() + ")" : "")
				+ (need instanceof Need.Network n ? "(" + n.name() + ")" : "");
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> out = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("usage: GradeBench --uri URI [--lab ID] [--warmup N] [--iters N]"
						+ " [--all-domains N] [--xml N]");
			}
			out.put(args[i].substring(2), args[++i]);
		}
		return out;
	}

	private static String required(Map<String, String> opt, String key) {
		String v = opt.get(key);
		if (v == null) {
			throw new IllegalArgumentException("--" + key + " is required");
		}
		return v;
	}
}
