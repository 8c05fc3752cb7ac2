package dev.kvmlab.lab.actions;

/**
 * A kind of lab resource that lives outside libvirt and the machine's own objects, owned by the
 * component that makes it: {@code lab start} asks it whether the resource is already there (so that
 * a learner's own is never taken over) and {@code lab finish} asks it to remove what the lab made.
 * A new kind is a Spring component implementing this, plus its name in
 * {@link dev.kvmlab.lab.Lab#RESOURCE_KINDS}.
 */
public interface ResourceKind {

	/** The {@code kind:} of a lab.yaml resource, e.g. {@code iscsi-target}. */
	String kind();

	/** Is it there now (made by someone else before the lab started, or by the lab)? */
	boolean exists(ActionContext ctx, String name);

	/** Removes it; returns a one-line account. Called only for a resource the lab may modify. */
	String remove(ActionContext ctx, String name);
}
