package dev.kvmlab.lab.actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.host.PoolInfo;
import dev.kvmlab.host.XmlDoc;

/**
 * Defines a storage pool from a lab file (like {@code virsh pool-define}), builds it when it is not
 * running (pool-build: a dir pool's folder, a logical pool's volume group), and optionally starts it
 * and sets autostart. Pool XML has no {@code <metadata>}, so a pool is the lab's by its lab- name
 * and by not having been there before {@code lab start}.
 */
@Component
class DefinePool implements ActionType {

	@Override
	public String key() {
		return "define-pool";
	}

	@Override
	public Text description() {
		return Text.of("Define a storage pool from an XML file in the lab folder (pool-define), build it when inactive (pool-build); optionally start it and set autostart.",
				"用实验目录中的 XML 定义存储池（pool-define），未启动时构建（pool-build）；可选启动并设为自动启动。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("xml", Type.STRING, "XML file in the lab folder (variables allowed in the name)", "实验目录中的 XML 文件（文件名可用变量）"),
				ParamSpec.optional("start", Type.BOOLEAN, "start it (default false)", "启动（默认 false）"),
				ParamSpec.optional("autostart", Type.BOOLEAN, "mark it autostart (default false)", "设为自动启动（默认 false）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String xml = ctx.labFile(ctx.expand(params.string("xml")));
		XmlDoc doc = XmlDoc.parse(xml);
		String name = doc.value("/pool/name");
		String type = doc.value("/pool/@type");
		if (!Ownership.hasPrefix(name)) {
			throw new HostException("CONTENT", "lab pools are named lab-*, found '" + name + "'");
		}
		PoolInfo existing = ctx.host().findPool(name);
		if (existing != null) {
			ctx.requireMayModify("pool", name, null);
			xml = Redefinition.keepUuid(xml, existing.uuid());
		}
		ctx.recordCreated("pool", name);
		ctx.host().definePool(xml);
		StringBuilder done = new StringBuilder("defined pool " + name + " (type " + type + ")");
		if (existing == null || !existing.active()) {
			String target = doc.value("/pool/target/path");
			boolean needsBuild = type.equals("logical")
					|| ((type.equals("dir") || type.equals("fs")) && !ctx.practice() && !target.isEmpty()
							&& !Files.isDirectory(Path.of(target)));
			if (needsBuild) {
				try {
					ctx.host().buildPool(name);
					done.append(", built");
				}
				catch (HostException e) {
					if (!type.equals("logical")) { // a logical pool's VG may already be there: the start says
						throw e;
					}
				}
			}
		}
		if (params.bool("start", false)) {
			ctx.host().startPool(name);
			done.append(", started");
		}
		if (params.bool("autostart", false)) {
			ctx.host().setPoolAutostart(name, true);
			done.append(", autostart on");
		}
		return done.toString();
	}


	static PoolInfo require(ActionContext ctx, String name) {
		PoolInfo p = ctx.host().findPool(name);
		if (p == null) {
			throw new HostException("VIR_ERR_NO_STORAGE_POOL", "no storage pool " + name);
		}
		ctx.requireMayModify("pool", name, null);
		return p;
	}
}
