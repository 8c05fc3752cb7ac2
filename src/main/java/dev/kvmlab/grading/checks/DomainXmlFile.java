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
 * A file holds a domain's XML: it parses, its root is {@code <domain>}, it names the domain and
 * carries its UUID (a backup made with {@code virsh dumpxml NAME > FILE}).
 */
@Component
class DomainXmlFile implements CheckType {

	@Override
	public String key() {
		return "domain-xml-file";
	}

	@Override
	public Text description() {
		return Text.of("A file (${workdir} and ${images} are expanded) is the XML of the named domain: root <domain>, its <name> and <uuid>.",
				"某个文件（展开 ${workdir} 与 ${images}）是指定虚拟机的 XML：根元素 <domain>，且 <name> 和 <uuid> 与之相符。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("path", Type.STRING, "file path", "文件路径"),
				ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"));
	}

	@Override
	public String example() {
		return "check: domain-xml-file\nparams: {path: \"${workdir}/lab-life.xml\", name: lab-life}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), Need.file(p.string("path")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String path = p.string("path");
		String name = p.string("name");
		String expected = path + ": the XML of domain " + name + " (its name and UUID)";
		return Evidence.from(host.domain(name), expected, "no domain named " + name,
				d -> path.contains("${") // graded for someone else (class grade): only their own kvmlab knows their work folder
						? CheckResult.skip(expected, "the learner's work folder is only known to their own kvmlab (lab grade there)")
						: Evidence.from(host.file(path), expected, "no file " + path, f -> {
					if (!f.exists()) {
						return CheckResult.fail(expected, "no file " + path);
					}
					if (f.text() == null) {
						return CheckResult.fail(expected, path + " is too large for a domain XML (" + f.size() + " bytes)");
					}
					XmlDoc xml;
					try {
						xml = XmlDoc.parse(f.text());
					}
					catch (RuntimeException e) {
						return CheckResult.fail(expected, path + " is not well-formed XML");
					}
					if (xml.nodes("/domain").isEmpty()) {
						return CheckResult.fail(expected, path + " is XML but not a domain (root <" + xml.document().getDocumentElement().getNodeName() + ">)");
					}
					String fileName = xml.value("/domain/name");
					String uuid = xml.value("/domain/uuid");
					boolean ok = fileName.equals(name) && uuid.equalsIgnoreCase(d.uuid());
					return CheckResult.of(ok, expected, "domain XML of '" + fileName + "', uuid " + (uuid.isEmpty() ? "(none)" : uuid)
							+ (uuid.equalsIgnoreCase(d.uuid()) ? "" : " (" + name + " has " + d.uuid() + ")"));
				}));
	}
}
