//! Okta's published OpenAPI document (assets/rehearse/okta-management-openapi.json,
//! release 2026.06.3, with the app key-credential paths the same publisher's spec has and
//! that document leaves out: okta-app-keys-openapi.json) applied to request bodies and
//! query parameters as Okta applies it: JSON Schema with
//! OpenAPI 3.0's own words understood. `nullable` admits null (nothing else does);
//! a `readOnly` property is the server's and may not be sent, nor is it required in a request;
//! a `discriminator` picks the one schema its property names (Application by `signOnMode`,
//! an attribute statement by `type`). General JSON Schema crates know none of the three, so
//! this small walker covers exactly the keywords the document uses.

use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

pub struct Contract {
    paths: Map<String, Value>,
    schemas: Map<String, Value>,
}

const DOCUMENTS: [&str; 2] = [
    include_str!("../../../assets/rehearse/okta-management-openapi.json"),
    include_str!("../../../assets/rehearse/okta-app-keys-openapi.json"),
];

pub fn contract() -> &'static Contract {
    static C: OnceLock<Contract> = OnceLock::new();
    C.get_or_init(|| {
        let mut c = Contract {
            paths: Map::new(),
            schemas: Map::new(),
        };
        for text in DOCUMENTS {
            let doc: Value = serde_json::from_str(text).unwrap_or_default();
            c.paths
                .extend(doc["paths"].as_object().cloned().unwrap_or_default());
            c.schemas.extend(
                doc["components"]["schemas"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        c
    })
}

impl Contract {
    /// The operation `method path` is, when the contract documents it. A literal segment
    /// wins over a template's (`keys/generate` is not `keys/{keyId}`).
    fn operation(&self, method: &str, path: &str) -> Option<&Value> {
        let (_, ops) = self
            .paths
            .iter()
            .filter(|(template, _)| template_matches(template, path))
            .min_by_key(|(template, _)| template.matches('{').count())?;
        ops.get(method.to_ascii_lowercase())
    }

    /// The request body schema for `method path`, when the contract documents one.
    pub fn request_schema(&self, method: &str, path: &str) -> Option<&Value> {
        self.operation(method, path)?.get("requestBody")
    }

    /// The schema of the answer `method path` gives with `status`, when documented.
    pub fn response_schema(&self, method: &str, path: &str, status: u16) -> Option<&Value> {
        self.operation(method, path)?
            .get("responses")?
            .get(status.to_string())
    }

    /// Why Okta would refuse the query of `method path`: a required parameter missing, or
    /// one that is not of its type (`validityYears: must be integer, not "two"`).
    pub fn query_violations(
        &self,
        method: &str,
        path: &str,
        query: &std::collections::HashMap<String, String>,
    ) -> Vec<String> {
        let Some(params) = self
            .operation(method, path)
            .and_then(|op| op.get("parameters"))
            .and_then(Value::as_array)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for p in params.iter().filter(|p| p["in"] == "query") {
            let name = p["name"].as_str().unwrap_or("");
            match query.get(name) {
                None if p["required"] == Value::Bool(true) => {
                    out.push(format!("{name}: is required"))
                }
                Some(v) if p["schema"]["type"] == "integer" && v.parse::<i64>().is_err() => {
                    out.push(format!("{name}: must be integer, not {v:?}"))
                }
                _ => {}
            }
        }
        out
    }

    /// Why Okta would refuse `body` for `method path`, as Okta's `errorCauses` read
    /// ("settings.signOn.responseSigned: is required"). Empty: accepted.
    pub fn request_violations(&self, method: &str, path: &str, body: &Value) -> Vec<String> {
        match self.request_schema(method, path) {
            Some(schema) => self.violations(schema, body),
            None => Vec::new(),
        }
    }

    pub fn violations(&self, schema: &Value, body: &Value) -> Vec<String> {
        let mut out = Vec::new();
        let mut walk = Walk {
            c: self,
            dispatched: HashSet::new(),
        };
        walk.check(schema, body, "", &mut out);
        out.sort();
        out.dedup();
        out
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> Result<&'a Value, String> {
        match schema.get("$ref").and_then(Value::as_str) {
            None => Ok(schema),
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or(r);
                self.schemas
                    .get(name)
                    .ok_or_else(|| format!("schema {name} is not in the contract"))
            }
        }
    }

    /// Whether a property schema is read-only, directly, through `$ref`, or in an `allOf`.
    fn read_only(&self, schema: &Value) -> bool {
        let Ok(s) = self.resolve(schema) else {
            return false;
        };
        s.get("readOnly") == Some(&Value::Bool(true))
            || s.get("allOf")
                .and_then(Value::as_array)
                .is_some_and(|all| all.iter().any(|m| self.read_only(m)))
    }
}

fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
}

struct Walk<'a> {
    c: &'a Contract,
    /// (instance path, discriminator property) already dispatched: the mapped schema's
    /// `allOf` leads back to the base, whose discriminator must not apply twice.
    dispatched: HashSet<(String, String)>,
}

