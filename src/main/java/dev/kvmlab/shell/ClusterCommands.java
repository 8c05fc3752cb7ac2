package dev.kvmlab.shell;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.completion.CompletionProposal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.cluster.ClusterException;
import dev.kvmlab.cluster.ClusterLayout;
import dev.kvmlab.cluster.ClusterPreconditions;
import dev.kvmlab.cluster.ClusterService;
import dev.kvmlab.cluster.ClusterStatus;
import dev.kvmlab.cluster.ClusterStatus.HostStatus;
import dev.kvmlab.report.Ansi;

/**
 * {@code cluster up|status|down}: two libvirt hosts on this machine, each in its own namespaces,
 * joined by a bridge (for migration and shared storage labs).
 */
@Configuration(proxyBeanMethods = false)
class ClusterCommands {

	@Bean
	Command clusterUp(ShellSupport s, ClusterService cluster) {
		return new KvmlabCommand("cluster up", "Build the two-host cluster on this machine (safe to repeat)",
				"cluster up: makes lab-host-a and lab-host-b, each a libvirtd with its own network, mount, UTS and cgroup"
						+ " namespaces, state, host UUID, hostname and address, joined by a bridge; starts what is not running."
						+ " Refuses, with the reason, where it cannot work (exit code 3).", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				ImageCommands.noArguments(inv);
				refuse(s, "cluster.refused", cluster.problems());
				PrintWriter out = inv.out();
				ClusterStatus status = guarded(s, () -> cluster.up(steps(s, out)));
				printStatus(s, out, status);
				return status.state() == ClusterStatus.State.UP ? ExitCode.OK : ExitCode.HOST_UNREACHABLE;
			}
		};
	}

	@Bean
	Command clusterStatus(ShellSupport s, ClusterService cluster) {
		KvmlabCommand c = new KvmlabCommand("cluster status", "Show the cluster's hosts, whether they answer, and their URIs",
				"cluster status [--format text|json]: each host with its address, hostname, host UUID and libvirt version"
						+ " (or why it is down), the URI for virsh from this machine and the one the hosts use for each other."
						+ " Exit code 0 when every host answers, 3 otherwise.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("format"));
				ImageCommands.noArguments(inv);
				String format = inv.option("format", "text");
				if (!format.equals("text") && !format.equals("json")) {
					throw KvmlabException.usageKey("error.unknown-format", format, "text, json");
				}
				ClusterStatus status = guarded(s, cluster::status);
				if (format.equals("json")) {
					inv.out().println(json(status));
				}
				else {
					printStatus(s, inv.out(), status);
				}
				return status.state() == ClusterStatus.State.UP ? ExitCode.OK : ExitCode.HOST_UNREACHABLE;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("format", "text (default) or json", String.class)));
		c.setCompletionProvider(context -> context.getCommandOption() != null
				&& "format".equals(context.getCommandOption().longName())
						? List.of(new CompletionProposal("text"), new CompletionProposal("json")) : List.of());
		return c;
	}

	@Bean
	Command clusterDown(ShellSupport s, ClusterService cluster) {
		return new KvmlabCommand("cluster down", "Remove the cluster: everything it made, and nothing else",
				"cluster down: stops the hosts' daemons and guests and removes the cluster's namespaces, bridge, veth pairs,"
						+ " cgroups and files (what its journal says it made); restores the kernel settings it changed. Works on"
						+ " a half-built or half-dead cluster too.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				ImageCommands.noArguments(inv);
				if (Files.exists(cluster.layout().dir())) {
					refuse(s, "cluster.refused.down", cluster.downProblems());
				}
				PrintWriter out = inv.out();
				boolean removed = guarded(s, () -> cluster.down(steps(s, out)));
				out.println(removed ? s.t("cluster.down.done") : s.t("cluster.down.none", cluster.layout().dir()));
				return ExitCode.OK;
			}
		};
	}

	/** The reasons the machine cannot do it, as one line with exit code 3. */
	private static void refuse(ShellSupport s, String key, List<ClusterPreconditions.Problem> problems) {
		if (!problems.isEmpty()) {
			throw KvmlabException.unreachable(s.t(key, String.join("; ", problems.stream().map(p -> s.t(p.key(), p.args())).toList())));
		}
	}

	/** Prints each step of cluster.sh as it happens: made, already there, removed. */
	private static java.util.function.Consumer<ClusterService.Step> steps(ShellSupport s, PrintWriter out) {
		return step -> {
			out.println("  " + s.t("cluster.step." + step.kind().name().toLowerCase(java.util.Locale.ROOT), step.what()));
			out.flush();
		};
	}

	/** Runs cluster work, turning its failures into one translated line with exit code 3. */
	private static <T> T guarded(ShellSupport s, java.util.function.Supplier<T> work) {
		try {
			return work.get();
		}
		catch (ClusterException e) {
			throw KvmlabException.unreachable(s.t(e.key(), e.args()));
		}
	}

	static void printStatus(ShellSupport s, PrintWriter out, ClusterStatus status) {
		Ansi ansi = Ansi.auto();
		ClusterLayout layout = status.layout();
		out.println(ansi.bold(s.t("cluster.status.header", layout.dir(),
				s.t("cluster.state." + status.state().name().toLowerCase(java.util.Locale.ROOT)))));
		if (status.state() == ClusterStatus.State.ABSENT) {
			return;
		}
		for (HostStatus h : status.hosts()) {
			String name = h.host().name();
			if (h.up()) {
				out.printf("  %s %-11s %s%n", ansi.green("[UP]  "), name, s.t("cluster.host.facts",
						or(h.hostname()), or(h.address()), h.probe().uuid(), h.probe().libvirtVersion()));
			}
			else {
				out.printf("  %s %-11s %s%n", ansi.red("[DOWN]"), name, downReason(s, h));
			}
			out.println("         " + s.t("cluster.host.uri", h.socketUri(), name));
			out.println("         " + s.t("cluster.host.peer", ClusterLayout.peerUri(h.host())));
			if (h.holder() != null) {
				out.println("         " + s.t("cluster.host.enter", h.holder(), layout.netns(h.host())));
			}
		}
		for (String iqn : status.sanTargets()) {
			out.println(s.t("cluster.san.target", iqn, layout.sanAddress()));
		}
		if (status.hosts().size() > 1) {
			out.println(s.t("cluster.migrate", status.hosts().get(0).socketUri(),
					ClusterLayout.peerUri(status.hosts().get(1).host())));
		}
	}

	static String downReason(ShellSupport s, HostStatus h) {
		ClusterStatus.Problem p = h.problem();
		return s.t("cluster.down." + p.key(), h.probe() == null || h.probe().error() == null ? "?" : h.probe().error());
	}

	private static String or(String value) {
		return value == null ? "?" : value;
	}

	static String json(ClusterStatus status) {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("dir", status.layout().dir().toString());
		root.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
		root.put("bridgeNetns", status.layout().bridgeNetns());
		root.put("sanAddress", status.layout().sanAddress());
		root.put("sanTargets", status.sanTargets());
		List<Map<String, Object>> hosts = new ArrayList<>();
		for (HostStatus h : status.hosts()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("name", h.host().name());
			m.put("up", h.up());
			m.put("uri", h.socketUri());
			m.put("peerUri", ClusterLayout.peerUri(h.host()));
			m.put("address", h.host().address());
			m.put("netns", status.layout().netns(h.host()));
			m.put("netnsPresent", h.netns());
			m.put("hostname", h.hostname());
			m.put("hostUuid", h.probe() == null ? null : h.probe().uuid());
			m.put("libvirtVersion", h.probe() == null ? null : h.probe().libvirtVersion());
			m.put("holderPid", h.holder());
			m.put("libvirtdPid", h.libvirtd());
			m.put("virtlogdPid", h.virtlogd());
			m.put("problem", h.up() ? null : h.problem().key());
			m.put("error", h.probe() == null ? null : h.probe().error());
			hosts.add(m);
		}
		root.put("hosts", hosts);
		try {
			return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}
}
