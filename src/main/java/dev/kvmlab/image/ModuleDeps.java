package dev.kvmlab.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kernel's {@code modules.dep} (as depmod writes it: {@code path.ko: dep.ko dep2.ko ...}, paths
 * relative to {@code /lib/modules/<version>}) and {@code modules.builtin}, and the load order of a set
 * of modules: every module after the modules it depends on.
 */
public final class ModuleDeps {

	private final Map<String, String> pathByName = new LinkedHashMap<>();

	private final Map<String, List<String>> depsByPath = new LinkedHashMap<>();

	private final Set<String> builtin = new HashSet<>();

	private ModuleDeps() {
	}

	/** Parses modules.dep and (may be empty) modules.builtin. */
	public static ModuleDeps parse(String modulesDep, String modulesBuiltin) {
		ModuleDeps deps = new ModuleDeps();
		int lineNo = 0;
		for (String line : modulesDep.split("\n")) {
			lineNo++;
			String l = line.strip();
			if (l.isEmpty() || l.startsWith("#")) {
				continue;
			}
			int colon = l.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("modules.dep:" + lineNo + ": expected 'module.ko: deps...', found '" + l + "'");
			}
			String path = l.substring(0, colon).strip();
			String rest = l.substring(colon + 1).strip();
			List<String> list = rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
			deps.depsByPath.put(path, list);
			deps.pathByName.putIfAbsent(name(path), path);
		}
		if (modulesBuiltin != null) {
			for (String line : modulesBuiltin.split("\n")) {
				if (!line.isBlank()) {
					deps.builtin.add(name(line.strip()));
				}
			}
		}
		return deps;
	}

	/**
	 * The module name of a path, as the kernel knows it: file name without {@code .ko} and any
	 * compression suffix, dashes as underscores ({@code kernel/drivers/char/hw_random/virtio-rng.ko.xz} is {@code virtio_rng}).
	 */
	public static String name(String path) {
		String file = path.substring(path.lastIndexOf('/') + 1);
		for (String suffix : new String[] { ".ko.xz", ".ko.gz", ".ko.zst", ".ko" }) {
			if (file.endsWith(suffix)) {
				file = file.substring(0, file.length() - suffix.length());
				break;
			}
		}
		return file.replace('-', '_');
	}

	/** The path of a module file without its compression suffix (what the initramfs holds). */
	public static String uncompressedPath(String path) {
		for (String suffix : new String[] { ".xz", ".gz", ".zst" }) {
			if (path.endsWith(".ko" + suffix)) {
				return path.substring(0, path.length() - suffix.length());
			}
		}
		return path;
	}

	public boolean isBuiltin(String module) {
		return builtin.contains(module.replace('-', '_'));
	}

	public boolean has(String module) {
		return pathByName.containsKey(module.replace('-', '_'));
	}

	/**
	 * The files to load, in order, for the {@code required} modules (each must exist as a module or be
	 * built into the kernel) and the {@code optional} ones (left out when the kernel has neither), with
	 * everything they depend on. Built-in modules need no file and are left out.
	 */
	public List<String> loadOrder(List<String> required, List<String> optional) {
		List<String> wanted = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (String m : required) {
			String n = m.replace('-', '_');
			if (pathByName.containsKey(n)) {
				wanted.add(n);
			}
			else if (!builtin.contains(n)) {
				missing.add(m);
			}
		}
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("the kernel has no module " + String.join(", ", missing)
					+ " (neither in modules.dep nor built in)");
		}
		for (String m : optional) {
			String n = m.replace('-', '_');
			if (pathByName.containsKey(n)) {
				wanted.add(n);
			}
		}
		LinkedHashSet<String> order = new LinkedHashSet<>();
		for (String n : wanted) {
			visit(pathByName.get(n), order, new LinkedHashSet<>());
		}
		return new ArrayList<>(order);
	}

	private void visit(String path, LinkedHashSet<String> order, LinkedHashSet<String> visiting) {
		if (order.contains(path) || isBuiltin(name(path))) {
			return;
		}
		if (!visiting.add(path)) {
			throw new IllegalArgumentException("modules.dep has a dependency cycle: " + String.join(" -> ", visiting)
					+ " -> " + path);
		}
		List<String> deps = depsByPath.get(path);
		if (deps == null) {
			throw new IllegalArgumentException("modules.dep lists " + path + " as a dependency but has no line for it");
		}
		for (String dep : deps) {
			visit(dep, order, visiting);
		}
		visiting.remove(path);
		order.add(path);
	}

	/** The modules.dep lines of just these modules (for {@code modprobe} in the guest). */
	public String subset(List<String> paths) {
		StringBuilder sb = new StringBuilder();
		for (String p : paths) {
			sb.append(uncompressedPath(p)).append(':');
			for (String d : depsByPath.getOrDefault(p, List.of())) {
				if (paths.contains(d)) {
					sb.append(' ').append(uncompressedPath(d));
				}
			}
			sb.append('\n');
		}
		return sb.toString();
	}
}
