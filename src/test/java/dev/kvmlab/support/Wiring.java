package dev.kvmlab.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.kvmlab.Settings;

/**
 * kvmlab's real components (everything but the shell) wired by Spring as the application wires
 * them, with the URI, content folder and data folder a test chooses. Close it to release the
 * practice connection.
 */
public final class Wiring implements AutoCloseable {

	private final AnnotationConfigApplicationContext context;

	private Wiring(Map<String, Object> properties) {
		context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		context.scan("dev.kvmlab.content", "dev.kvmlab.grading", "dev.kvmlab.lab", "dev.kvmlab.readiness", "dev.kvmlab.image",
				"dev.kvmlab.report", "dev.kvmlab.i18n", "dev.kvmlab.progress", "dev.kvmlab.cluster");
		context.register(Settings.class);
		context.refresh();
	}

	/** Content from {@code home}, progress in {@code data}, libvirt at {@code uri}, English. */
	public static Wiring of(String uri, Path home, Path data) {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("kvmlab.connect", uri);
		p.put("kvmlab.home", home.toString());
		p.put("kvmlab.data", data.toString());
		p.put("kvmlab.lang", "en");
		return new Wiring(p);
	}

	/** Just the content loaders and registries (no host is opened unless asked). */
	public static Wiring content(Path home, Path data) {
		return of(Settings.PRACTICE_URI, home, data);
	}

	public <T> T get(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.getBean(dev.kvmlab.lab.HostConnector.class).closePractice();
		context.close();
	}
}
