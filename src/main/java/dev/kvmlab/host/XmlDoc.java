package dev.kvmlab.host;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A parsed libvirt XML description (domain, network, pool, volume) with XPath helpers. The raw
 * text is kept so tests can compare XML byte for byte.
 */
public final class XmlDoc {

	private static final XPathFactory XPATHS = XPathFactory.newInstance();

	private final String text;

	private final Document document;

	private XmlDoc(String text, Document document) {
		this.text = text;
		this.document = document;
	}

	private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(() -> {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			return factory.newDocumentBuilder();
		}
		catch (Exception e) {
			throw new IllegalStateException("no XML parser: " + e.getMessage(), e);
		}
	});

	public static XmlDoc parse(String text) {
		DocumentBuilder builder = BUILDERS.get();
		try {
			return new XmlDoc(text, builder.parse(new InputSource(new StringReader(text))));
		}
		catch (Exception e) {
			throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
		}
		finally {
			builder.reset();
		}
	}

	public String text() {
		return text;
	}

	public Document document() {
		return document;
	}

	/** The string value of an XPath expression ("" when nothing matches). */
	public String value(String xpath) {
		try {
			return ((String) newXPath().evaluate(xpath, document, XPathConstants.STRING)).trim();
		}
		catch (XPathExpressionException e) {
			throw new IllegalArgumentException("bad XPath '" + xpath + "': " + e.getMessage(), e);
		}
	}

	/** The string values of every node an XPath expression selects. */
	public List<String> values(String xpath) {
		List<String> out = new ArrayList<>();
		for (Node node : nodes(xpath)) {
			out.add(node.getTextContent() == null ? "" : node.getTextContent().trim());
		}
		return out;
	}

	public List<Node> nodes(String xpath) {
		return nodes(document, xpath);
	}

	public static List<Node> nodes(Node context, String xpath) {
		try {
			NodeList list = (NodeList) newXPath().evaluate(xpath, context, XPathConstants.NODESET);
			List<Node> out = new ArrayList<>(list.getLength());
			for (int i = 0; i < list.getLength(); i++) {
				out.add(list.item(i));
			}
			return out;
		}
		catch (XPathExpressionException e) {
			throw new IllegalArgumentException("bad XPath '" + xpath + "': " + e.getMessage(), e);
		}
	}

	public static String value(Node context, String xpath) {
		try {
			return ((String) newXPath().evaluate(xpath, context, XPathConstants.STRING)).trim();
		}
		catch (XPathExpressionException e) {
			throw new IllegalArgumentException("bad XPath '" + xpath + "': " + e.getMessage(), e);
		}
	}

	public boolean exists(String xpath) {
		return !nodes(xpath).isEmpty();
	}

	/** Checks that an XPath expression compiles, for the content linter. */
	public static void compile(String xpath) {
		try {
			newXPath().compile(xpath);
		}
		catch (XPathExpressionException e) {
			throw new IllegalArgumentException("bad XPath '" + xpath + "': " + e.getMessage(), e);
		}
	}

	private static XPath newXPath() {
		synchronized (XPATHS) {
			return XPATHS.newXPath();
		}
	}

	@Override
	public String toString() {
		return text;
	}
}
