package dev.kvmlab.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import dev.kvmlab.cluster.ClusterStatus.HostStatus;
import dev.kvmlab.cluster.ClusterStatus.Probe;
import dev.kvmlab.host.HostCapabilities;
import dev.kvmlab.host.HostCommands;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.LibvirtHost;

/**
 * Builds, shows and removes the two-host cluster ({@code cluster up|status|down}). The namespace
 * work is {@code cluster.sh} (a resource, written into the state folder and run there, so it can be
 * read and run by hand); this class checks the machine first, writes the configuration, runs the
 * script and asks each host's libvirtd whether it answers.
 */
@Service
public class ClusterService {

	/** A line of the script's progress: something made, found already there, or removed. */
	public record Step(Kind kind, String what) {

		public enum Kind {
			CREATED, PRESENT, REMOVED
		}
	}

	private static final long TIMEOUT_SECONDS = 300;

	private final ClusterLayout layout;

	private final ClusterPreconditions preconditions;

	public ClusterService() {
		this(ClusterLayout.standard(), new ClusterPreconditions(dev.kvmlab.host.LocalSystem.real(), new HostCommands()::available));
	}

	ClusterService(ClusterLayout layout, ClusterPreconditions preconditions) {
		this.layout = layout;
		this.preconditions = preconditions;
	}

	public ClusterLayout layout() {
		return layout;
	}

	/** Why the cluster cannot be built on this machine (empty when it can). */
	public List<ClusterPreconditions.Problem> problems() {
		return preconditions.check();
	}

	/** Why this process may not remove the cluster (not root); empty when it may. */
	public List<ClusterPreconditions.Problem> downProblems() {
		return preconditions.notRoot();
	}

	/** Makes whatever of the cluster is missing (safe to repeat), then returns its status. */
	public ClusterStatus up(Consumer<Step> log) {
		try {
			ClusterFiles.writeAll(layout);
		}
		catch (IOException e) {
			throw new ClusterException("cluster.failed.files", layout.dir(), e.getMessage());
		}
		run(log, "up");
		return status();
	}

	/** Removes everything the cluster's journal says it made; true when there was a cluster to remove. */
	public boolean down(Consumer<Step> log) {
		if (!Files.exists(layout.dir().resolve(ClusterFiles.JOURNAL))) {
			return false;
		}
		refreshScript();
		run(log, "down");
		return true;
	}

	/**
	 * Serves an iSCSI target with one LUN of {@code mib} MiB on the cluster's storage network (made
	 * when missing; an existing one keeps its data), for a lab's shared storage.
	 */
	public void sanUp(String name, int mib, Consumer<Step> log) {
		refreshScript();
		run(log, "san-up", name, ClusterLayout.iqn(name), String.valueOf(mib));
	}

	/** Removes a target and its LUN file; the target daemon goes with the last target. */
	public void sanDown(String name, Consumer<Step> log) {
		if (!Files.exists(layout.dir().resolve(ClusterFiles.JOURNAL))) {
			return; // no cluster, no target (cluster down removed it)
		}
		refreshScript();
		run(log, "san-down", name, ClusterLayout.iqn(name));
	}

	public ClusterStatus status() {
		if (!Files.exists(layout.dir().resolve(ClusterFiles.JOURNAL))) {
			return ClusterStatus.absent(layout);
		}
		refreshScript();
		ClusterStatus parsed = ClusterStatus.parse(layout, run(step -> {
		}, "status"));
		List<HostStatus> probed = new ArrayList<>();
		for (HostStatus h : parsed.hosts()) {
			probed.add(h.withProbe(h.libvirtd() == null ? null : probe(h.socketUri())));
		}
		return parsed.withHosts(probed);
	}

	/** Asks the host's libvirtd, read-only, for its host UUID and version. */
	static Probe probe(String uri) {
		try (LibvirtHost host = LibvirtHost.open(uri, true)) {
			HostCapabilities caps = host.capabilities();
			return new Probe(caps.capabilities().value("/capabilities/host/uuid"), caps.libvirtVersion(), null);
		}
		catch (HostException e) {
			return Probe.failed(e.getMessage());
		}
	}

	private void refreshScript() {
		try {
			ClusterFiles.writeScript(layout);
		}
		catch (IOException e) {
			throw new ClusterException("cluster.failed.files", layout.dir(), e.getMessage());
		}
	}

	/**
	 * Runs {@code cluster.sh <action>}, passing its progress lines on as they come; returns all it
	 * printed. A failure ({@code ! reason}, or a non-zero exit) becomes a {@link ClusterException}.
	 */
	private String run(Consumer<Step> log, String action, String... args) {
		List<String> command = new ArrayList<>(List.of("bash", layout.dir().resolve(ClusterFiles.SCRIPT).toString(), action));
		command.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(command)
			.redirectErrorStream(true).directory(layout.dir().toFile());
		pb.environment().put("KVMLAB_CLUSTER_DIR", layout.dir().toString());
		pb.environment().put("LC_ALL", "C");
		pb.environment().merge("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", (a, b) -> a + ":" + b);
		StringBuilder all = new StringBuilder();
		List<String> problems = new ArrayList<>();
		try {
			Process p = pb.start();
			p.getOutputStream().close();
			try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					all.append(line).append('\n');
					Step step = step(line);
					if (step != null) {
						log.accept(step);
					}
					else if (line.startsWith("! ")) {
						problems.add(line.substring(2));
					}
					else if (!line.contains("=") && !line.isBlank()) {
						problems.add(line); // a tool's own error message
					}
				}
			}
			if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new ClusterException("cluster.failed.timeout", action, TIMEOUT_SECONDS);
			}
			if (p.exitValue() != 0) {
				throw new ClusterException("cluster.failed.script", action,
						problems.isEmpty() ? "exit code " + p.exitValue() : String.join("; ", problems));
			}
		}
		catch (IOException e) {
			throw new ClusterException("cluster.failed.script", action, e.getMessage());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new ClusterException("cluster.failed.script", action, "interrupted");
		}
		return all.toString();
	}

	/** "+ netns kvmlab-cluster" and the like; null for any other line. */
	static Step step(String line) {
		if (line.length() < 3 || line.charAt(1) != ' ') {
			return null;
		}
		Step.Kind kind = switch (line.charAt(0)) {
			case '+' -> Step.Kind.CREATED;
			case '=' -> Step.Kind.PRESENT;
			case '-' -> Step.Kind.REMOVED;
			default -> null;
		};
		return kind == null ? null : new Step(kind, line.substring(2));
	}
}
