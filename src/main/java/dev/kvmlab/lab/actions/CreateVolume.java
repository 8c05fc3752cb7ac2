package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.host.PoolInfo;
import dev.kvmlab.host.VolumeInfo;

/**
 * Creates a volume in a lab pool, like {@code virsh vol-create-as POOL NAME SIZE --format F}, or
 * clones one, like {@code virsh vol-clone SOURCE NAME --pool POOL}. An existing volume is kept.
 */
@Component
class CreateVolume implements ActionType {

	@Override
	public String key() {
		return "create-volume";
	}

	@Override
	public Text description() {
		return Text.of("Create a volume in a lab pool (vol-create-as), or clone one (vol-clone) with clone_of; an existing one is kept.",
				"在实验存储池中创建卷（vol-create-as），或用 clone_of 克隆卷（vol-clone）；已存在则保留。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("pool", Type.STRING, "pool name", "存储池名称"),
				ParamSpec.required("name", Type.STRING, "volume name (lab-*)", "卷名称（lab-*）"),
				ParamSpec.optional("capacity", Type.STRING, "virtual size, e.g. 128M (not with clone_of)", "虚拟大小，例如 128M（clone_of 时不用）"),
				ParamSpec.optional("format", Type.STRING, "qcow2 or raw (default qcow2)", "qcow2 或 raw（默认 qcow2）").oneOf("qcow2", "raw"),
				ParamSpec.optional("clone_of", Type.STRING, "volume of the same pool to clone", "要克隆的同池卷"));
	}

	/** The step's volume name, expanded: a lab volume is named lab-*, or the content is wrong. */
	static String labVolumeName(ActionContext ctx, Params params) {
		String name = ctx.expand(params.string("name"));
		if (!Ownership.hasPrefix(name)) {
			throw new HostException("CONTENT", "lab volumes are named lab-*, found '" + name + "'");
		}
		return name;
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String pool = ctx.expand(params.string("pool"));
		String name = CreateVolume.labVolumeName(ctx, params);
		PoolInfo p = DefinePool.require(ctx, pool);
		if (!p.active()) {
			throw new HostException("POOL_INACTIVE", "pool " + pool + " is not active: start it first");
		}
		if (volume(p, name) != null) {
			return "volume " + pool + "/" + name + " already exists: kept";
		}
		String source = params.string("clone_of");
		if (source != null) {
			VolumeInfo src = volume(p, source);
			if (src == null) {
				throw new HostException("VIR_ERR_NO_STORAGE_VOL", "no volume " + source + " in pool " + pool + " to clone");
			}
			String format = src.xml().value("/volume/target/format/@type");
			ctx.host().cloneVolume(pool, source, volumeXml(name, src.capacityBytes(), format.isEmpty() ? "raw" : format));
			return "cloned volume " + pool + "/" + source + " as " + name;
		}
		String format = params.string("format", "qcow2");
		ctx.host().createVolume(pool, volumeXml(name, LoopDevice.bytes(params.string("capacity", "64M")), format));
		return "created volume " + pool + "/" + name + " (" + format + ", " + params.string("capacity", "64M") + ")";
	}

	static VolumeInfo volume(PoolInfo p, String name) {
		return p.volumes().stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
	}

	private static String volumeXml(String name, long capacity, String format) {
		return "<volume><name>" + name + "</name><capacity unit='bytes'>" + capacity + "</capacity>"
				+ "<target><format type='" + format + "'/></target></volume>";
	}
}
