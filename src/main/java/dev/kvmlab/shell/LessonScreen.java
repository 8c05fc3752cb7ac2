package dev.kvmlab.shell;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

import org.jline.builtins.Less;
import org.jline.builtins.Source;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where lessons are shown: how wide (the terminal, at most 100 columns for readable lines; 100 when
 * the output is not a terminal, or {@code COLUMNS}), whether in colour (a terminal, unless
 * {@code NO_COLOR} or a dumb terminal), and paged: in the interactive shell a text longer than the
 * screen goes through JLine's {@code less} (space/b to move, / to search, q to quit); in a one-shot
 * run, or when the output is not a terminal, everything is printed.
 */
@Component
class LessonScreen {

	static final int MAX_WIDTH = 100;

	private final ObjectProvider<Terminal> terminal;

	private final ShellSupport support;

	LessonScreen(ObjectProvider<Terminal> terminal, ShellSupport support) {
		this.terminal = terminal;
		this.support = support;
	}

	private Terminal terminal() {
		if (support.interactive() || System.console() != null) {
			try {
				return terminal.getIfAvailable();
			}
			catch (RuntimeException e) {
				return null;
			}
		}
		return null;
	}

	int width() {
		Terminal t = terminal();
		int w = t == null ? 0 : t.getWidth();
		if (w <= 0) {
			try {
				w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim());
			}
			catch (NumberFormatException e) {
				w = 100;
			}
		}
		return Math.max(40, Math.min(w, MAX_WIDTH));
	}

	boolean color() {
		if (System.getenv("NO_COLOR") != null) {
			return false;
		}
		if (support.interactive()) {
			Terminal t = terminal();
			return t != null && !Terminal.TYPE_DUMB.equals(t.getType());
		}
		return System.console() != null && !"dumb".equals(System.getenv("TERM"));
	}

	/** Prints the text, through the pager when the shell is interactive and the text is taller than the screen. */
	void show(PrintWriter out, String text, String title) {
		Terminal t = support.interactive() ? terminal() : null;
		long lines = text.lines().count();
		if (t == null || t.getHeight() <= 0 || lines < t.getHeight() - 1 || Terminal.TYPE_DUMB.equals(t.getType())) {
			out.print(text);
			out.flush();
			return;
		}
		out.flush();
		if (!Charset.defaultCharset().newEncoder().canEncode(text)) {
			page(t, text); // Less would read it back in a charset that cannot hold it (a C locale)
			return;
		}
		try {
			Less less = new Less(t, Path.of(""));
			less.quitIfOneScreen = true;
			less.noInit = true;
			byte[] bytes = text.getBytes(Charset.defaultCharset()); // Less reads its source in the default charset
			less.run(new Source.InputStreamSource(new ByteArrayInputStream(bytes), true, title));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (Exception | LinkageError e) {
			page(t, text);
		}
	}

	/** A minimal pager: a screen at a time; space for the next screen, enter for one more line, q to stop. */
	static void page(Terminal t, String text) {
		PrintWriter w = t.writer();
		List<String> lines = text.lines().toList();
		int height = Math.max(t.getHeight() - 1, 5);
		int shown = 0;
		Attributes saved = null;
		try {
			saved = t.enterRawMode();
			int step = height;
			while (shown < lines.size()) {
				for (int i = 0; i < step && shown < lines.size(); i++) {
					w.print(lines.get(shown++));
					w.print("\r\n");
				}
				if (shown >= lines.size()) {
					break;
				}
				w.print("\u001b[7m-- " + (shown * 100 / lines.size()) + "% (space, enter, q) --\u001b[0m");
				w.flush();
				int c = t.reader().read();
				w.print("\r\u001b[K");
				if (c == 'q' || c == 'Q' || c < 0 || c == 3) {
					break;
				}
				step = c == '\r' || c == '\n' || c == 'j' ? 1 : height;
			}
		}
		catch (java.io.IOException e) {
			while (shown < lines.size()) {
				w.println(lines.get(shown++));
			}
		}
		finally {
			if (saved != null) {
				t.setAttributes(saved);
			}
			w.flush();
		}
	}
}
