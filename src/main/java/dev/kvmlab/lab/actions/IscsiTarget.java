package dev.kvmlab.lab.actions;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.cluster.ClusterException;
import dev.kvmlab.cluster.ClusterLayout;
import dev.kvmlab.cluster.ClusterService;
import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.Ownership;

/**
 * Serves an iSCSI target on the cluster's storage network: a userspace target daemon (tgtd) in the
 * cluster bridge's namespace at {@link ClusterLayout#sanAddress()}, with one LUN backed by a file in
 * the cluster's folder. It plays the storage array of a real cluster: both hosts reach it over the
 * cluster bridge, this machine's own network does not. Resource kind {@code iscsi-target}: {@code lab
 * finish} deletes the target and its LUN file, and the daemon goes with the last target ({@code
 * cluster down} removes all of it too).
 */
@Component
public class IscsiTarget implements ActionType, ResourceKind {

	static final String KIND = "iscsi-target";

	private final ClusterService cluster;

	IscsiTarget(ClusterService cluster) {
		this.cluster = cluster;
	}

	@Override
	public String key() {
		return KIND;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public Text description() {
		return Text.of("Serve an iSCSI target (iqn.2026-11.dev.kvmlab:<name>, LUN 1 of the given size) on the cluster's storage network"
				+ " (tgtd in the cluster bridge's namespace, reachable from both hosts); lab finish removes it and its data.",
				"在集群的存储网络上提供一个 iSCSI target（iqn.2026-11.dev.kvmlab:<名称>，LUN 1 为给定大小；tgtd 运行在集群网桥的命名空间中，"
						+ "两台主机都能访问）；lab finish 会删除它及其数据。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "target name (lab-*): the IQN's last part", "target 名称（lab-*）：IQN 的最后部分"),
				ParamSpec.optional("size_mib", Type.NUMBER, "LUN 1's size in MiB (default 64)", "LUN 1 的大小，单位 MiB（默认 64）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = name(ctx.expand(params.string("name")));
		long mib = params.number("size_mib", 64);
		if (mib < 1 || mib > 4096) {
			throw new HostException("CONTENT", "size_mib of an iSCSI target is 1 to 4096, not " + mib);
		}
		String iqn = ClusterLayout.iqn(name);
		if (ctx.practice()) {
			return "practice mode: no iSCSI target " + iqn + " is served (the pool cannot start; grading reads its definition)";
		}
		ctx.recordCreated(KIND, name);
		List<String> made = new ArrayList<>();
		try {
			cluster.sanUp(name, (int) mib, step -> {
				if (step.kind() == ClusterService.Step.Kind.CREATED) {
					made.add(step.what());
				}
			});
		}
		catch (ClusterException e) {
			throw new HostException("CLUSTER", "cannot serve iSCSI target " + iqn + ": " + e.detail());
		}
		String address = cluster.layout().sanAddress();
		return (made.stream().anyMatch(s -> s.startsWith(KIND)) ? "serving" : "already serving") + " iSCSI target " + iqn + " at " + address + ":3260 on the cluster's storage network"
				+ " (LUN 1: " + mib + " MiB in " + cluster.layout().sanDir().resolve(name + "-lun1.img") + ")";
	}

	/** The cluster's target daemon and every target in it are kvmlab's own: none is ever a learner's. */
	@Override
	public boolean exists(ActionContext ctx, String name) {
		return false;
	}

	@Override
	public String remove(ActionContext ctx, String name) {
		String iqn = ClusterLayout.iqn(name(name));
		if (ctx.practice()) {
			return "iSCSI target " + iqn + ": not there (practice mode)";
		}
		List<String> steps = new ArrayList<>();
		try {
			cluster.sanDown(name, step -> steps.add(step.what()));
		}
		catch (ClusterException e) {
			return "iSCSI target " + iqn + ": could not remove: " + e.detail();
		}
		return steps.isEmpty() ? "iSCSI target " + iqn + ": not there" : "removed " + String.join(", ", steps);
	}

	private static String name(String name) {
		if (!Ownership.hasPrefix(name) || !name.matches("[a-z0-9][a-z0-9.-]*")) {
			throw new HostException("CONTENT", "an iSCSI target of a lab is named lab-* (lower case letters, digits, '.', '-'), not '" + name + "'");
		}
		return name;
	}
}
