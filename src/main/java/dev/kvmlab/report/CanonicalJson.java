package dev.kvmlab.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one byte sequence a JSON value is signed as: UTF-8, no whitespace, object keys sorted, whole
 * numbers only (a signed payload never holds fractions, so there is no float formatting to
 * disagree on). Parsing a pretty-printed bundle and writing it here gives back exactly the bytes
 * that were signed.
 */
final class CanonicalJson {

	private static final JsonFactory FACTORY = new JsonFactory();

	private CanonicalJson() {
	}

	static byte[] bytes(JsonNode node) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator g = FACTORY.createGenerator(out)) {
			write(node, g);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		return out.toByteArray();
	}

	private static void write(JsonNode n, JsonGenerator g) throws IOException {
		if (n.isObject()) {
			List<String> names = new ArrayList<>();
			n.fieldNames().forEachRemaining(names::add);
			Collections.sort(names);
			g.writeStartObject();
			for (String name : names) {
				g.writeFieldName(name);
				write(n.get(name), g);
			}
			g.writeEndObject();
		}
		else if (n.isArray()) {
			g.writeStartArray();
			for (JsonNode item : n) {
				write(item, g);
			}
			g.writeEndArray();
		}
		else if (n.isTextual()) {
			g.writeString(n.textValue());
		}
		else if (n.isIntegralNumber()) {
			g.writeNumber(n.bigIntegerValue());
		}
		else if (n.isBoolean()) {
			g.writeBoolean(n.booleanValue());
		}
		else if (n.isNull()) {
			g.writeNull();
		}
		else {
			throw new IllegalArgumentException("a signed payload holds only text, whole numbers, booleans and null, found "
					+ n.getNodeType());
		}
	}
}
