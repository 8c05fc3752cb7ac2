package dev.kvmlab.lab.actions;

import java.io.StringWriter;
import java.util.List;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.springframework.stereotype.Component;
import org.w3c.dom.Attr;
import org.w3c.dom.Node;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.NetworkInfo;
import dev.kvmlab.host.XmlDoc;

/**
 * Changes a lab domain's or network's persistent XML at an XPath (set an attribute or text, or
 * remove the node) and redefines it, as {@code virsh edit} would. Used by solutions and by the
 * grader self-tests to undo one part of a solution.
 */
@Component
class EditConfig implements ActionType {

	@Override
	public String key() {
		return "edit-config";
	}

	@Override
	public Text description() {
		return Text.of("Edit a lab domain's or network's persistent XML at an XPath (set a value or remove the node), like virsh edit.",
				"像 virsh edit 一样，在 XPath 处修改实验虚拟机或网络的持久化 XML（设置值或删除节点）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("kind", Type.STRING, "domain or network", "domain 或 network").oneOf("domain", "network"),
				ParamSpec.required("name", Type.STRING, "object name", "对象名称"),
				ParamSpec.required("xpath", Type.XPATH, "node to change", "要修改的节点"),
				ParamSpec.optional("set", Type.STRING, "new value of the attribute or element text", "属性或元素文本的新值"),
				ParamSpec.optional("remove", Type.BOOLEAN, "remove the node", "删除该节点"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String kind = params.string("kind");
		String name = ctx.expand(params.string("name"));
		String xpath = ctx.expand(params.string("xpath"));
		XmlDoc xml;
		if (kind.equals("domain")) {
			DomainInfo d = ctx.host().findDomain(name);
			if (d == null || d.configXml() == null) {
				throw new HostException("VIR_ERR_NO_DOMAIN", "no persistent domain " + name + " to edit");
			}
			ctx.requireMayModify("domain", name, d.configXml());
			xml = d.configXml();
		}
		else {
			NetworkInfo n = ctx.host().findNetwork(name);
			if (n == null) {
				throw new HostException("VIR_ERR_NO_NETWORK", "no network " + name + " to edit");
			}
			ctx.requireMayModify("network", name, n.xml());
			xml = n.xml();
		}
		List<Node> nodes = xml.nodes(xpath);
		if (nodes.isEmpty()) {
			throw new HostException("CONTENT", kind + " " + name + " has nothing at " + xpath);
		}
		for (Node node : nodes) {
			if (params.bool("remove", false)) {
				if (node instanceof Attr attr) {
					attr.getOwnerElement().removeAttributeNode(attr);
				}
				else {
					node.getParentNode().removeChild(node);
				}
			}
			else if (params.has("set")) {
				node.setTextContent(ctx.expand(params.string("set")));
			}
			else {
				throw new HostException("CONTENT", "edit-config needs 'set' or 'remove: true'");
			}
		}
		String text = serialize(xml);
		if (kind.equals("domain")) {
			ctx.host().defineDomain(text);
		}
		else {
			ctx.host().defineNetwork(text);
		}
		return "edited " + kind + " " + name + " at " + xpath;
	}

	static String serialize(XmlDoc xml) {
		try {
			Transformer t = TransformerFactory.newInstance().newTransformer();
			t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
			StringWriter out = new StringWriter();
			t.transform(new DOMSource(xml.document()), new StreamResult(out));
			return out.toString();
		}
		catch (Exception e) {
			throw new HostException("XML", "cannot write XML: " + e.getMessage(), e);
		}
	}
}
