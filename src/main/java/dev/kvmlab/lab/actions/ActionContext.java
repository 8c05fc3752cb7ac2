package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kvmlab.host.HostCommands;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.LibvirtHost;

/**
 * What an action runs with: a writable connection, the lab it belongs to and the lab's folder,
 * the variables that content may use (${images}, ${workdir}, ${domain_type}, ...), the host tools,
 * and a way to record what it created so that {@code lab finish} can remove exactly that.
 */
public record ActionContext(LibvirtHost host, String labId, Path labDir, Map<String, String> vars,
		HostCommands commands, BiConsumer<String, String> created, java.util.Set<String> preexisting,
		BiConsumer<String, String> remembered) {

	/**
	 * Keeps a choice made on this host (which loop device, which pool type) in the lab's session and
	 * as a variable for the steps that follow, now and in later runs (solve, undo, finish).
	 */
	public void remember(String variable, String value) {
		vars.put(variable, value);
		remembered.accept(variable, value);
	}

	private static final Pattern VAR = Pattern.compile("\\$\\{([a-z_]+)}");

	/** Replaces ${name} with the variable's value; an unknown variable is an error, not an empty string. */
	public String expand(String text) {
		if (text == null) {
			return null;
		}
		Matcher m = VAR.matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String value = vars.get(m.group(1));
			if (value == null) {
				throw new HostException("CONTENT", "unknown variable ${" + m.group(1) + "} (known: " + vars.keySet() + ")");
			}
			m.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		m.appendTail(out);
		return out.toString();
	}

	/** Reads a file shipped in the lab's folder, with variables expanded. */
	public String labFile(String name) {
		Path dir = labDir.toAbsolutePath().normalize();
		Path file = dir.resolve(name).normalize();
		if (!file.startsWith(dir)) {
			throw new HostException("CONTENT", "lab file '" + name + "' is outside the lab's folder");
		}
		try {
			return expand(Files.readString(file));
		}
		catch (IOException e) {
			throw new HostException("CONTENT", "cannot read lab file " + file + ": " + e.getMessage(), e);
		}
	}

	public void recordCreated(String kind, String name) {
		created.accept(kind, name);
	}

	/**
	 * May this lab change or remove the resource? Yes when its XML carries this lab's mark, or when
	 * it has the {@code lab-} prefix and did not exist before the lab was started (the learner made
	 * it as part of the lab). Never for anything else.
	 */
	public boolean mayModify(String kind, String name, dev.kvmlab.host.XmlDoc xml) {
		if (xml != null && dev.kvmlab.host.Ownership.ownerLab(xml).map(labId::equals).orElse(false)) {
			return true;
		}
		String base = dev.kvmlab.lab.Lab.isPathKind(kind) ? java.nio.file.Path.of(name).getFileName().toString() : name;
		return dev.kvmlab.host.Ownership.hasPrefix(base) && !preexisting.contains(kind + ":" + name)
				&& (xml == null || dev.kvmlab.host.Ownership.ownerLab(xml).isEmpty());
	}

	public void requireMayModify(String kind, String name, dev.kvmlab.host.XmlDoc xml) {
		if (!mayModify(kind, name, xml)) {
			throw new HostException("NOT_OURS", kind + " '" + name + "' exists and is not this lab's (no kvmlab mark,"
					+ " or it was there before `lab start " + labId + "`); kvmlab leaves it alone: rename or remove it yourself");
		}
	}

	public boolean practice() {
		return host.isPractice();
	}
}
