package dev.kvmlab.grading;

import java.util.List;
import java.util.Set;

import dev.kvmlab.content.Text;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;

/**
 * One kind of check a rubric criterion can use ({@code network-active}, {@code domain-xpath}, ...).
 * A check type describes itself (key, description, parameters, example) so that {@code checks}
 * and the docs come from the code, says what it needs read from the host, and evaluates against
 * one {@link HostSnapshot}. Implementations are Spring components, collected by the
 * {@link CheckRegistry}.
 */
public interface CheckType {

	/** The key used in rubrics; unique across the registry. */
	String key();

	Text description();

	List<ParamSpec> params();

	/** A rubric snippet using this check, shown by {@code checks}. */
	String example();

	/** What must be read from the host for these parameters. */
	Set<Need> needs(Params params);

	CheckResult evaluate(Params params, HostSnapshot host);

	/** Extra validation beyond the parameter specs (for example, that an XPath compiles). */
	default void validate(Params params) {
	}
}
