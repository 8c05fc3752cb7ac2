package dev.kvmlab.curriculum;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import dev.kvmlab.content.Text;

/**
 * A module's quiz ({@code curriculum/quizzes/mN.yaml}): questions of four types. {@code single}
 * and {@code multiple} are answered with choice ids ({@code b}, {@code a,c}); a multiple-choice
 * answer is right only when it names exactly the right choices. {@code command} answers are
 * compared exactly after trimming and collapsing spaces (a leading {@code sudo } or {@code $ } is
 * ignored); {@code xml} answers are compared as XML when both parse (element and attribute names
 * case-insensitive, attribute order and quotes and whitespace between elements ignored), else as
 * text with whitespace normalised.
 */
public record Quiz(Path file, String module, List<Question> questions) {

	public enum Type {
		SINGLE, MULTIPLE, COMMAND, XML;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public record Choice(String id, Text text) {
	}

	public record Question(String id, Type type, String section, Text prompt, List<Choice> choices, List<String> answer,
			List<String> accept, Text explain, int line) {

		/** Is this answer right? */
		public boolean isCorrect(String given) {
			if (given == null) {
				return false;
			}
			switch (type) {
				case SINGLE:
				case MULTIPLE:
					Set<String> ids = choiceIds(given);
					return ids != null && ids.equals(Set.copyOf(answer.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList()));
				case COMMAND:
					String c = normaliseCommand(given);
					return accept.stream().anyMatch(a -> normaliseCommand(a).equals(c));
				case XML:
					return accept.stream().anyMatch(a -> sameXml(a, given));
				default:
					return false;
			}
		}

		/** "a, c" / "a;c" / "ac" / "A C" → {a, c}; null when it names a choice that does not exist. */
		public Set<String> choiceIds(String given) {
			String g = given.trim().toLowerCase(Locale.ROOT);
			Set<String> known = new LinkedHashSet<>();
			choices.forEach(ch -> known.add(ch.id().toLowerCase(Locale.ROOT)));
			List<String> parts = new ArrayList<>();
			if (g.matches("[a-z]+") && known.stream().allMatch(k -> k.length() == 1) && !known.contains(g)) {
				g.chars().forEach(ch -> parts.add(String.valueOf((char) ch)));
			}
			else {
				for (String p : g.split("[\\s,;/]+")) {
					if (!p.isEmpty()) {
						parts.add(p.replaceAll("[).]$", ""));
					}
				}
			}
			Set<String> out = new LinkedHashSet<>();
			for (String p : parts) {
				if (!known.contains(p)) {
					return null;
				}
				out.add(p);
			}
			return out.isEmpty() ? null : out;
		}

		/** The right answer as the learner would type it. */
		public String expected() {
			if (type == Type.SINGLE || type == Type.MULTIPLE) {
				return String.join(",", answer);
			}
			return accept.isEmpty() ? "" : accept.get(0);
		}
	}

	public Question question(String id) {
		return questions.stream().filter(q -> q.id().equals(id)).findFirst().orElse(null);
	}

	static String normaliseCommand(String s) {
		String t = s.strip().replaceAll("\\s+", " ");
		if (t.startsWith("$ ")) {
			t = t.substring(2);
		}
		if (t.startsWith("sudo ")) {
			t = t.substring(5);
		}
		return t.replaceAll(";$", "").strip();
	}

	static String normaliseXmlText(String s) {
		String t = s.strip().replaceAll("\\s+", " ").replaceAll(">\\s+<", "><").replaceAll("\\s+/>", "/>")
			.replaceAll("\\s*=\\s*", "=").replace('\'', '"');
		StringBuilder b = new StringBuilder();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(</?)([A-Za-z_][\\w:.-]*)").matcher(t);
		int last = 0;
		while (m.find()) {
			b.append(t, last, m.start()).append(m.group(1)).append(m.group(2).toLowerCase(Locale.ROOT));
			last = m.end();
		}
		return b.append(t.substring(last)).toString();
	}

	static boolean sameXml(String expected, String given) {
		String a = canonicalXml(expected);
		String b = canonicalXml(given);
		if (a != null && b != null) {
			return a.equals(b);
		}
		return normaliseXmlText(expected).equals(normaliseXmlText(given));
	}

	/** A canonical form of an XML fragment (one or more elements), or null when it does not parse. */
	static String canonicalXml(String fragment) {
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setExpandEntityReferences(false);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			DocumentBuilder builder = f.newDocumentBuilder();
			builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no "[Fatal Error]" on stderr
			org.w3c.dom.Document doc = builder.parse(new InputSource(new StringReader("<r>" + fragment.strip() + "</r>")));
			StringBuilder out = new StringBuilder();
			children(doc.getDocumentElement(), out);
			return out.toString();
		}
		catch (Exception e) {
			return null;
		}
	}

	private static void children(Element e, StringBuilder out) {
		NodeList nodes = e.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++) {
			Node n = nodes.item(i);
			if (n instanceof Element child) {
				out.append('<').append(child.getTagName().toLowerCase(Locale.ROOT));
				Map<String, String> attrs = new TreeMap<>();
				NamedNodeMap map = child.getAttributes();
				for (int k = 0; k < map.getLength(); k++) {
					attrs.put(map.item(k).getNodeName().toLowerCase(Locale.ROOT), map.item(k).getNodeValue());
				}
				attrs.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(v).append('"'));
				out.append('>');
				children(child, out);
				out.append("</>");
			}
			else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
				String t = n.getNodeValue().strip().replaceAll("\\s+", " ");
				if (!t.isEmpty()) {
					out.append(t);
				}
			}
		}
	}
}
