"""The API's answers against its own OpenAPI document (`minsheng api-schema`).

Every JSON answer the integration tests receive is checked here: a success
against the schema of the operation's answer (so the shapes the web app's
types are generated from are the shapes the server sends), an error against
the Error schema, with a code the operation declares in x-error-codes. A
small validator of the JSON Schema the document uses (type, properties,
required, additionalProperties, items, enum, anyOf, $ref, minimum, maximum,
minItems, maxItems, minLength, maxLength); standard library only."""
import re


class Contract:
    def __init__(self, doc):
        self.doc = doc
        self.ops = []
        for pattern, item in doc["paths"].items():
            rx = re.compile("^" + re.escape(pattern).replace(re.escape("{id}"), "[1-9][0-9]*") + "/?$")
            for method, op in item.items():
                self.ops.append((rx, method.upper(), op))

    def operation(self, method, path):
        path = path.split("?", 1)[0]
        if not path.startswith("/api/v1/"):
            return None
        rest = path[len("/api/v1"):]
        for rx, m, op in self.ops:
            if (m == method or (m == "GET" and method == "HEAD")) and rx.match(rest):
                return op
        return None

    def _resolve(self, schema):
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            schema = self.doc["components"]["schemas"][name]
        return schema

    def validate(self, schema, value, where, problems):
        schema = self._resolve(schema)
        if "anyOf" in schema:
            for alt in schema["anyOf"]:
                sub = []
                self.validate(alt, value, where, sub)
                if not sub:
                    return
            problems.append("%s: %r matches none of anyOf" % (where, value))
            return
        types = schema.get("type")
        if types is not None:
            types = types if isinstance(types, list) else [types]
            kinds = {"null": value is None, "boolean": isinstance(value, bool),
                     "integer": isinstance(value, int) and not isinstance(value, bool),
                     "number": isinstance(value, (int, float)) and not isinstance(value, bool),
                     "string": isinstance(value, str), "array": isinstance(value, list),
                     "object": isinstance(value, dict)}
            if not any(kinds.get(t) for t in types):
                problems.append("%s: %r is not %s" % (where, value, "/".join(types)))
                return
        if "enum" in schema and value not in schema["enum"]:
            problems.append("%s: %r is not one of %r" % (where, value, schema["enum"]))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                problems.append("%s: %r < minimum %r" % (where, value, schema["minimum"]))
            if "maximum" in schema and value > schema["maximum"]:
                problems.append("%s: %r > maximum %r" % (where, value, schema["maximum"]))
        if isinstance(value, str):
            if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
                problems.append("%s: a string of %d characters is out of its length" % (where, len(value)))
        if isinstance(value, list):
            if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
                problems.append("%s: %d items are out of range" % (where, len(value)))
            if "items" in schema:
                for i, v in enumerate(value[:50]):
                    self.validate(schema["items"], v, "%s[%d]" % (where, i), problems)
        if isinstance(value, dict) and schema.get("type") in ("object", ["object", "null"]) or "properties" in schema:
            if not isinstance(value, dict):
                return
            props = schema.get("properties", {})
            for k in schema.get("required", []):
                if k not in value:
                    problems.append("%s: no %r" % (where, k))
            for k, v in value.items():
                if k in props:
                    self.validate(props[k], v, "%s.%s" % (where, k), problems)
                elif schema.get("additionalProperties") is False:
                    problems.append("%s: %r is not declared" % (where, k))

    def check(self, method, path, status, js):
        """Problems of one answer (a list of strings; empty when it keeps the contract)."""
        op = self.operation(method, path)
        if op is None or js is None or status >= 500:
            return []
        problems = []
        if status < 300:
            resp = op.get("responses", {}).get(str(status))
            if resp is None:
                return ["%s %s answered %d, which the document does not declare" % (method, path, status)]
            schema = resp.get("content", {}).get("application/json", {}).get("schema")
            if schema:
                self.validate(schema, js, "answer", problems)
        elif status >= 400:
            self.validate({"$ref": "#/components/schemas/Error"}, js, "error", problems)
            code = js.get("error", {}).get("code") if isinstance(js, dict) else None
            if status not in (405, 413) and code not in op.get("x-error-codes", []):
                problems.append("error code %r is not among the operation's x-error-codes %r" %
                                (code, op.get("x-error-codes")))
        return problems
