package dev.kvmlab.lab.actions;

import java.nio.file.Path;

import dev.kvmlab.host.HostException;

/**
 * Where actions may write files: lab-* files in kvmlab's image folder or in the cluster's shared
 * folder (the same path on every cluster host), anything in the lab's work folder.
 */
final class LabFiles {

	private LabFiles() {
	}

	/** A lab-* path under ${images} or ${cluster_shared}, or a CONTENT error. */
	static Path image(ActionContext ctx, String param) {
		Path path = Path.of(ctx.expand(param)).normalize();
		Path images = Path.of(ctx.vars().get("images"));
		String shared = ctx.vars().get("cluster_shared");
		boolean inside = path.startsWith(images) || shared != null && path.startsWith(Path.of(shared));
		if (!inside || !path.getFileName().toString().startsWith("lab-")) {
			throw new HostException("CONTENT", "lab files live under " + images + (shared == null ? "" : " or " + shared)
					+ " and are named lab-*, found " + path);
		}
		return path;
	}

	/** A path under ${workdir} or a lab-* path under ${images}, or a CONTENT error. */
	static Path labOwned(ActionContext ctx, String param) {
		Path path = Path.of(ctx.expand(param)).normalize();
		if (path.startsWith(Path.of(ctx.vars().get("workdir")))) {
			return path;
		}
		return image(ctx, param);
	}

	static boolean inWorkdir(ActionContext ctx, Path path) {
		return path.startsWith(Path.of(ctx.vars().get("workdir")));
	}

	static void requireLocal(ActionContext ctx, String what) {
		if (!ctx.host().isLocal()) {
			throw new HostException("REMOTE", what + " can only be made on the machine itself");
		}
	}
}
