package dev.kvmlab;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kvmlab.shell.ShellSupport;

/**
 * kvmlab's entry point. Global options ({@code --connect URI}, {@code --lang en|zh-CN},
 * {@code --data DIR}) are taken here; with a command left over, kvmlab runs it and exits with its
 * code, otherwise it opens the interactive shell.
 */
@SpringBootApplication
public class KvmlabApplication {

	public static void main(String[] args) {
		List<String> rest = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			String value = null;
			String name = null;
			for (String global : new String[] { "connect", "lang", "data" }) {
				if (a.equals("--" + global) || a.equals("-" + global.charAt(0)) && global.equals("connect")) {
					if (i + 1 >= args.length) {
						System.err.println("kvmlab: error: --" + global + " needs a value");
						System.exit(ExitCode.USAGE_OR_CONTENT.code());
					}
					name = global;
					value = args[++i];
				}
				else if (a.startsWith("--" + global + "=")) {
					name = global;
					value = a.substring(global.length() + 3);
				}
			}
			if (name != null) {
				System.setProperty("kvmlab." + name, value);
			}
			else {
				rest.add(a);
			}
		}
		boolean oneShot = !rest.isEmpty();
		if (oneShot) {
			System.setProperty("spring.shell.interactive.enabled", "false");
		}
		SpringApplication app = new SpringApplication(KvmlabApplication.class);
		ConfigurableApplicationContext context;
		try {
			context = app.run(rest.toArray(String[]::new));
		}
		catch (RuntimeException e) {
			Throwable root = e;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			System.err.println("kvmlab: error: cannot start: " + root.getMessage());
			System.exit(ExitCode.USAGE_OR_CONTENT.code());
			return;
		}
		if (!context.isActive()) { // a CDS training run (spring.context.exit=onRefresh) ends here
			return;
		}
		int code = context.getBean(ShellSupport.class).lastExit().code();
		if (oneShot) {
			System.exit(SpringApplication.exit(context, () -> code));
		}
		else {
			System.exit(SpringApplication.exit(context, () -> 0));
		}
	}
}
