package dev.kvmlab.readiness;

/** How one readiness line came out. WARN works but deserves attention; SKIP could not be looked at here. */
public enum Level {
	PASS, WARN, FAIL, SKIP
}