fn at(path: &str) -> &str {
    if path.is_empty() { "(body)" } else { path }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Walk<'_> {
    fn check(&mut self, schema: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
        let s = match self.c.resolve(schema) {
            Ok(s) => s,
            Err(e) => return out.push(format!("{}: {e}", at(path))),
        };
        if v.is_null() {
            if s.get("nullable") != Some(&Value::Bool(true))
                && !s.as_object().is_none_or(|o| o.is_empty())
            {
                out.push(format!("{}: may not be null", at(path)));
            }
            return;
        }
        if let Some(d) = s.get("discriminator")
            && self.dispatch(d, v, path, out)
        {
            // The mapped schema was checked whole; it includes this one through allOf.
            return;
        }
        if let Some(t) = s.get("type").and_then(Value::as_str) {
            let actual = type_name(v);
            let fits = actual == t || (t == "number" && actual == "integer");
            if !fits {
                return out.push(format!("{}: must be {t}, not {actual}", at(path)));
            }
        }
        if let Some(choices) = s.get("enum").and_then(Value::as_array)
            && !choices.contains(v)
        {
            out.push(format!(
                "{}: {v} is not one of {}",
                at(path),
                Value::Array(choices.clone())
            ));
        }
        self.bounds(s, v, path, out);
        for member in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(member, v, path, out);
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alts) = s.get(key).and_then(Value::as_array) {
                let fits_one = alts.iter().any(|alt| {
                    let mut probe = Vec::new();
                    self.check(alt, v, path, &mut probe);
                    probe.is_empty()
                });
                if !fits_one {
                    out.push(format!(
                        "{}: matches none of the {key} alternatives",
                        at(path)
                    ));
                }
            }
        }
        let describes_members = ["properties", "required", "additionalProperties"]
            .iter()
            .any(|k| s.get(k).is_some());
        if let (Some(obj), true) = (v.as_object(), describes_members) {
            self.object(s, obj, path, out);
        }
        if let (Some(items), Some(list)) = (s.get("items"), v.as_array()) {
            for (n, item) in list.iter().enumerate() {
                self.check(items, item, &format!("{path}[{n}]"), out);
            }
        }
    }

    /// Validates `v` against the schema its discriminator names; false when it names none
    /// this walk has not already taken.
    fn dispatch(&mut self, d: &Value, v: &Value, path: &str, out: &mut Vec<String>) -> bool {
        let Some(prop) = d.get("propertyName").and_then(Value::as_str) else {
            return false;
        };
        if !self.dispatched.insert((path.to_string(), prop.to_string())) {
            return false;
        }
        let Some(value) = v.get(prop).and_then(Value::as_str) else {
            out.push(format!("{}: is required", join(path, prop)));
            return true;
        };
        let Some(target) = d.pointer(&format!("/mapping/{value}")) else {
            out.push(format!(
                "{}: \"{value}\" is not a known value",
                join(path, prop)
            ));
            return true;
        };
        let target = serde_json::json!({ "$ref": target });
        self.check(&target, v, path, out);
        true
    }

    fn object(&mut self, s: &Value, obj: &Map<String, Value>, path: &str, out: &mut Vec<String>) {
        let props = s.get("properties").and_then(Value::as_object);
        for key in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().unwrap_or("");
            let read_only = props
                .and_then(|p| p.get(key))
                .is_some_and(|p| self.c.read_only(p));
            if !obj.contains_key(key) && !read_only {
                out.push(format!("{}: is required", join(path, key)));
            }
        }
        for (key, value) in obj {
            let here = join(path, key);
            match props.and_then(|p| p.get(key)) {
                Some(p) if self.c.read_only(p) => {
                    out.push(format!("{here}: is read-only; the server sets it"));
                }
                Some(p) => self.check(p, value, &here, out),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        out.push(format!("{here}: is not a known property"))
                    }
                    Some(extra @ Value::Object(_)) => self.check(extra, value, &here, out),
                    _ => {}
                },
            }
        }
    }

    fn bounds(&self, s: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
        let num = |k: &str| s.get(k).and_then(Value::as_f64);
        let len = match v {
            Value::String(t) => Some(t.chars().count() as f64),
            Value::Array(a) => Some(a.len() as f64),
            _ => None,
        };
        if let Some(len) = len {
            for (k, ok) in [
                ("minLength", num("minLength").is_none_or(|m| len >= m)),
                ("maxLength", num("maxLength").is_none_or(|m| len <= m)),
                ("minItems", num("minItems").is_none_or(|m| len >= m)),
                ("maxItems", num("maxItems").is_none_or(|m| len <= m)),
            ] {
                if !ok {
                    out.push(format!(
                        "{}: breaks {k} {}",
                        at(path),
                        num(k).unwrap_or(0.0)
                    ));
                }
            }
        }
        if let Some(n) = v.as_f64() {
            if num("minimum").is_some_and(|m| n < m) || num("maximum").is_some_and(|m| n > m) {
                out.push(format!("{}: {n} is out of range", at(path)));
            }
        }
    }
}
