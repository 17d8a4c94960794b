//! The values an export writes, independent of the language it is written in: CloudFormation
//! and Terraform render the same tree, so both describe the same live settings.

use aws_smithy_types::{Document, Number};

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    List(Vec<Node>),
    /// Keys in the order they are written.
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    pub fn strings<S: AsRef<str>>(items: &[S]) -> Node {
        Node::List(items.iter().map(|s| Node::str(s.as_ref())).collect())
    }

    pub fn map<'a>(entries: impl IntoIterator<Item = (&'a String, &'a String)>) -> Node {
        Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.clone(), Node::str(v)))
                .collect(),
        )
    }

    /// A JSON document from AWS (a branding style's settings), keys sorted so the output
    /// does not change from one export to the next.
    pub fn from_document(d: &Document) -> Node {
        match d {
            Document::Object(m) => {
                let mut keys: Vec<_> = m.keys().collect();
                keys.sort();
                Node::Map(
                    keys.into_iter()
                        .map(|k| (k.clone(), Node::from_document(&m[k])))
                        .collect(),
                )
            }
            Document::Array(items) => Node::List(items.iter().map(Node::from_document).collect()),
            Document::Number(Number::PosInt(n)) => {
                i64::try_from(*n).map_or(Node::Float(*n as f64), Node::Int)
            }
            Document::Number(Number::NegInt(n)) => Node::Int(*n),
            Document::Number(Number::Float(f)) => Node::Float(*f),
            Document::String(s) => Node::str(s),
            Document::Bool(b) => Node::Bool(*b),
            Document::Null => Node::Null,
        }
    }

    /// A JSON value from Okta, keys in the order serde_json keeps them (sorted).
    pub fn from_json(v: &serde_json::Value) -> Node {
        use serde_json::Value;
        match v {
            Value::Object(m) => Node::Map(
                m.iter()
                    .map(|(k, v)| (k.clone(), Node::from_json(v)))
                    .collect(),
            ),
            Value::Array(items) => Node::List(items.iter().map(Node::from_json).collect()),
            Value::Number(n) => n
                .as_i64()
                .map_or_else(|| Node::Float(n.as_f64().unwrap_or(0.0)), Node::Int),
            Value::String(s) => Node::str(s),
            Value::Bool(b) => Node::Bool(*b),
            Value::Null => Node::Null,
        }
    }

    /// The same value as JSON (Terraform's `jsonencode` argument, tests).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Str(s) => Value::String(s.clone()),
            Node::Int(n) => Value::from(*n),
            Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Node::Bool(b) => Value::Bool(*b),
            Node::Null => Value::Null,
            Node::List(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// `RetryGracePeriodSeconds` → `retry_grace_period_seconds`: the nested names Terraform's
/// AWS provider uses for the API's members.
pub fn snake_case(api_name: &str) -> String {
    let mut out = String::with_capacity(api_name.len() + 4);
    for (i, c) in api_name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_names_become_terraform_names() {
        assert_eq!(
            snake_case("RetryGracePeriodSeconds"),
            "retry_grace_period_seconds"
        );
        assert_eq!(snake_case("AccessToken"), "access_token");
        assert_eq!(snake_case("UserDataShared"), "user_data_shared");
    }
}
