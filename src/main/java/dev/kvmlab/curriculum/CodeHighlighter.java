package dev.kvmlab.curriculum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours listings for the terminal. Shell: the command word of each pipeline stage bold green,
 * options cyan, strings yellow, variables magenta, comments dim; heredoc bodies and (when the
 * listing uses {@code $ } prompts) command output are left plain. XML: tags, attribute names and
 * values. YAML: keys and comments. Anything else is shown as it is.
 */
final class CodeHighlighter {

	static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);

	static final AttributedStyle OPTION = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);

	static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);

	static final AttributedStyle VARIABLE = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);

	static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();

	static final AttributedStyle OPERATOR = AttributedStyle.DEFAULT.bold();

	static final AttributedStyle TAG = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE).bold();

	private static final Set<String> PREFIXES = Set.of("sudo", "env", "time", "exec", "nohup", "command", "xargs",
			"watch", "nice", "ionice", "timeout", "then", "do", "else", "if", "while", "until", "!", "{");

	private static final Set<String> SHELLS = Set.of("bash", "sh", "shell", "console", "shell-session", "zsh");

	private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?");

	private static final Pattern XML_TOKEN = Pattern.compile(
			"(<!--.*?(?:-->|$))|(</?[A-Za-z_?][\\w:.-]*)|([\\w:.-]+)(=)(\"[^\"]*\"?|'[^']*'?)|(/?\\??>)");

	private static final Pattern YAML_KEY = Pattern.compile("^(\\s*(?:-\\s+)?)([^\\s:#'\"][^:#]*?|\"[^\"]*\"|'[^']*')(:)(\\s|$)");

	private CodeHighlighter() {
	}

	static List<AttributedString> highlight(String language, List<String> lines) {
		String lang = language == null ? "" : language.toLowerCase(Locale.ROOT);
		if (SHELLS.contains(lang)) {
			return shell(lines);
		}
		if (lang.equals("xml") || lang.equals("html")) {
			List<AttributedString> out = new ArrayList<>();
			lines.forEach(l -> out.add(xml(l)));
			return out;
		}
		if (lang.equals("yaml") || lang.equals("yml")) {
			List<AttributedString> out = new ArrayList<>();
			lines.forEach(l -> out.add(yaml(l)));
			return out;
		}
		List<AttributedString> out = new ArrayList<>();
		lines.forEach(l -> out.add(new AttributedString(l)));
		return out;
	}

	static List<AttributedString> shell(List<String> lines) {
		boolean prompts = lines.stream().anyMatch(l -> l.startsWith("$ "));
		List<AttributedString> out = new ArrayList<>();
		String heredoc = null;
		boolean continuation = false;
		for (String line : lines) {
			if (heredoc != null) {
				out.add(new AttributedString(line));
				if (line.trim().equals(heredoc)) {
					heredoc = null;
				}
				continue;
			}
			AttributedStringBuilder b = new AttributedStringBuilder();
			String rest = line;
			if (prompts && !continuation) {
				if (!line.startsWith("$ ")) {
					out.add(new AttributedString(line, COMMENT));
					continue;
				}
				b.styled(COMMENT, "$ ");
				rest = line.substring(2);
			}
			commandLine(rest, !continuation, b);
			out.add(b.toAttributedString());
			Matcher m = HEREDOC.matcher(rest);
			if (m.find()) {
				heredoc = m.group(1);
			}
			continuation = rest.endsWith("\\");
		}
		return out;
	}

	/** One shell line: words, quotes, operators and comments. */
	static void commandLine(String s, boolean expectCommand, AttributedStringBuilder b) {
		int i = 0;
		int n = s.length();
		boolean expect = expectCommand;
		boolean redirect = false;
		boolean afterPrefix = false;
		while (i < n) {
			char c = s.charAt(i);
			if (c == ' ' || c == '\t') {
				b.append(c);
				i++;
				continue;
			}
			if (c == '#' && (i == 0 || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
				b.styled(COMMENT, s.substring(i));
				return;
			}
			if (c == '|' || c == ';' || c == '&' || c == '(' || c == ')' || c == '`') {
				int j = i + 1;
				if (j < n && (s.charAt(j) == '|' || s.charAt(j) == '&') && c != '(' && c != ')') {
					j++;
				}
				b.styled(OPERATOR, s.substring(i, j));
				expect = c != ')';
				i = j;
				continue;
			}
			if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(') {
				b.styled(OPERATOR, "$(");
				expect = true;
				i += 2;
				continue;
			}
			if (c == '>' || c == '<' || (Character.isDigit(c) && i + 1 < n && s.charAt(i + 1) == '>')) {
				int j = i;
				while (j < n && "<>&0123456789-".indexOf(s.charAt(j)) >= 0) {
					j++;
				}
				b.styled(OPERATOR, s.substring(i, j));
				redirect = true;
				i = j;
				continue;
			}
			int j = wordEnd(s, i);
			String word = s.substring(i, j);
			if (redirect) {
				styleWord(word, AttributedStyle.DEFAULT, b);
				redirect = false;
			}
			else if (expect && word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
				int eq = word.indexOf('=');
				b.styled(VARIABLE, word.substring(0, eq + 1));
				styleWord(word.substring(eq + 1), AttributedStyle.DEFAULT, b);
			}
			else if (expect && afterPrefix && word.startsWith("-")) {
				styleWord(word, OPTION, b); // sudo -E virsh ...: still waiting for the command
			}
			else if (expect) {
				b.styled(COMMAND, word);
				expect = PREFIXES.contains(word);
				afterPrefix = expect;
			}
			else if (word.startsWith("-")) {
				styleWord(word, OPTION, b);
			}
			else {
				styleWord(word, AttributedStyle.DEFAULT, b);
			}
			i = j;
		}
	}

	private static int wordEnd(String s, int i) {
		int n = s.length();
		while (i < n) {
			char c = s.charAt(i);
			if (c == ' ' || c == '\t' || c == '|' || c == ';' || c == '&' || c == ')' || c == '`' || c == '>' || c == '<') {
				return i;
			}
			if (c == '\'' || c == '"') {
				int close = s.indexOf(c, i + 1);
				i = close < 0 ? n : close + 1;
				continue;
			}
			if (c == '\\' && i + 1 < n) {
				i += 2;
				continue;
			}
			if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(') {
				return i;
			}
			i++;
		}
		return n;
	}

	/** A word in {@code base} style, its quoted parts as strings and its $VARIABLES in their colour. */
	private static void styleWord(String w, AttributedStyle base, AttributedStringBuilder b) {
		int i = 0;
		while (i < w.length()) {
			char c = w.charAt(i);
			if (c == '\'' || c == '"') {
				int close = w.indexOf(c, i + 1);
				int end = close < 0 ? w.length() : close + 1;
				b.styled(STRING, w.substring(i, end));
				i = end;
			}
			else if (c == '$' && i + 1 < w.length() && (Character.isLetter(w.charAt(i + 1)) || w.charAt(i + 1) == '{'
					|| w.charAt(i + 1) == '_')) {
				int j = i + 1;
				if (w.charAt(j) == '{') {
					int close = w.indexOf('}', j);
					j = close < 0 ? w.length() : close + 1;
				}
				else {
					while (j < w.length() && (Character.isLetterOrDigit(w.charAt(j)) || w.charAt(j) == '_')) {
						j++;
					}
				}
				b.styled(VARIABLE, w.substring(i, j));
				i = j;
			}
			else {
				int j = i;
				while (j < w.length() && w.charAt(j) != '\'' && w.charAt(j) != '"' && w.charAt(j) != '$') {
					j++;
				}
				if (j == i) {
					j++;
				}
				b.styled(base, w.substring(i, j));
				i = j;
			}
		}
	}

	static AttributedString xml(String line) {
		AttributedStringBuilder b = new AttributedStringBuilder();
		Matcher m = XML_TOKEN.matcher(line);
		int last = 0;
		while (m.find()) {
			b.append(line.substring(last, m.start()));
			if (m.group(1) != null) {
				b.styled(COMMENT, m.group(1));
			}
			else if (m.group(2) != null) {
				b.styled(TAG, m.group(2));
			}
			else if (m.group(3) != null) {
				b.styled(OPTION, m.group(3));
				b.append(m.group(4));
				b.styled(STRING, m.group(5));
			}
			else {
				b.styled(TAG, m.group(6));
			}
			last = m.end();
		}
		b.append(line.substring(last));
		return b.toAttributedString();
	}

	static AttributedString yaml(String line) {
		AttributedStringBuilder b = new AttributedStringBuilder();
		String trimmed = line.stripLeading();
		if (trimmed.startsWith("#")) {
			return new AttributedString(line, COMMENT);
		}
		String body = line;
		String comment = "";
		int hash = line.indexOf(" #");
		if (hash >= 0 && !line.substring(0, hash).contains("'") && !line.substring(0, hash).contains("\"")) {
			body = line.substring(0, hash);
			comment = line.substring(hash);
		}
		Matcher m = YAML_KEY.matcher(body);
		if (m.find()) {
			b.append(m.group(1));
			b.styled(OPTION, m.group(2));
			b.append(m.group(3));
			b.append(body.substring(m.end(3)));
		}
		else {
			b.append(body);
		}
		b.styled(COMMENT, comment);
		return b.toAttributedString();
	}
}
