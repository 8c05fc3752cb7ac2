package dev.kvmlab.lab.actions;

import java.util.List;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.Params;

/**
 * One kind of step a lab's setup, solve or undo can take ({@code define-network},
 * {@code create-bridge}, ...). Like check types, action types describe themselves and are collected
 * in a registry. Every action is idempotent: running a lab's setup twice changes nothing the second
 * time, and an action never touches a resource that lacks kvmlab's mark.
 */
public interface ActionType {

	String key();

	Text description();

	List<ParamSpec> params();

	/** Carries out the action; returns a one-line account of what it did (or why it did nothing). */
	String run(Params params, ActionContext context);
}
