package dev.kvmlab.lab.actions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/** Every action type by key; duplicate keys are refused at start-up. */
@Component
public class ActionRegistry {

	private final Map<String, ActionType> byKey = new TreeMap<>();

	public ActionRegistry(List<ActionType> types) {
		for (ActionType t : types) {
			ActionType previous = byKey.put(t.key(), t);
			if (previous != null) {
				throw new IllegalStateException("duplicate action type key '" + t.key() + "'");
			}
		}
	}

	public Optional<ActionType> find(String key) {
		return Optional.ofNullable(byKey.get(key));
	}

	public Collection<ActionType> all() {
		return byKey.values();
	}
}
