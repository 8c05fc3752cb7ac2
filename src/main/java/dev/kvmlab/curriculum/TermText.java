package dev.kvmlab.curriculum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.WCWidth;

/**
 * Text for the terminal: display widths (a CJK character takes two columns), word wrapping that
 * also breaks between CJK characters (but never puts closing punctuation at a line start), padding
 * to a display width, and decoding of the HTML entities Asciidoctor leaves in converted text.
 */
public final class TermText {

	/** What an inline hard line break ({@code +} at a line end) becomes until the paragraph is wrapped. */
	static final char HARD_BREAK = '\u2028';

	private static final String NO_LINE_START = "，。、；：？！）」』》〉】〕”’,.;:?!)]}…%·";

	private static final String NO_LINE_END = "（「『《〈【〔“‘([{";

	private static final Map<String, String> ENTITIES = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"", "apos",
			"'", "nbsp", "\u00a0");

	private TermText() {
	}

	/** Display width of a string (no escapes in it). */
	public static int width(CharSequence s) {
		int w = 0;
		for (int i = 0; i < s.length();) {
			int cp = Character.codePointAt(s, i);
			int cw = WCWidth.wcwidth(cp);
			w += Math.max(cw, 0);
			i += Character.charCount(cp);
		}
		return w;
	}

	public static int width(AttributedString s) {
		return s.columnLength();
	}

	static boolean isWide(int cp) {
		return WCWidth.wcwidth(cp) == 2;
	}

	/** Replaces {@code &lt;}, {@code &#8217;} and friends by the characters they stand for, in one pass. */
	public static String decodeEntities(String s) {
		if (s == null || s.indexOf('&') < 0) {
			return s == null ? "" : s;
		}
		StringBuilder out = new StringBuilder(s.length());
		int i = 0;
		while (i < s.length()) {
			char c = s.charAt(i);
			int semi = c == '&' ? s.indexOf(';', i) : -1;
			if (semi > i + 1 && semi - i <= 10) {
				String name = s.substring(i + 1, semi);
				String rep = null;
				if (name.startsWith("#x") || name.startsWith("#X")) {
					rep = codePoint(name.substring(2), 16);
				}
				else if (name.startsWith("#")) {
					rep = codePoint(name.substring(1), 10);
				}
				else {
					rep = ENTITIES.get(name);
				}
				if (rep != null) {
					out.append(rep);
					i = semi + 1;
					continue;
				}
			}
			out.append(c);
			i++;
		}
		return out.toString();
	}

	private static String codePoint(String digits, int radix) {
		try {
			int cp = Integer.parseInt(digits, radix);
			if (cp == 0x200b) { // zero-width space: drop it, the terminal shows nothing useful for it
				return "";
			}
			return new String(Character.toChars(cp));
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	/** Converted inline text (with the converter's style markers, escapes and entities) as a styled string. */
	public static AttributedString styled(String converted) {
		return AttributedString.fromAnsi(markersToSgr(decodeEntities(converted)).replace("\t", "    "));
	}

	/** Converted inline text as plain text: no markers, escapes or entities. */
	public static String plainText(String converted) {
		return converted == null ? "" : styled(converted).toString();
	}

	static String markersToSgr(String s) {
		StringBuilder b = null;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			int k = c - '\ue001';
			if (k >= 0 && k < AnsiConverter.SGR.length) {
				if (b == null) {
					b = new StringBuilder(s.length() + 16).append(s, 0, i);
				}
				b.append(AnsiConverter.SGR[k]);
			}
			else if (b != null) {
				b.append(c);
			}
		}
		return b == null ? s : b.toString();
	}

	/**
	 * Joins the source lines of a paragraph: a line break becomes a space, except between two CJK
	 * characters (Chinese has no spaces), and a hard break becomes a real line break.
	 */
	public static AttributedString joinLines(AttributedString text) {
		AttributedStringBuilder b = new AttributedStringBuilder(text.length());
		int n = text.length();
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (c == '\n') {
				int prev = lastVisible(b);
				int next = i + 1 < n ? text.charAt(i + 1) : ' ';
				if (prev > 0 && isWide(prev) && isWide(next)) {
					continue;
				}
				if (prev == '\n' || prev == 0) {
					continue;
				}
				b.style(text.styleAt(i)).append(' ');
			}
			else if (c == HARD_BREAK) {
				// drop the space before the break and the newline after it
				trimTrailingSpace(b);
				b.style(AttributedStyle.DEFAULT).append('\n');
				if (i + 1 < n && text.charAt(i + 1) == '\n') {
					i++;
				}
			}
			else {
				b.style(text.styleAt(i)).append(c);
			}
		}
		return b.toAttributedString();
	}

	private static int lastVisible(AttributedStringBuilder b) {
		return b.length() == 0 ? 0 : b.charAt(b.length() - 1);
	}

	private static void trimTrailingSpace(AttributedStringBuilder b) {
		while (b.length() > 0 && b.charAt(b.length() - 1) == ' ') {
			b.setLength(b.length() - 1);
		}
	}

	/**
	 * Wraps styled text to {@code width} display columns. Breaks at spaces, between CJK characters
	 * and at explicit newlines; a word longer than the line is split. Lines carry no trailing spaces.
	 */
	public static List<AttributedString> wrap(AttributedString text, int width) {
		width = Math.max(width, 8);
		List<AttributedString> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i <= text.length(); i++) {
			if (i == text.length() || text.charAt(i) == '\n') {
				wrapLine(text.subSequence(start, i), width, lines);
				start = i + 1;
			}
		}
		return lines;
	}

	private static void wrapLine(AttributedString text, int width, List<AttributedString> out) {
		List<int[]> tokens = tokens(text); // [start, end, isSpace]
		AttributedStringBuilder line = new AttributedStringBuilder();
		int col = 0;
		boolean any = false;
		for (int[] t : tokens) {
			AttributedString tok = text.subSequence(t[0], t[1]);
			int w = tok.columnLength();
			if (t[2] == 1) { // spaces: kept between words on one line, dropped at a break
				if (col > 0 && col + w < width) {
					line.append(tok);
					col += w;
				}
				else if (col > 0) {
					out.add(rtrim(line.toAttributedString()));
					line = new AttributedStringBuilder();
					col = 0;
				}
				continue;
			}
			if (col + w > width && col > 0) {
				out.add(rtrim(line.toAttributedString()));
				line = new AttributedStringBuilder();
				col = 0;
			}
			while (w > width) { // a word longer than a line: split it
				int cut = cutAt(tok, width);
				out.add(tok.subSequence(0, cut));
				tok = tok.subSequence(cut, tok.length());
				w = tok.columnLength();
			}
			line.append(tok);
			col += w;
			any = true;
		}
		if (col > 0 || !any) {
			out.add(rtrim(line.toAttributedString()));
		}
	}

	/** Where to split a word too long for a line: after its last inner hyphen that fits, else at the width. */
	private static int cutAt(AttributedString s, int width) {
		int col = 0;
		int hyphen = -1;
		for (int i = 0; i < s.length();) {
			int cp = Character.codePointAt(s, i);
			int w = Math.max(WCWidth.wcwidth(cp), 0);
			if (col + w > width) {
				return hyphen > 0 ? hyphen : Math.max(i, 1);
			}
			if (cp == '-' && i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)) && i + 1 < s.length()
					&& Character.isLetterOrDigit(s.charAt(i + 1))) {
				hyphen = i + 1;
			}
			col += w;
			i += Character.charCount(cp);
		}
		return s.length();
	}

	/** Tokens: runs of spaces, words, and single CJK characters (which may break anywhere) with their punctuation. */
	private static List<int[]> tokens(AttributedString s) {
		List<int[]> out = new ArrayList<>();
		int i = 0;
		int n = s.length();
		while (i < n) {
			int start = i;
			char c = s.charAt(i);
			if (c == ' ') {
				while (i < n && s.charAt(i) == ' ') {
					i++;
				}
				out.add(new int[] { start, i, 1 });
				continue;
			}
			int cp = Character.codePointAt(s, i);
			if (isWide(cp) || NO_LINE_END.indexOf(c) >= 0) {
				// opening punctuation sticks to what follows
				while (i < n && NO_LINE_END.indexOf(s.charAt(i)) >= 0) {
					i++;
				}
				if (i < n) {
					int cp2 = Character.codePointAt(s, i);
					if (isWide(cp2)) {
						i += Character.charCount(cp2);
					}
					else {
						while (i < n && s.charAt(i) != ' ' && !isWide(Character.codePointAt(s, i))) {
							i++;
						}
					}
				}
			}
			else {
				while (i < n && s.charAt(i) != ' ' && !isWide(Character.codePointAt(s, i))
						&& !(i > start && NO_LINE_END.indexOf(s.charAt(i)) >= 0)) {
					i++;
				}
			}
			// closing punctuation never starts a line
			while (i < n && NO_LINE_START.indexOf(s.charAt(i)) >= 0) {
				i++;
			}
			out.add(new int[] { start, i, 0 });
		}
		return out;
	}

	/** Display width of the widest piece that wrapping cannot break (a word, or a CJK character with its punctuation). */
	public static int longestUnbreakable(AttributedString s) {
		int best = 0;
		for (int[] t : tokens(s)) {
			if (t[2] == 0) {
				best = Math.max(best, s.subSequence(t[0], t[1]).columnLength());
			}
		}
		return best;
	}

	public static AttributedString rtrim(AttributedString s) {
		int end = s.length();
		while (end > 0 && s.charAt(end - 1) == ' ') {
			end--;
		}
		return end == s.length() ? s : s.subSequence(0, end);
	}

	/** Pads (or cuts) to exactly {@code width} columns, aligned left, right or centre. */
	public static AttributedString pad(AttributedString s, int width, char align) {
		int w = s.columnLength();
		if (w > width) {
			s = s.columnSubSequence(0, width);
			w = s.columnLength();
		}
		int gap = width - w;
		int left = align == 'r' ? gap : align == 'c' ? gap / 2 : 0;
		AttributedStringBuilder b = new AttributedStringBuilder();
		b.append(" ".repeat(left));
		b.append(s);
		b.append(" ".repeat(gap - left));
		return b.toAttributedString();
	}

	public static AttributedString plain(String s) {
		return new AttributedString(s);
	}

	public static AttributedString styled(String s, AttributedStyle style) {
		return new AttributedString(s, style);
	}

	/** Removes ANSI escape sequences. */
	public static String strip(String ansi) {
		return AttributedString.stripAnsi(ansi);
	}
}
