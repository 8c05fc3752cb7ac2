package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;

/**
 * Waits, bounded, until a file on this machine holds a text a number of times: a guest's serial log
 * showing its ready marker or heartbeats, so the next step (a migration, a grade) sees a guest that
 * is really up. Times out with an error naming the file and what it holds.
 */
@Component
class WaitForText implements ActionType {

	@Override
	public String key() {
		return "wait-for-text";
	}

	@Override
	public Text description() {
		return Text.of("Wait (bounded) until a file, such as a guest's serial log, holds a text a number of times.",
				"等待（有时限）某个文件（例如客户机串口日志）中某段文字出现指定次数。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("file", Type.STRING, "the file (a lab-* file or in ${workdir})", "文件（lab-* 文件或位于 ${workdir} 中）"),
				ParamSpec.required("text", Type.STRING, "the text to find", "要查找的文字"),
				ParamSpec.optional("count", Type.NUMBER, "how many times (default 1)", "出现次数（默认 1）"),
				ParamSpec.optional("timeout", Type.NUMBER, "seconds to wait at most (default 90)", "最多等待秒数（默认 90）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path file = LabFiles.labOwned(ctx, params.string("file"));
		if (ctx.practice()) {
			return "practice mode: no guest writes " + file;
		}
		String text = params.string("text");
		long count = params.number("count", 1);
		long deadline = System.nanoTime() + params.number("timeout", 90) * 1_000_000_000L;
		long found = 0;
		while (true) {
			found = occurrences(file, text);
			if (found >= count) {
				return file + " shows \"" + text + "\" " + found + " time(s)";
			}
			if (System.nanoTime() > deadline) {
				throw new HostException("TIMEOUT", file + " showed \"" + text + "\" " + found + " time(s), not " + count + ", within "
						+ params.number("timeout", 90) + " s");
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new HostException("TIMEOUT", "interrupted while waiting for " + file);
			}
		}
	}

	static long occurrences(Path file, String text) {
		try {
			String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
			long n = 0;
			for (int i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + text.length())) {
				n++;
			}
			return n;
		}
		catch (IOException e) {
			return 0; // not there yet
		}
	}
}
