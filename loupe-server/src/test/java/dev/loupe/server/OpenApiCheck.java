package dev.loupe.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks real responses against the server's own OpenAPI document ({@code GET /openapi.json}): the status must be
 * documented for the operation, and a JSON body must match the schema documented for that status.
 */
final class OpenApiCheck {
  private final ObjectMapper json = new ObjectMapper();
  private final JsonNode doc;
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  OpenApiCheck(String document) {
    this.doc = json.readTree(document);
  }

  /** @param path the documented path template, e.g. {@code /items/{id}} */
  void check(String method, String path, HttpResponse<String> response) {
    JsonNode op = doc.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
    assertTrue(op.isObject(), method + " " + path + " is not documented");
    JsonNode documented = op.path("responses").path(Integer.toString(response.statusCode()));
    assertTrue(documented.isObject(), method + " " + path + " answered " + response.statusCode()
        + ", a status the document does not list: " + response.body());
    JsonNode schema = documented.path("content").path("application/json").path("schema");
    assertNotNull(schema);
    assertTrue(schema.isObject(), method + " " + path + " " + response.statusCode() + " has no JSON schema");
    ObjectNode wrapper = json.createObjectNode();
    wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    wrapper.set("allOf", json.createArrayNode().add(schema));
    wrapper.set("components", doc.path("components"));
    Schema s = registry.getSchema(wrapper);
    List<com.networknt.schema.Error> errors = s.validate(response.body(), InputFormat.JSON);
    assertTrue(errors.isEmpty(), method + " " + path + " " + response.statusCode() + ": " + errors + "\n" + response.body());
  }
}
