package dev.kvmlab.grading.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.w3c.dom.Node;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.FileInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.XmlDoc;

/**
 * A domain is a proper clone of another ({@code virt-clone}): it exists, has its own UUID, no MAC
 * address of the original, and its own disk files (other paths, present on the host).
 */
@Component
class DomainClone implements CheckType {

	@Override
	public String key() {
		return "domain-clone";
	}

	@Override
	public Text description() {
		return Text.of("A domain is a clone of another with its own UUID, its own MAC addresses and its own disk files (other paths, present).",
				"某虚拟机是另一台虚拟机的克隆，且拥有自己的 UUID、自己的 MAC 地址和自己的磁盘文件（路径不同且文件存在）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "the clone's name", "克隆虚拟机名称"),
				ParamSpec.required("of", Type.STRING, "the original domain", "原虚拟机名称"));
	}

	@Override
	public String example() {
		return "check: domain-clone\nparams: {name: lab-life-clone, of: lab-life}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), Need.domain(p.string("of")), Need.domainFiles(p.string("name")),
				Need.domainFiles(p.string("of")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String of = p.string("of");
		String expected = name + ": a clone of " + of + " with its own UUID, MAC addresses and disk files";
		return Evidence.from(host.domain(of), expected, "no domain named " + of + " (the original)",
				orig -> Evidence.from(host.domain(name), expected, "no domain named " + name, clone -> {
					List<String> problems = new ArrayList<>();
					String unchecked = null;
					if (clone.uuid().equalsIgnoreCase(orig.uuid())) {
						problems.add("same UUID " + clone.uuid());
					}
					List<String> origMacs = macs(orig);
					for (String mac : macs(clone)) {
						if (origMacs.contains(mac)) {
							problems.add("same MAC " + mac);
						}
					}
					List<String> origDisks = disks(orig);
					List<String> cloneDisks = disks(clone);
					if (cloneDisks.isEmpty() && !origDisks.isEmpty()) {
						problems.add("no disk files");
					}
					for (String disk : cloneDisks) {
						if (origDisks.contains(disk)) {
							problems.add("shares disk " + disk + " with " + of);
							continue;
						}
						Lookup<FileInfo> f = host.file(disk);
						if (f instanceof Lookup.Unsupported<FileInfo> u) { // remote or practice: UUID, MACs and paths still tell
							unchecked = u.reason();
							continue;
						}
						if (f instanceof Lookup.Failed<FileInfo> fl) {
							return CheckResult.error(expected, fl.reason());
						}
						if (f instanceof Lookup.Found<FileInfo> ff && !ff.value().exists()) {
							problems.add("disk file " + disk + " is missing");
						}
					}
					String found = "uuid " + clone.uuid() + ", MACs " + macs(clone) + ", disks " + cloneDisks
							+ (unchecked == null ? "" : " (disk files not checked: " + unchecked + ")");
					return CheckResult.of(problems.isEmpty(), expected, problems.isEmpty() ? found : String.join("; ", problems));
				}));
	}

	private static List<String> macs(DomainInfo d) {
		List<String> out = new ArrayList<>();
		for (Node n : d.definition().nodes("/domain/devices/interface/mac/@address")) {
			out.add(n.getNodeValue().toLowerCase(java.util.Locale.ROOT));
		}
		return out;
	}

	private static List<String> disks(DomainInfo d) {
		List<String> out = new ArrayList<>();
		for (Node n : d.definition().nodes("/domain/devices/disk[@device='disk']/source/@file")) {
			out.add(n.getNodeValue());
		}
		return out;
	}
}
