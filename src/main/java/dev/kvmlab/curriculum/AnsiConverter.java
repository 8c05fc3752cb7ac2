package dev.kvmlab.curriculum;

import java.util.Map;

import org.asciidoctor.ast.ContentNode;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.PhraseNode;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.converter.ConverterFor;
import org.asciidoctor.converter.StringConverter;

/**
 * An AsciidoctorJ converter for the terminal (backend {@code ansi}). Inline nodes become text with
 * style markers that switch only their own attribute off (so bold around monospace still works),
 * turned into ANSI SGR sequences by {@link TermText#styled(String)}; blocks are laid out by {@link AnsiRenderer} with JLine's attributed strings, wrapped to the
 * width in the document attribute {@code kvmlab-width} (default 80), coloured unless
 * {@code kvmlab-color} is {@code false}.
 */
@ConverterFor(AnsiConverter.BACKEND)
public class AnsiConverter extends StringConverter {

	public static final String BACKEND = "ansi";

	// Inline styles are marked with private-use characters, not escape sequences: Asciidoctor's
	// replacements run after inline conversion and treat the 'm' ending an SGR sequence as a word
	// character, so "\e[36m--all" would become an em dash. TermText.styled turns them into SGR.

	static final String BOLD = "\ue001";

	static final String BOLD_OFF = "\ue002";

	static final String ITALIC = "\ue003";

	static final String ITALIC_OFF = "\ue004";

	static final String UNDERLINE = "\ue005";

	static final String UNDERLINE_OFF = "\ue006";

	static final String CODE = "\ue007";

	static final String FG_OFF = "\ue008";

	static final String INVERSE = "\ue009";

	static final String INVERSE_OFF = "\ue00a";

	static final String FAINT_FG = "\ue00b";

	/** The SGR sequence each marker stands for, in marker order (\ue001 first). */
	static final String[] SGR = { "\u001b[1m", "\u001b[22m", "\u001b[3m", "\u001b[23m", "\u001b[4m", "\u001b[24m",
			"\u001b[36m", "\u001b[39m", "\u001b[7m", "\u001b[27m", "\u001b[90m" };

	public AnsiConverter(String backend, Map<String, Object> opts) {
		super(backend, opts);
		setOutfileSuffix(".txt");
	}

	@Override
	public String convert(ContentNode node, String transform, Map<Object, Object> opts) {
		String name = transform != null ? transform : node.getNodeName();
		if (node instanceof PhraseNode phrase) {
			return inline(phrase, name);
		}
		if (node instanceof StructuralNode block) {
			Document doc = block.getDocument();
			int width = intAttribute(doc, "kvmlab-width", 80);
			boolean color = !"false".equals(String.valueOf(doc.getAttribute("kvmlab-color", "true")));
			AnsiRenderer renderer = new AnsiRenderer(width);
			return renderer.toText(renderer.render(block), color);
		}
		return "";
	}

	private static int intAttribute(ContentNode node, String name, int fallback) {
		Object v = node.getAttribute(name);
		try {
			return v == null ? fallback : Integer.parseInt(v.toString().trim());
		}
		catch (NumberFormatException e) {
			return fallback;
		}
	}

	private static String text(PhraseNode n) {
		String t = n.getText();
		return t == null ? "" : t;
	}

	static String inline(PhraseNode n, String transform) {
		switch (transform) {
			case "inline_quoted":
				return quoted(n);
			case "inline_anchor":
				return anchor(n);
			case "inline_break":
				return text(n) + TermText.HARD_BREAK;
			case "inline_button":
				return BOLD + "[" + text(n) + "]" + BOLD_OFF;
			case "inline_kbd": {
				Object keys = n.getAttribute("keys");
				String k = keys instanceof java.util.List<?> l ? String.join("+", l.stream().map(String::valueOf).toList())
						: text(n);
				return INVERSE + k + INVERSE_OFF;
			}
			case "inline_menu": {
				StringBuilder b = new StringBuilder(String.valueOf(n.getAttribute("menu", "")));
				Object sub = n.getAttribute("submenus");
				if (sub instanceof java.util.List<?> l) {
					l.forEach(s -> b.append(" > ").append(s));
				}
				Object item = n.getAttribute("menuitem");
				if (item != null) {
					b.append(" > ").append(item);
				}
				return BOLD + b + BOLD_OFF;
			}
			case "inline_callout":
				return BOLD + "(" + text(n) + ")" + BOLD_OFF;
			case "inline_footnote":
				return FAINT_FG + " [" + text(n) + "]" + FG_OFF;
			case "inline_image":
				return "[" + n.getAttribute("alt", n.getTarget()) + "]";
			case "inline_indexterm":
				return "visible".equals(n.getType()) ? text(n) : "";
			default:
				return text(n);
		}
	}

	private static String quoted(PhraseNode n) {
		String t = text(n);
		String type = n.getType() == null ? "" : n.getType();
		switch (type) {
			case "strong":
				return BOLD + t + BOLD_OFF;
			case "emphasis":
				return ITALIC + t + ITALIC_OFF;
			case "monospaced":
				return CODE + t + FG_OFF;
			case "mark":
				return INVERSE + t + INVERSE_OFF;
			case "double":
				return "“" + t + "”";
			case "single":
				return "‘" + t + "’";
			case "superscript":
				return "^" + t;
			case "subscript":
				return "_" + t;
			default:
				return t;
		}
	}

	private static String anchor(PhraseNode n) {
		String type = n.getType() == null ? "" : n.getType();
		switch (type) {
			case "xref": {
				String refid = refid(n);
				String t = n.getText();
				if (t == null || t.isBlank()) {
					t = referencedTitle(n, refid);
				}
				return UNDERLINE + t + UNDERLINE_OFF + FAINT_FG + " [" + refid + "]" + FG_OFF;
			}
			case "link": {
				String target = n.getTarget();
				String t = text(n);
				if (t.isEmpty() || t.equals(target) || n.hasRole("bare")) {
					return UNDERLINE + target + UNDERLINE_OFF;
				}
				return t + " " + FAINT_FG + "<" + target + ">" + FG_OFF;
			}
			case "ref":
			case "bibref":
				return "";
			default:
				return text(n);
		}
	}

	/** The section id an xref points at: {@code m2-3} for both {@code <<m2-3>>} and {@code xref:m2.adoc#m2-3[]}. */
	static String refid(PhraseNode n) {
		Object fragment = n.getAttribute("fragment");
		if (fragment != null && !fragment.toString().isEmpty()) {
			return fragment.toString();
		}
		Object refid = n.getAttribute("refid");
		String r = refid == null ? n.getTarget() : refid.toString();
		if (r == null) {
			return "";
		}
		int hash = r.indexOf('#');
		return hash >= 0 ? r.substring(hash + 1) : r;
	}

	private static String referencedTitle(PhraseNode n, String refid) {
		try {
			Object ref = n.getDocument().getCatalog().getRefs().get(refid);
			if (ref instanceof StructuralNode s && s.getTitle() != null) {
				return s.getTitle();
			}
		}
		catch (RuntimeException e) {
			// no catalog entry: fall back to the id
		}
		return refid;
	}
}
