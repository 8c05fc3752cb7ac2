package dev.kvmlab.shell;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.kvmlab.curriculum.AdocEngine;
import dev.kvmlab.curriculum.CurriculumService;

/**
 * In the interactive shell, starts AsciidoctorJ and loads the lessons on a background thread shortly
 * after start-up (once the prompt is up), so the first {@code learn} does not wait about three
 * seconds. One-shot runs never do this: a command that does not read lessons never starts
 * AsciidoctorJ. {@code kvmlab.warmup=false} turns it off.
 */
@Component
class CurriculumWarmup implements ApplicationListener<ApplicationStartedEvent> {

	static final long DELAY_MILLIS = 300;

	private final Environment environment;

	private final ObjectProvider<CurriculumService> lessons;

	CurriculumWarmup(Environment environment, ObjectProvider<CurriculumService> lessons) {
		this.environment = environment;
		this.lessons = lessons;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		boolean interactive = environment.getProperty("spring.shell.interactive.enabled", Boolean.class, true);
		boolean enabled = environment.getProperty("kvmlab.warmup", Boolean.class, true);
		if (!interactive || !enabled || event.getArgs().length > 0) {
			return;
		}
		AdocEngine.warmUpInBackground(DELAY_MILLIS, () -> {
			try {
				lessons.getObject().preload();
			}
			catch (RuntimeException e) {
				// a lesson that does not load is reported when the learner asks for it
			}
		});
	}
}
