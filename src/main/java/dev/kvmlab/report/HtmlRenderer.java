package dev.kvmlab.report;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import dev.kvmlab.content.Lang;
import dev.kvmlab.i18n.Messages;

/**
 * Renders kvmlab's HTML reports from the Thymeleaf templates in {@code templates/} with kvmlab's
 * own messages ({@code #{key}} in a template reads {@code i18n/messages*.properties} in the
 * report's language). Templates only use {@code th:text} and attribute processors, which escape,
 * so text from a host or a roster can never become markup. Pages are self-contained: CSS inline,
 * charts as inline SVG, no external assets.
 */
@Component
public class HtmlRenderer {

	private final SpringTemplateEngine engine = new SpringTemplateEngine();

	public HtmlRenderer(Messages messages) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(HtmlRenderer.class.getClassLoader());
		resolver.setPrefix("templates/");
		resolver.setSuffix(".html");
		resolver.setTemplateMode(TemplateMode.HTML);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCacheable(true);
		engine.setTemplateResolver(resolver);
		engine.setMessageResolver(new KvmlabMessages(messages));
		engine.setEnableSpringELCompiler(false);
	}

	public String render(String template, Lang lang, Map<String, Object> variables) {
		Context context = new Context(lang.locale());
		context.setVariables(variables);
		context.setVariable("lang", lang.tag());
		return engine.process(template, context);
	}

	/** {@code #{key(args)}} from kvmlab's message bundles, in the language of the template's locale. */
	private static final class KvmlabMessages implements IMessageResolver {

		private final Messages messages;

		KvmlabMessages(Messages messages) {
			this.messages = messages;
		}

		@Override
		public String getName() {
			return "kvmlab";
		}

		@Override
		public Integer getOrder() {
			return 0;
		}

		@Override
		public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] args) {
			Lang lang = "zh".equals(context.getLocale().getLanguage()) ? Lang.ZH_CN : Lang.EN;
			String text = messages.get(lang, key, args == null ? new Object[0] : args);
			return text.equals(key) ? null : text;
		}

		@Override
		public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key,
				Object[] args) {
			return "??" + key + "??";
		}
	}
}
