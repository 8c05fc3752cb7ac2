package dev.kvmlab.host;

import java.util.function.Function;

/**
 * What the host said about one thing a rubric asked for: it is there, it is not there, reading it
 * failed, or it cannot be read on this kind of host. Checks map these to PASS/FAIL, FAIL, ERROR and
 * SKIP, so "could not tell" never turns into "wrong".
 */
public sealed interface Lookup<T> {

	record Found<T>(T value) implements Lookup<T> {
	}

	record Absent<T>() implements Lookup<T> {
	}

	record Failed<T>(String reason) implements Lookup<T> {
	}

	record Unsupported<T>(String reason) implements Lookup<T> {
	}

	static <T> Lookup<T> found(T value) {
		return new Found<>(value);
	}

	static <T> Lookup<T> absent() {
		return new Absent<>();
	}

	static <T> Lookup<T> failed(String reason) {
		return new Failed<>(reason);
	}

	static <T> Lookup<T> unsupported(String reason) {
		return new Unsupported<>(reason);
	}

	default <R> Lookup<R> map(Function<T, R> fn) {
		if (this instanceof Found<T> f) {
			return new Found<>(fn.apply(f.value()));
		}
		if (this instanceof Failed<T> f) {
			return new Failed<>(f.reason());
		}
		if (this instanceof Unsupported<T> u) {
			return new Unsupported<>(u.reason());
		}
		return new Absent<>();
	}

	default boolean isFound() {
		return this instanceof Found<T>;
	}

	default T orNull() {
		return this instanceof Found<T> f ? f.value() : null;
	}
}
