package dev.kvmlab.grading;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/** Every check type by key. Two check types with the same key are refused at start-up. */
@Component
public class CheckRegistry {

	private final Map<String, CheckType> byKey;

	public CheckRegistry(List<CheckType> checkTypes) {
		Map<String, CheckType> map = new TreeMap<>();
		for (CheckType type : checkTypes) {
			CheckType previous = map.put(type.key(), type);
			if (previous != null) {
				throw new IllegalStateException("duplicate check type key '" + type.key() + "': "
						+ previous.getClass().getName() + " and " + type.getClass().getName());
			}
		}
		this.byKey = Collections.unmodifiableMap(map);
	}

	public Optional<CheckType> find(String key) {
		return Optional.ofNullable(byKey.get(key));
	}

	public Collection<CheckType> all() {
		return byKey.values();
	}
}
