package dev.kvmlab.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.springframework.shell.core.InputReader;

/**
 * Answers to a command's questions in a one-shot run ({@code kvmlab quiz 1 < answers.txt}): one line
 * of standard input each, null at its end. The prompt goes to the output; when the input is not a
 * terminal (so not echoed), the answer read is echoed after it, keeping the transcript readable.
 */
final class StdinInputReader implements InputReader {

	private final PrintWriter out;

	private final boolean echo = System.console() == null;

	private BufferedReader in;

	StdinInputReader(PrintWriter out) {
		this.out = out;
	}

	@Override
	public String readInput(String prompt) throws IOException {
		if (in == null) {
			in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		}
		out.print(prompt);
		out.flush();
		String line = in.readLine();
		if (echo) {
			out.println(line == null ? "" : line);
		}
		return line;
	}
}
